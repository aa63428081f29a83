import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DeliveryStore } from '../deliveries/delivery.store.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PREVIEW_JOB } from './preview-job-kind.js';
import { previewReasons, spanInWords } from './preview-reasons.js';
import { PreviewStacks } from './preview-stacks.js';

/**
 * The time to live: a preview whose request saw no open, reopen or push for
 * OTTERNAUTS_PREVIEW_TTL gets a teardown delivery on its parent, worked off by the parent's
 * preview job like a close. Each tick also restarts the jobs of parents with work left queued
 * (a restart, a failed job).
 */
@Injectable()
export class PreviewSweeper {
  private readonly logger = new Logger('previews');

  constructor(
    private readonly config: AppConfig,
    private readonly previews: PreviewStacks,
    private readonly store: DeliveryStore,
    private readonly jobs: JobsService,
  ) {}

  async tick(now = new Date()): Promise<void> {
    const ttl = this.config.previewTtlSeconds;
    const parents = new Set(await this.store.stacksWithPendingRequests());
    for (const preview of await this.previews.expired(new Date(now.getTime() - ttl * 1000))) {
      const parentId = preview.parentStackId!;
      const n = preview.previewNumber!;
      const recorded = await this.jobs.exclusive(`deliveries\u0000${parentId}`, async () => {
        if (await this.store.closePending(parentId, n)) return false;
        await this.store.record({
          stackId: parentId,
          source: 'ttl',
          event: 'ttl',
          deliveryId: null,
          ref: preview.gitRef,
          commitSha: preview.previewHeadSha,
          signature: 'none',
          decision: 'queued',
          reason: previewReasons.queuedTeardown(preview.name, previewReasons.why.expired(spanInWords(ttl))),
          pullRequest: n,
          action: 'close',
        });
        return true;
      });
      if (recorded) this.logger.log({ stackId: parentId, preview: preview.name }, 'time to live over: tearing down');
      parents.add(parentId);
    }
    for (const parentId of parents) await this.jobs.enqueue(PREVIEW_JOB, { type: 'stack', id: parentId }, {});
  }
}
