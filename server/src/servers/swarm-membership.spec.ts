import type { ClusterService } from '../cluster/cluster.service.js';
import type { Server } from '../generated/prisma/client.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { SwarmState } from '../swarm/docker-output.js';
import type { ServerShell } from './server-shell.js';
import { inClusterSwarm } from './swarm-membership.js';

const joining = { id: 's2' } as Server;
const manager = { id: 's1', name: 'outpost-1' } as Server;
const worker = (nodeId: string): SwarmState => ({ state: 'active', nodeId, clusterId: null, isManager: false, nodeAddress: '10.77.0.12' });

function fakes(nodeIds: string[]) {
  const asked: string[] = [];
  const shell = {
    docker: () => new DockerCommands(false),
    runOk: async (_m: Server, cmd: { toShell(): string }) => {
      asked.push(cmd.toShell());
      return { code: 0, stderr: '', stdout: nodeIds.map((ID) => JSON.stringify({ ID, Hostname: 'x' })).join('\n') };
    },
  } as unknown as ServerShell;
  const cluster = {
    managers: async () => [manager],
    withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager, result: await work(manager) }),
  } as unknown as ClusterService;
  return { shell, cluster, asked };
}

describe(inClusterSwarm.name, () => {
  it('should trust a manager’s own Swarm id', async () => {
    const { shell, cluster, asked } = fakes([]);
    const state: SwarmState = { state: 'active', nodeId: 'n2', clusterId: 'swarm-a', isManager: true, nodeAddress: null };
    expect(await inClusterSwarm(shell, cluster, joining, state, 'swarm-a')).toBe(true);
    expect(await inClusterSwarm(shell, cluster, joining, state, 'swarm-b')).toBe(false);
    expect(asked).toEqual([]);
  });

  it('should ask a manager about a worker, which knows no Swarm id', async () => {
    const { shell, cluster, asked } = fakes(['n1', 'n2']);
    expect(await inClusterSwarm(shell, cluster, joining, worker('n2'), 'swarm-a')).toBe(true);
    expect(await inClusterSwarm(shell, cluster, joining, worker('n9'), 'swarm-a')).toBe(false);
    expect(asked).toEqual(["docker node ls --format '{{json .}}'", "docker node ls --format '{{json .}}'"]);
  });

  it('should say no for a node outside any Swarm, or a cluster without one', async () => {
    const { shell, cluster } = fakes(['n2']);
    expect(await inClusterSwarm(shell, cluster, joining, { ...worker('n2'), state: 'inactive' }, 'swarm-a')).toBe(false);
    expect(await inClusterSwarm(shell, cluster, joining, worker('n2'), null)).toBe(false);
  });
});
