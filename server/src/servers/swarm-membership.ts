import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from '../generated/prisma/client.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import { parseInfo, parseNodes, swarmState, type SwarmState } from '../swarm/docker-output.js';
import type { ServerShell } from './server-shell.js';

// What onboarding knows about a server's place in the Swarm, read fresh from Docker each
// time, so a step that runs again after a restart sees what the last attempt did.

/** Where other nodes reach this one: the address asked for, else its hostname, resolved. */
export async function advertiseAddress(server: Server): Promise<string> {
  if (server.advertiseAddress) return server.advertiseAddress;
  if (isIP(server.hostname)) return server.hostname;
  return (await dns.lookup(server.hostname)).address;
}

/** `docker info`'s Swarm part once a join or init in progress has settled (pending → active). */
export async function settledSwarmState(shell: ServerShell, server: Server): Promise<SwarmState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = swarmState(
      parseInfo((await shell.runOk(server, shell.docker(server).info(), 'docker info', { idempotent: true })).stdout),
    );
    if (state.state !== 'pending' || Date.now() > deadline) return state;
    await sleep(1000);
  }
}

/**
 * Whether the node already belongs to the cluster's Swarm (a join that ran before a restart).
 * A manager reports the Swarm's id itself; a worker does not (docker info has no Cluster
 * there), so the cluster's managers are asked whether they list its node id.
 */
export async function inClusterSwarm(
  shell: ServerShell,
  cluster: ClusterService,
  server: Server,
  state: SwarmState,
  swarmId: string | null,
): Promise<boolean> {
  if (state.state !== 'active' || !swarmId) return false;
  if (state.clusterId) return state.clusterId === swarmId;
  if (!state.nodeId || (await cluster.managers()).every((m) => m.id === server.id)) return false;
  const { result } = await cluster.withManager(
    async (m) =>
      parseNodes((await shell.runOk(m, shell.docker(m).nodeList(), 'docker node ls', { idempotent: true })).stdout).some(
        (n) => n.ID === state.nodeId,
      ),
    { exclude: server.id },
  );
  return result;
}

/** The cluster's Swarm id, written as soon as it is known, so a restart cannot lose it. */
export async function recordClusterSwarm(prisma: PrismaService, cluster: ClusterService, swarmId: string): Promise<void> {
  const c = await cluster.cluster();
  if (c.swarmId !== swarmId) await prisma.cluster.update({ where: { id: c.id }, data: { swarmId } });
}
