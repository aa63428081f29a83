import fs from 'node:fs';
import path from 'node:path';
import { serverRoot, type AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { StepFailure, type JobDefinition, type StepContext } from '../jobs/job.types.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import { RemoteCommand } from '../ssh/command.js';
import { parseInfo, parseServerVersion, scrubJoinTokens, swarmState, versionAtLeast } from '../swarm/docker-output.js';
import { Preflight } from './preflight.js';
import { CLI_FALLBACK_WARNING, joinSwarm } from './swarm-join.js';
import { advertiseAddress, inClusterSwarm, recordClusterSwarm, settledSwarmState } from './swarm-membership.js';
import { pauseForTest } from './test-pause.js';
import { lastLines, type ServerShell } from './server-shell.js';
import { MESSAGES } from './server-messages.js';

export const ONBOARDING_JOB = 'server.onboarding';

export interface OnboardingData {
  leaveExistingSwarm?: boolean;
  dockerInstalled?: boolean;
  inOtherSwarm?: boolean;
  initializedSwarm?: boolean;
}

export interface OnboardingDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
  config: AppConfig;
  /** starts the cluster's ingress deployment once the first manager is ready */
  deployIngress(): Promise<void>;
}

const installScript = () => fs.readFileSync(path.resolve(serverRoot, '..', 'templates', 'install-docker.sh'), 'utf8');

