import { Injectable, Logger } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { JobsService } from '../jobs/jobs.service.js';
import { decidePreview, type PreviewVerdict } from '../previews/decide-preview.js';
import { PREVIEW_JOB } from '../previews/preview-job-kind.js';
import { previewReasons } from '../previews/preview-reasons.js';
import { PreviewStacks } from '../previews/preview-stacks.js';
import { DeliveryStore } from './delivery.store.js';
import type { HookEvent, HookProvider, PullRequestEvent } from './delivery.types.js';
import { SIGNATURE_HEADER } from './signatures.js';
import { StackState } from './stack-state.js';

/** Header values a forger controls are stored short. */
const clip = (value: string | null | undefined) => (value ? value.slice(0, 200) : null);

/**
 * Pull/merge request events, after their signature was found valid: decided, recorded as a
 * delivery of the PARENT stack (with the request's number and action), and queued for the
 * stack's preview job. Nothing here fetches or deploys, so the answer is quick.
 */
@Injectable()
export class RequestIntake {
  private readonly logger = new Logger('previews');

  constructor(
    private readonly store: DeliveryStore,
    private readonly stacks: StackState,
    private readonly jobs: JobsService,
    private readonly previews: PreviewStacks,
  ) {}

  async admit(stack: Stack, source: HookProvider, event: HookEvent & { pullRequest: PullRequestEvent }) {
    const pr = event.pullRequest;
    // the same lock as pushes: two copies of a redelivery must not both pass as new
    const row = await this.jobs.exclusive(`deliveries\u0000${stack.id}`, async () => {
      const first = event.deliveryId ? await this.store.firstValid(stack.id, source, event.deliveryId) : null;
      const existing = await this.stacks.preview(stack.id, pr.number);
      const live = new Set([...(await this.stacks.previewNumbers(stack.id)), ...(await this.store.queuedDeployRequests(stack.id))]);
      live.delete(pr.number);
      const verdict = decidePreview({
        signature: 'valid',
        signatureHeader: SIGNATURE_HEADER[source],
        firstReceived: first?.createdAt ?? null,
        request: pr,
        stack: {
          name: stack.name,
          git: stack.repositoryId !== null,
          preview: stack.parentStackId !== null,
          previewsEnabled: stack.previewsEnabled,
          previewForks: stack.previewForks,
          previewLimit: stack.previewLimit,
        },
        existing: existing && { name: existing.name, deployedSha: await this.stacks.deployedCommit(existing.id) },
        otherPreviews: live.size,
      });
      // the row is made now, so the cap counts it and the dashboard lists it while it deploys
      if (verdict.decision === 'queued' && verdict.action === 'deploy') {
        const claim = await this.previews.claim(stack, pr, new Date());
        if ('taken' in claim)
          return this.record(stack.id, source, event, pr, { decision: 'failed', reason: previewReasons.nameTaken(claim.taken.name) });
        if ('badName' in claim)
          return this.record(stack.id, source, event, pr, { decision: 'failed', reason: previewReasons.badName(claim.badName) });
      }
      return this.record(stack.id, source, event, pr, verdict);
    });
    await this.store.prune(stack.id);
    if (row.decision === 'queued') await this.jobs.enqueue(PREVIEW_JOB, { type: 'stack', id: stack.id }, {});
    this.logger.log({ stackId: stack.id, source, request: pr.number, action: pr.action, decision: row.decision }, row.reason);
    return row;
  }

  private record(
    stackId: string,
    source: HookProvider,
    event: HookEvent,
    pr: PullRequestEvent,
    verdict: PreviewVerdict | { decision: 'failed'; reason: string },
  ) {
    return this.store.record({
      stackId,
      source,
      event: clip(event.event),
      deliveryId: clip(event.deliveryId),
      ref: clip(pr.fetchRef),
      commitSha: pr.headSha,
      signature: 'valid',
      decision: verdict.decision,
      reason: verdict.reason,
      pullRequest: pr.number,
      action: pr.action,
    });
  }
}
