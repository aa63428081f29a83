import { Injectable, Logger } from '@nestjs/common';
import { GitService, type RemoteRefs } from '../git/git.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { DeliveryIntake } from './delivery-intake.js';
import { DELIVERY_JOB } from './delivery-job.js';
import { DeliveryStore } from './delivery.store.js';
import type { FollowedRef, HookEvent } from './delivery.types.js';
import { followedOnRemote, remoteCommit } from './followed-ref.js';
import { reasons } from './reasons.js';
import { StackState, type GitStack } from './stack-state.js';
import { tagMatches } from './tag-pattern.js';

/**
 * Polling, for Mission Control on loopback (no Git host can call it) or hosts without
 * webhooks: each tick, the stacks whose interval is up, one `git ls-remote` per repository
 * for all of them, and a delivery for each new commit on a followed ref or new matching tag.
 */
@Injectable()
export class GitPoller {
  private readonly logger = new Logger('poller');
  /** per stack, the last failure recorded: an unreachable repository is reported once per change, not every tick */
  private readonly lastFailure = new Map<string, string>();

  constructor(
    private readonly stacks: StackState,
    private readonly store: DeliveryStore,
    private readonly git: GitService,
    private readonly intake: DeliveryIntake,
    private readonly jobs: JobsService,
  ) {}

  async tick(now = new Date()): Promise<void> {
    await this.resumePending();
    const due = (await this.stacks.polled()).filter(
      (s) => !s.lastPolledAt || now.getTime() - s.lastPolledAt.getTime() >= s.pollIntervalSeconds * 1000,
    );
    const byRepository = new Map<string, GitStack[]>();
    for (const s of due) byRepository.set(s.repositoryId!, [...(byRepository.get(s.repositoryId!) ?? []), s]);
    for (const stacks of byRepository.values()) {
      await this.stacks.markPolled(
        stacks.map((s) => s.id),
        now,
      );
      let refs: RemoteRefs;
      try {
        refs = await this.git.remoteRefs(stacks[0].repository);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        for (const stack of stacks) await this.failOnce(stack, reasons.unreachable(message));
        continue;
      }
      for (const stack of stacks) {
        await this.poll(stack, refs).catch((err: unknown) => this.logger.warn({ err, stackId: stack.id }, 'poll failed'));
      }
    }
  }

  /** Deliveries left queued when Mission Control stopped (or whose job failed) get their job again. */
  private async resumePending(): Promise<void> {
    for (const stackId of await this.store.stacksWithPending()) {
      await this.jobs.enqueue(DELIVERY_JOB, { type: 'stack', id: stackId }, {});
    }
  }

  private async poll(stack: GitStack, refs: RemoteRefs): Promise<void> {
    const followed = followedOnRemote(refs, stack.gitRef ?? '');
    if (!followed) return this.failOnce(stack, reasons.refGone(stack.gitRef ?? ''));
    this.lastFailure.delete(stack.id);
    const ref = followed.kind === 'commit' ? null : `refs/${followed.kind === 'branch' ? 'heads' : 'tags'}/${followed.name}`;
    const head = ref ? remoteCommit(refs, ref) : null;
    if (ref && head && head !== stack.lastSeenCommit) {
      await this.stacks.markSeen(stack.id, head);
      // a stack created (and deployed) before it was ever polled: its commit is not news
      const baseline = stack.lastSeenCommit === null && (await this.stacks.newestCommit(stack.id)) === head;
      if (!baseline) await this.deliver(stack, ref, head, followed);
    }
    const tag = stack.tagPattern ? this.newestMatchingTag(refs, stack.tagPattern) : null;
    if (tag && tag.sha !== head && !(await this.store.seen(stack.id, tag.ref, tag.sha))) {
      if ((await this.stacks.deployedCommit(stack.id)) !== tag.sha) await this.deliver(stack, tag.ref, tag.sha, followed);
    }
  }

  /**
   * The tag a poll follows: the highest matching name in version order (v1.10 after v1.9).
   * ls-remote tells no dates, so a hotfix tag below the highest is left to webhooks.
   */
  private newestMatchingTag(refs: RemoteRefs, pattern: string): { ref: string; sha: string } | null {
    const names = [...refs.refs.keys()]
      .filter((r) => r.startsWith('refs/tags/') && !r.endsWith('^{}'))
      .map((r) => r.slice('refs/tags/'.length))
      .filter((name) => tagMatches(pattern, name))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const name = names.at(-1);
    if (!name) return null;
    const sha = remoteCommit(refs, `refs/tags/${name}`);
    return sha ? { ref: `refs/tags/${name}`, sha } : null;
  }

  private async deliver(stack: GitStack, ref: string, sha: string, followed: FollowedRef): Promise<void> {
    const event: HookEvent = { event: 'poll', deliveryId: null, ref, after: sha, before: stack.lastSeenCommit, changedFiles: null };
    await this.intake.receivePoll(stack, event, followed);
  }

  private async failOnce(stack: GitStack, reason: string): Promise<void> {
    if (this.lastFailure.get(stack.id) === reason) return;
    this.lastFailure.set(stack.id, reason);
    await this.store.record({
      stackId: stack.id,
      source: 'poll',
      event: 'poll',
      deliveryId: null,
      ref: stack.gitRef,
      commitSha: null,
      signature: 'none',
      decision: 'failed',
      reason,
    });
    await this.store.prune(stack.id);
  }
}