/** Adding a server: preflight, Docker, Swarm init or join, record; each step idempotent. */
export function onboardingJob(deps: OnboardingDeps): JobDefinition<OnboardingData> {
  const { prisma, shell, cluster, config } = deps;
  const load = async (ctx: StepContext<OnboardingData>) => prisma.server.findUniqueOrThrow({ where: { id: ctx.targetId! } });

  return {
    kind: ONBOARDING_JOB,
    steps: [
      {
        name: 'preflight',
        title: 'Preflight checks',
        async run(ctx) {
          const server = await load(ctx);
          const c = await cluster.cluster();
          const joining = c.swarmId !== null && (await cluster.managers()).some((m) => m.id !== server.id);
          const managerAddress = joining ? await managerAddressFor(cluster, server.id) : null;
          const preflight = new Preflight(shell, server, {
            minDockerVersion: config.minDockerVersion,
            clusterSwarmId: c.swarmId,
            managerAddress,
            leaveExistingSwarm: Boolean(ctx.data.leaveExistingSwarm),
          });
          const facts = await preflight.run();
          for (const r of facts.results)
            await ctx.log(`${r.check}: ${r.message}`, r.status === 'pass' ? 'info' : r.status === 'warn' ? 'warn' : 'error');
          await prisma.server.update({
            where: { id: server.id },
            data: { preflight: JSON.stringify(facts.results), os: facts.os, dockerVersion: facts.dockerVersion },
          });
          const failed = preflight.failed;
          if (failed) throw new StepFailure(failed.message);
          ctx.data.dockerInstalled = facts.dockerInstalled;
          ctx.data.inOtherSwarm = facts.swarm !== null && facts.swarm.state !== 'inactive' && facts.swarm.clusterId !== c.swarmId;
        },
      },
      {
        name: 'docker',
        title: 'Install Docker',
        async run(ctx) {
          if (ctx.data.dockerInstalled) return ctx.log('Docker is already installed.');
          const server = await load(ctx);
          await ctx.log('Installing Docker; this takes a few minutes.');
          const r = await shell.run(server, new RemoteCommand(['sh', '-s'], { sudo: shell.needsSudo(server) }), {
            stdin: installScript(),
            timeoutMs: 15 * 60_000,
          });
          if (r.code !== 0) throw new StepFailure(MESSAGES.dockerInstall(lastLines(`${r.stdout}\n${r.stderr}`, 12)));
          if (shell.needsSudo(server)) {
            await shell.runOk(
              server,
              new RemoteCommand(['usermod', '-aG', 'docker', server.sshUser], { sudo: true }),
              'adding the user to the docker group',
            );
            // group membership only applies to new sessions
            shell.reset(server);
          }
          const v = await shell.run(server, shell.docker(server).version(), { idempotent: true });
          const version = parseServerVersion(v.stdout);
          if (!version || !versionAtLeast(version, config.minDockerVersion)) {
            throw new StepFailure(
              MESSAGES.dockerInstall(`Docker ${version ?? 'did not start'} after installation (minimum ${config.minDockerVersion}).`),
            );
          }
          await prisma.server.update({ where: { id: server.id }, data: { dockerVersion: version } });
          ctx.data.dockerInstalled = true;
          await ctx.log(`Docker ${version} installed.`);
        },
      },
      {
        name: 'leave-swarm',
        title: 'Leave the previous Swarm',
        async run(ctx) {
          if (!ctx.data.inOtherSwarm) return;
          const server = await load(ctx);
          // a restart after the leave but before its record finds the server out already
          if ((await settledSwarmState(shell, server)).state !== 'inactive') {
            await shell.runOk(server, shell.docker(server).swarmLeave(true), 'docker swarm leave');
          }
          ctx.data.inOtherSwarm = false;
          await ctx.log('Left the previous Swarm, as asked.');
        },
      },
      {
        name: 'swarm',
        title: 'Create or join the Swarm',
        async run(ctx) {
          const server = await load(ctx);
          const docker = shell.docker(server);
          const c = await cluster.cluster();
          const others = (await cluster.managers()).filter((m) => m.id !== server.id);
          const state = await settledSwarmState(shell, server);
          if (await inClusterSwarm(shell, cluster, server, state, c.swarmId)) {
            ctx.data.initializedSwarm = state.isManager && others.length === 0;
            return ctx.log('Already in this cluster’s Swarm.');
          }
          if (state.state === 'active' && state.clusterId && !c.swarmId && state.isManager && others.length === 0) {
            // Preflight found this server outside any Swarm (or it left one), and the cluster
            // has none yet: this is the Swarm our own init created before Mission Control
            // stopped without recording the step. Take it, instead of failing on a second init.
            await recordClusterSwarm(prisma, cluster, state.clusterId);
            ctx.data.initializedSwarm = true;
            return ctx.log(
              `Continuing with the Swarm ${state.clusterId} this server already manages (created before Mission Control restarted).`,
            );
          }
          const address = await advertiseAddress(server);
          if (!c.swarmId || others.length === 0) {
            const r = await shell.run(server, docker.swarmInit(address));
            if (r.code !== 0) throw new StepFailure(MESSAGES.swarmInit(lastLines(r.stderr)));
            await pauseForTest(config, 'swarm-init', (m) => ctx.log(m));
            const created = await settledSwarmState(shell, server);
            if (created.clusterId) await recordClusterSwarm(prisma, cluster, created.clusterId);
            ctx.data.initializedSwarm = true;
            await ctx.log(`Created a new Swarm, advertised at ${address}.`);
            return;
          }
          const role = server.requestedRole === 'worker' ? 'worker' : 'manager';
          const { manager, result: token } = await cluster.withManager(
            async (m) => {
              // the token travels in this command's stdout only; whatever else it printed is scrubbed
              const r = await shell.run(m, shell.docker(m).joinToken(role), { idempotent: true });
              if (r.code !== 0) throw new StepFailure(MESSAGES.swarmJoin(scrubJoinTokens(lastLines(r.stderr || r.stdout))));
              return r.stdout.trim();
            },
            { exclude: server.id },
          );
          const managerAddress = manager.advertiseAddress ?? manager.hostname;
          const joined = await joinSwarm(shell, server, { token, managerAddress, advertiseAddress: address }, () =>
            ctx.log(CLI_FALLBACK_WARNING(server.name), 'warn'),
          );
          if (!joined.ok) throw new StepFailure(MESSAGES.swarmJoin(joined.detail));
          await pauseForTest(config, 'swarm-join', (m) => ctx.log(m));
          await ctx.log(`Joined the Swarm as a ${role} through ${manager.name}.`);
        },
      },
      {
        name: 'record',
        title: 'Record the node',
        async run(ctx) {
          const server = await load(ctx);
          const info = parseInfo((await shell.runOk(server, shell.docker(server).info(), 'docker info', { idempotent: true })).stdout);
          const state = swarmState(info);
          if (state.state !== 'active' || !state.nodeId) throw new StepFailure(MESSAGES.swarmJoin(`the node is ${state.state}`));
          const c = await cluster.cluster();
          if (state.isManager && (!c.swarmId || ctx.data.initializedSwarm)) {
            await prisma.cluster.update({ where: { id: c.id }, data: { swarmId: state.clusterId } });
          }
          const managersBefore = await prisma.server.count({ where: { swarmRole: 'manager', NOT: { id: server.id } } });
          await prisma.server.update({
            where: { id: server.id },
            data: {
              status: 'ready',
              lastError: null,
              swarmNodeId: state.nodeId,
              swarmRole: state.isManager ? 'manager' : 'worker',
              advertiseAddress: server.advertiseAddress ?? state.nodeAddress,
              dockerVersion: info.ServerVersion,
              position: managersBefore,
              lastSeenAt: new Date(),
            },
          });
          await ctx.log(`Ready: Swarm ${state.isManager ? 'manager' : 'worker'} ${state.nodeId}, Docker ${info.ServerVersion}.`);
        },
      },
      {
        name: 'ingress',
        title: 'Start the ingress (first manager)',
        async run(ctx) {
          if (!ctx.data.initializedSwarm) return;
          await deps.deployIngress();
          await ctx.log('Traefik deployment started for the cluster; its state shows on the cluster.');
        },
      },
    ],
    async onFailure(ctx, error) {
      await prisma.server.update({ where: { id: ctx.targetId! }, data: { status: 'failed', lastError: error.message } });
    },
  };
}

async function managerAddressFor(cluster: ClusterService, serverId: string): Promise<string | null> {
  const manager = (await cluster.managers()).find((m) => m.id !== serverId && m.status === 'ready');
  return manager ? (manager.advertiseAddress ?? manager.hostname) : null;
}
