import { Global, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Scheduler } from '../jobs/scheduler.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { IncidentBook } from './incident-book.js';

const PRUNE_EVERY_SECONDS = 3600;

/** Events: the one record of what happened, for the timeline, alerts and notifications. Global: every capability records. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsService, IncidentBook],
  exports: [EventsService, IncidentBook],
})
export class EventsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('events');

  constructor(
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly events: EventsService,
    private readonly book: IncidentBook,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.add({ name: 'event-prune', everySeconds: PRUNE_EVERY_SECONDS, run: async () => void (await this.prune()) });
  }

  /** Old events go; an open incident's opening stays however old, so the incident is still known after a restart. */
  async prune(now = Date.now()): Promise<number> {
    await this.book.load();
    const count = await this.events.prune(new Date(now - this.config.eventRetentionSeconds * 1000), this.book.openEventIds());
    if (count) this.logger.log({ count }, 'old events pruned');
    return count;
  }
}
