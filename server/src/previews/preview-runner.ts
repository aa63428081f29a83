import type { Delivery, Deployment, Repository, Stack } from '../generated/prisma/client.js';
import type { DeliveryDecision } from '../deliveries/delivery.types.js';
import { ApiError } from '../errors/api-error.js';
import { previewReasons } from './preview-reasons.js';

/** What the preview job needs; the module gives it the real services, unit specs fakes. */
export interface PreviewRunnerDeps {
  store: {
    requestsWithDecision(stackId: string, decision: 'queued' | 'deploying'): Promise<Delivery[]>;
    update(id: string, patch: { decision: DeliveryDecision; reason: string; deploymentId?: string | null }): Promise<unknown>;
  };
  stacks: {
    byId(id: string): Promise<Stack | null>;
    gitStack(id: string): Promise<(Stack & { repository: Repository }) | null>;
    deployment(id: string): Promise<Deployment | null>;
    deploymentBusy(stackId: string): Promise<boolean>;
    deployedCommit(stackId: string): Promise<string | null>;
  };
  previews: {
    byNumber(parentId: string, number: number): Promise<Stack | null>;
    atHead(id: string, sha: string): Promise<Stack>;
  };
  /** fetches the request's head ref into the mirror */
  fetchHead: (repo: Repository, ref: string) => Promise<void>;
  hasCommit: (repo: Repository, sha: string) => Promise<boolean>;
  /** StackDeployer.gitPlan + start with trigger 'preview'; throws ApiError 'deployment_in_progress' while one runs */
  deploy: (preview: Stack, sha: string, ref: string) => Promise<{ deploymentId: string; version: number }>;
  /** docker stack rm, the networks gone, the row deleted, preview.removed recorded */
  tearDown: (preview: Stack, why: string) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
  /** how often to look again at a deployment under way (1 s; less in tests) */
  pollMs: number;
}

const SETTLED = new Set(['succeeded', 'failed', 'timed_out']);

/** The "why" of a queued teardown is the end of its reason, "(request #3 merged)": it is not stored apart. */
const whyOf = (d: Delivery) => /\(([^()]*)\)$/.exec(d.reason)?.[1] ?? `request #${d.pullRequest} closed`;

/**
 * One parent stack's queue of request deliveries. Per request the newest event wins (a push
 * during a deployment waits for it, then deploys the newest head; a close during one waits,
 * then tears down); older queued ones are recorded as superseded. Requests are independent:
 * each preview is its own stack. Everything is read from the database, so a restart resumes.
 */
export class PreviewRunner {
  constructor(private readonly deps: PreviewRunnerDeps) {}

  async run(parentId: string, log: (message: string) => Promise<void>): Promise<void> {
    const { store, stacks } = this.deps;
    for (;;) {
      // a deleted parent took its deliveries (and, first, its previews) with it
      if (!(await stacks.byId(parentId))) return;
      // left "deploying" before its deployment was recorded (a restart): send it again
      for (const d of await store.requestsWithDecision(parentId, 'deploying')) {
        if (!d.deploymentId) await store.update(d.id, { decision: 'queued', reason: d.reason });
      }
      // finished deployments are recorded first: a teardown below deletes them with their preview
      await this.settle(parentId);
      const newest = new Map<number, Delivery>();
      for (const d of await store.requestsWithDecision(parentId, 'queued')) {
        const older = newest.get(d.pullRequest!);
        if (older) await store.update(older.id, { decision: 'superseded', reason: previewReasons.superseded(d.pullRequest!) });
        newest.set(d.pullRequest!, d);
      }
      let waiting = 0;
      for (const d of newest.values()) {
        if (!(await this.handle(parentId, d, log))) waiting++;
      }
      const deploying = await this.settle(parentId);
      if (waiting === 0 && deploying === 0) return;
      await this.deps.sleep(this.deps.pollMs);
    }
  }

  /** false: the request's preview is busy deploying; the delivery stays queued for the next round. */
  private async handle(parentId: string, d: Delivery, log: (message: string) => Promise<void>): Promise<boolean> {
    const { store, stacks, previews } = this.deps;
    const finish = async (decision: DeliveryDecision, reason: string) => void (await store.update(d.id, { decision, reason }));
    const n = d.pullRequest!;
    const preview = await previews.byNumber(parentId, n);
    if (d.action === 'close') {
      if (!preview) return (await finish('ignored', previewReasons.closedWithoutPreview(n, false)), true);
      if (await stacks.deploymentBusy(preview.id)) return false;
      await log(`request #${n}: tearing down ${preview.name}`);
      try {
        await this.deps.tearDown(preview, whyOf(d));
      } catch (err) {
        return (await finish('failed', previewReasons.failed(messageOf(err))), true);
      }
      return (await finish('removed', previewReasons.removed(preview.name, whyOf(d))), true);
    }
    const parent = await stacks.gitStack(parentId);
    if (!parent) return (await finish('ignored', previewReasons.notGit), true);
    if (!parent.previewsEnabled) return (await finish('ignored', previewReasons.previewsOff(n)), true);
    // torn down (by hand, or its time to live) after this event was admitted
    if (!preview) return (await finish('ignored', previewReasons.gone(n)), true);
    if (await stacks.deploymentBusy(preview.id)) return false;
    const sha = d.commitSha!;
    const ref = d.ref!;
    try {
      await this.deps.fetchHead(parent.repository, ref);
    } catch (err) {
      return (await finish('failed', previewReasons.unreachable(messageOf(err))), true);
    }
    if (!(await this.deps.hasCommit(parent.repository, sha))) return (await finish('failed', previewReasons.headMissing(sha, ref)), true);
    if ((await stacks.deployedCommit(preview.id)) === sha)
      return (await finish('ignored', previewReasons.alreadyDeployed(preview.name, sha)), true);
    await log(`request #${n}: deploying ${sha.slice(0, 7)} as ${preview.name}`);
    let started: { deploymentId: string; version: number };
    try {
      // a later event may have named another head since; this one is what gets deployed now
      started = await this.deps.deploy(await previews.atHead(preview.id, sha), sha, ref);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'deployment_in_progress') return false;
      return (await finish('failed', previewReasons.failed(messageOf(err))), true);
    }
    await store.update(d.id, {
      decision: 'deploying',
      reason: previewReasons.deploying(preview.name, sha, started.version),
      deploymentId: started.deploymentId,
    });
    return true;
  }

  /** Records the end of every deployment that finished; answers how many are still under way. */
  private async settle(parentId: string): Promise<number> {
    const { store, stacks } = this.deps;
    let running = 0;
    for (const d of await store.requestsWithDecision(parentId, 'deploying')) {
      const deployment = d.deploymentId ? await stacks.deployment(d.deploymentId) : null;
      if (!deployment) {
        await store.update(d.id, { decision: 'failed', reason: previewReasons.failed('the deployment was removed') });
        continue;
      }
      if (!SETTLED.has(deployment.status)) {
        running++;
        continue;
      }
      const preview = await stacks.byId(deployment.stackId);
      const name = preview?.name ?? `request #${d.pullRequest}`;
      const why = deployment.error ?? (deployment.status === 'timed_out' ? 'the deployment timed out' : 'the deployment failed');
      await store.update(
        d.id,
        deployment.status === 'succeeded'
          ? { decision: 'deployed', reason: previewReasons.deployed(name, deployment.version) }
          : { decision: 'failed', reason: previewReasons.failed(why) },
      );
    }
    return running;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
