import { setTimeout as sleep } from 'node:timers/promises';
import type { Delivery } from '../generated/prisma/client.js';
import { ApiError } from '../errors/api-error.js';
import type { GitService } from '../git/git.service.js';
import type { CommitDeployer } from './commit-deployer.js';
import { watches } from './decide.js';
import type { DeliveryStore } from './delivery.store.js';
import { pushedRef, shortSha } from './git-refs.js';
import { reasons } from './reasons.js';
import type { StackState } from './stack-state.js';

export interface RunnerDeps {
  store: DeliveryStore;
  stacks: StackState;
  git: GitService;
  deployer: CommitDeployer;
  /** how often to look whether a deployment is still queued or running (1 s; less in tests) */
  pollMs: number;
}

const SETTLED = new Set(['succeeded', 'failed', 'timed_out']);

/**
 * One stack's queue of deliveries, worked off newest first: while a deployment runs, pushes
 * pile up; when it is done, the newest queued one is deployed and the others are recorded as
 * superseded by it. Everything it knows is in the database, so after a restart it picks up
 * where it was.
 */
export class DeliveryRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(stackId: string, log: (message: string) => Promise<void>): Promise<void> {
    const { store } = this.deps;
    for (;;) {
      // a deleted stack took its deliveries with it
      if (!(await this.deps.stacks.byId(stackId))) return;
      // left "deploying" by a restart: watch its deployment to the end, or send it again
      for (const d of await store.withDecision(stackId, 'deploying')) {
        if (d.deploymentId) await this.settle(d, d.deploymentId);
        else await store.update(d.id, { decision: 'queued', reason: d.reason });
      }
      await this.idle(stackId);
      const queued = await store.withDecision(stackId, 'queued');
      const newest = queued.at(-1);
      if (!newest) return;
      for (const older of queued.slice(0, -1)) {
        await store.update(older.id, { decision: 'superseded', reason: reasons.superseded(newest.commitSha ?? '') });
      }
      await log(`delivery ${newest.id}: ${newest.commitSha ? shortSha(newest.commitSha) : 'no commit'} from ${newest.ref}`);
      await this.deliver(newest);
    }
  }

  private async deliver(d: Delivery): Promise<void> {
    const { store, stacks, git, deployer } = this.deps;
    const finish = (decision: 'ignored' | 'failed', reason: string) => store.update(d.id, { decision, reason });
    const stack = await stacks.gitStack(d.stackId);
    if (!stack) return void (await finish('ignored', reasons.notGit));
    if (!stack.autoDeploy) return void (await finish('ignored', reasons.autoDeployOff));
    const sha = d.commitSha!;
    const ref = pushedRef(d.ref ?? '').name;
    try {
      await git.fetch(stack.repository);
    } catch (err) {
      return void (await finish('failed', reasons.unreachable(messageOf(err))));
    }
    if (!(await git.hasCommit(stack.repository, sha))) {
      return void (await finish(
        'failed',
        reasons.failed(`commit ${shortSha(sha)} is not in the repository any more (force-pushed away?)`),
      ));
    }
    const deployed = await stacks.deployedCommit(d.stackId);
    if (deployed === sha) return void (await finish('ignored', reasons.alreadyDeployed(sha)));
    // what matters is the difference to what runs now, not only the last push's own commits
    const watched = await deployer.watchedPaths(d.stackId);
    const changed = await git.changedPaths(stack.repository, deployed, sha).catch(() => null);
    if (changed && watched.length && !changed.some((p) => watches(watched, p))) {
      return void (await finish('ignored', reasons.noChangeUnder(watched)));
    }
    let started: { deploymentId: string; version: number };
    for (;;) {
      try {
        started = await deployer.deployCommit(d.stackId, { sha, ref, trigger: d.source === 'poll' ? 'poll' : 'push' });
        break;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'deployment_in_progress') {
          await this.idle(d.stackId);
          continue;
        }
        return void (await finish('failed', reasons.failed(messageOf(err))));
      }
    }
    await store.update(d.id, {
      decision: 'deploying',
      reason: reasons.deploying(sha, ref, started.version),
      deploymentId: started.deploymentId,
    });
    await this.settle(d, started.deploymentId);
  }

  private async settle(d: Delivery, deploymentId: string): Promise<void> {
    const { store, stacks } = this.deps;
    for (;;) {
      const deployment = await stacks.deployment(deploymentId);
      if (!deployment) return void (await store.update(d.id, { decision: 'failed', reason: reasons.failed('the deployment was removed') }));
      if (SETTLED.has(deployment.status)) {
        const ok = deployment.status === 'succeeded';
        const why = deployment.error ?? (deployment.status === 'timed_out' ? 'the deployment timed out' : 'the deployment failed');
        await store.update(d.id, {
          decision: ok ? 'deployed' : 'failed',
          reason: ok ? reasons.deployed(deployment.version) : reasons.failed(why),
        });
        return;
      }
      await sleep(this.deps.pollMs);
    }
  }

  /** Waits while a deployment of the stack is queued or running (a manual one, or the last push's). */
  private async idle(stackId: string): Promise<void> {
    while (await this.deps.stacks.deploymentBusy(stackId)) await sleep(this.deps.pollMs);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
