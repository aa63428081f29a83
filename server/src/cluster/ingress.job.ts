import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { StepFailure, type JobDefinition } from '../jobs/job.types.js';
import type { ServerShell } from '../servers/server-shell.js';
import { lastLines } from '../servers/server-shell.js';
import { MESSAGES } from '../servers/server-messages.js';
import { jsonLines, parseTasks, taskState } from '../swarm/docker-output.js';
import type { ClusterService } from './cluster.service.js';
import { INGRESS_NETWORK, INGRESS_SERVICE, INGRESS_STACK, renderTraefikStack } from './traefik-stack.js';

export const INGRESS_JOB = 'cluster.ingress';

export interface IngressDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
  config: AppConfig;
  /** how long to watch Traefik's task before judging (seconds) */
  watchSeconds?: number;
}

/** Traefik once per cluster: the shared network, the stack, then an honest look at its task. */
export function ingressJob(deps: IngressDeps): JobDefinition<Record<string, never>> {
  const { prisma, shell, cluster, config } = deps;
  const setStatus = async (traefikStatus: string, traefikError: string | null) => {
    const c = await cluster.cluster();
    await prisma.cluster.update({ where: { id: c.id }, data: { traefikStatus, traefikError } });
  };

  return {
    kind: INGRESS_JOB,
    steps: [
      {
        name: 'network',
        title: `Create the ${INGRESS_NETWORK} network`,
        async run(ctx) {
          await setStatus('deploying', null);
          await cluster.withManager(async (m) => {
            const docker = shell.docker(m);
            const existing = jsonLines(
              (await shell.runOk(m, docker.networkList(INGRESS_NETWORK), 'docker network ls', { idempotent: true })).stdout,
            );
            if (existing.length === 0) await shell.runOk(m, docker.networkCreateOverlay(INGRESS_NETWORK), 'docker network create');
          });
          await ctx.log(`The attachable overlay network ${INGRESS_NETWORK} is there.`);
        },
      },
      {
        name: 'deploy',
        title: 'Deploy Traefik',
        async run(ctx) {
          const c = await cluster.cluster();
          const file = renderTraefikStack({ image: config.traefikImage, acmeEmail: c.acmeEmail });
          const { manager } = await cluster.withManager(async (m) => {
            // the same file deployed twice is one deployment: safe to run again after a lost connection
            const r = await shell.run(m, shell.docker(m).stackDeploy(INGRESS_STACK), { stdin: file, timeoutMs: 180_000, idempotent: true });
            if (r.code !== 0) throw new StepFailure(MESSAGES.ingress(lastLines(r.stderr || r.stdout)));
          });
          await ctx.log(`Traefik (${config.traefikImage}) deployed through ${manager.name}.`);
        },
      },
      {
        name: 'verify',
        title: 'Check that Traefik runs',
        async run(ctx) {
          const deadline = Date.now() + (deps.watchSeconds ?? 60) * 1000;
          for (;;) {
            const { result: tasks } = await cluster.withManager(async (m) =>
              parseTasks(
                (await shell.runOk(m, shell.docker(m).serviceTasks(INGRESS_SERVICE), 'docker service ps', { idempotent: true })).stdout,
              ),
            );
            const current = tasks.filter((t) => t.DesiredState.toLowerCase() === 'running');
            if (current.some((t) => taskState(t) === 'running')) {
              await setStatus('deployed', null);
              return ctx.log('Traefik is running: shields up.');
            }
            const failed = tasks.find((t) => t.Error);
            if (failed || Date.now() > deadline) {
              const reason = failed
                ? `Traefik's task on ${failed.Node || 'no node'} cannot start: ${failed.Error}`
                : `Traefik has no running task after ${deps.watchSeconds ?? 60} s (state: ${current.map(taskState).join(', ') || 'no task'}).`;
              throw new StepFailure(MESSAGES.ingress(reason));
            }
            await sleep(2000);
          }
        },
      },
    ],
    async onFailure(_ctx, error) {
      await setStatus('failed', error.message);
    },
  };
}
