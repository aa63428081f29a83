import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import { StepFailure, type JobDefinition } from '../jobs/job.types.js';
import type { RegistriesService } from '../registries/registries.service.js';
import type { SecretsService } from '../secrets/secrets.service.js';
import { RemoteCommand } from '../ssh/command.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { parseServices, parseTasks } from '../swarm/docker-output.js';
import { resolveSecrets } from '../compose/resolve-secrets.js';
import { judge, parseServiceInspect } from './convergence.js';

export const DEPLOY_JOB = 'stack.deploy';

export class DeployTimeout extends StepFailure {}

export interface DeployDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
  secrets: SecretsService;
  registries: RegistriesService;
  config: AppConfig;
  onSettled(stackId: string): void;
}

const POLL_MS = 2000;
/** A problem must show on two looks in a row: Swarm often retries a task once by itself. */
const SIGHTINGS_FOR_FAILURE = 2;
/** How long after `docker stack deploy` a changed spec may wait for the orchestrator to start its update. */
const PICKUP_GRACE_MS = 15_000;

/** A launch: log in to registries, `docker stack deploy`, then follow tasks to a verdict. */
export function deploymentJob(deps: DeployDeps): JobDefinition<{ deployedAt?: number }> {
  const { prisma, shell, cluster, secrets, registries, config } = deps;
  const load = (id: string) => prisma.deployment.findUniqueOrThrow({ where: { id }, include: { stack: true } });

  return {
    kind: DEPLOY_JOB,
    steps: [
      {
        name: 'deploy',
        title: 'Send the stack to the Swarm',
        async run(ctx) {
          const d = await load(ctx.targetId!);
          await prisma.deployment.update({ where: { id: d.id }, data: { status: 'running', startedAt: d.startedAt ?? new Date() } });
          // resolved here, in memory, and sent on stdin: never stored, logged or returned
          const file = resolveSecrets(d.rendered, await secrets.values(await secrets.names()));
          const logins = await registries.logins();
          const { manager } = await cluster.withManager(async (m) => {
            let docker = shell.docker(m);
            let configDir: string | null = null;
            try {
              if (logins.length > 0) {
                configDir = (await shell.runOk(m, new RemoteCommand(['mktemp', '-d', '/tmp/otternauts-docker-XXXXXXXX']), 'mktemp')).stdout.trim();
                docker = docker.withConfigDir(configDir);
                for (const login of logins) {
                  const r = await shell.run(m, docker.login(login.registryUrl, login.username), { stdin: login.password });
                  if (r.code !== 0) throw new StepFailure(`Could not log in to ${login.registryUrl} as ${login.username}: ${lastLines(r.stderr, 2)}`);
                }
              }
              const r = await shell.run(m, docker.stackDeploy(d.stack.name, { withRegistryAuth: logins.length > 0, resolveImage: config.resolveImage }), { stdin: file, timeoutMs: 300_000 });
              // success is the exit code: `docker stack deploy` writes notices to stderr even when it works
              if (r.code !== 0) throw new StepFailure(`Configuration error: docker stack deploy refused the file: ${lastLines(r.stderr || r.stdout, 6)}`);
            } finally {
              if (configDir) await shell.run(m, new RemoteCommand(['rm', '-rf', '--', configDir], { sudo: shell.needsSudo(m) })).catch(() => undefined);
            }
          });
          ctx.data.deployedAt = Date.now();
          await ctx.log(`docker stack deploy accepted version ${d.version} on ${manager.name}; Otto is watching the tasks.`);
        },
      },
      {
        name: 'converge',
        title: 'Wait for every service to run',
        async run(ctx) {
          const d = await load(ctx.targetId!);
          const deadline = (ctx.data.deployedAt ?? Date.now()) + config.deployTimeoutSeconds * 1000;
          let sightings = 0;
          let lastProblem: string | null = null;
          for (;;) {
            const { result } = await cluster.withManager(async (m) => {
              const docker = shell.docker(m);
              const services = parseServices((await shell.runOk(m, docker.stackServices(d.stack.name), 'docker stack services')).stdout);
              const tasks = parseTasks((await shell.runOk(m, docker.stackTasks(d.stack.name), 'docker stack ps')).stdout);
              const updates = services.length
                ? parseServiceInspect((await shell.runOk(m, docker.serviceInspect(...services.map((s) => s.Name)), 'docker service inspect')).stdout)
                : [];
              const justDeployed = Date.now() - (ctx.data.deployedAt ?? 0) < PICKUP_GRACE_MS;
              return judge(d.stack.name, services, tasks, updates, justDeployed);
            });
            if (result.done) return ctx.log('Launch successful! Your fleet is now in orbit.');
            sightings = result.problem && result.problem === lastProblem ? sightings + 1 : result.problem ? 1 : 0;
            lastProblem = result.problem;
            if (result.problem && sightings >= SIGHTINGS_FOR_FAILURE) throw new StepFailure(result.problem);
            if (Date.now() > deadline) {
              throw new DeployTimeout(
                `The fleet did not converge within ${config.deployTimeoutSeconds} s${lastProblem ? `: ${lastProblem}` : ': some services are still starting'}.`,
              );
            }
            await sleep(POLL_MS);
          }
        },
      },
    ],
    async onSuccess(ctx) {
      const d = await load(ctx.targetId!);
      const now = new Date();
      await prisma.deployment.update({ where: { id: d.id }, data: { status: 'succeeded', error: null, finishedAt: now } });
      await prisma.stack.update({ where: { id: d.stackId }, data: { status: 'running', lastDeployedAt: now } });
      deps.onSettled(d.stackId);
    },
    async onFailure(ctx, error) {
      const d = await load(ctx.targetId!);
      const status = error instanceof DeployTimeout ? 'timed_out' : 'failed';
      await prisma.deployment.update({ where: { id: d.id }, data: { status, error: error.message, finishedAt: new Date() } });
      await prisma.stack.update({ where: { id: d.stackId }, data: { status: 'failed', ...(ctx.data.deployedAt && { lastDeployedAt: new Date() }) } });
      deps.onSettled(d.stackId);
    },
  };
}
