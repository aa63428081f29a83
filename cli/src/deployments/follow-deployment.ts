import { setTimeout as sleep } from 'node:timers/promises';
import { unwrap, type Schemas } from '../api/client.js';
import type { Context } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import { ProgressView } from './progress-view.js';

type Deployment = Schemas['DeploymentDto'];
type StackService = Schemas['StackServiceDto'];

/** What `deploy --wait` and `rollback --wait` answer with (--json prints it). */
export interface DeploymentOutcome {
  stack: string;
  deploymentId: string;
  version: number;
  status: Deployment['status'] | 'still_deploying';
  error: string | null;
  seconds: number;
  services: Array<{ name: string; image: string | null; replicasRunning: number; replicasDesired: number; error: string | null }>;
}

export interface FollowOptions {
  /** seconds; the CLI stops waiting (exit 2), Mission Control goes on */
  timeout: number;
  pollMs?: number;
}

const FINISHED = new Set(['succeeded', 'failed', 'timed_out']);

/** Polls the deployment (and, while it converges, the stack's replicas) until it ends or the timeout. */
export async function followDeployment(
  ctx: Context,
  stack: { id: string; name: string },
  deploymentId: string,
  opts: FollowOptions,
): Promise<{ outcome: DeploymentOutcome; exitCode: ExitCode }> {
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  const view = new ProgressView(ctx.out, stack.name);
  let services: StackService[] = [];
  let deployment: Deployment;
  for (;;) {
    deployment = await unwrap(ctx.creds.url, ctx.api.GET('/api/deployments/{id}', { params: { path: { id: deploymentId } } }));
    const converging = deployment.job?.currentStep === 'converge' || FINISHED.has(deployment.status);
    if (converging)
      services = (await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}', { params: { path: { id: stack.id } } }))).services;
    view.show(deployment, converging ? services : []);
    if (FINISHED.has(deployment.status) || Date.now() >= deadline) break;
    await sleep(Math.min(opts.pollMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
  const finished = FINISHED.has(deployment.status);
  const outcome: DeploymentOutcome = {
    stack: stack.name,
    deploymentId,
    version: deployment.version,
    status: finished ? deployment.status : 'still_deploying',
    error: deployment.error ?? null,
    seconds: Math.round((Date.now() - started) / 1000),
    services: services.map((s) => ({
      name: s.name,
      image: s.image ?? null,
      replicasRunning: s.replicasRunning,
      replicasDesired: s.replicasDesired,
      error: s.tasks.find((t) => t.error)?.error ?? null,
    })),
  };
  view.finish(outcome, opts.timeout);
  const exitCode = outcome.status === 'succeeded' ? EXIT.ok : outcome.status === 'failed' ? EXIT.failed : EXIT.timedOut;
  return { outcome, exitCode };
}
