import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import type { EventActor } from '../events/event-kinds.js';
import { EventsService } from '../events/events.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { StacksService } from '../stacks/stacks.service.js';

/**
 * A preview taken down: `docker stack rm`, its networks waited for, its row (and deployments)
 * deleted, as StacksService.remove does for any stack; then preview.removed says why.
 */
@Injectable()
export class PreviewTeardown {
  constructor(
    private readonly stacks: StacksService,
    private readonly events: EventsService,
    private readonly jobs: JobsService,
  ) {}

  async tearDown(preview: Stack, why: string, actor: EventActor = 'push'): Promise<void> {
    // the job and the "tear down now" route may meet on the same preview
    await this.jobs.exclusive(`preview\u0000${preview.id}`, async () => {
      await this.stacks.remove(preview.id);
      await this.events.tryRecord({
        kind: 'preview.removed',
        actor,
        stackId: preview.id,
        stackName: preview.name,
        message: `Preview ${preview.name} was torn down: ${why}`,
        details: { parentStackId: preview.parentStackId, number: preview.previewNumber, why },
      });
    });
  }
}
