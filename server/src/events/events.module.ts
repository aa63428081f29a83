import { Global, Module } from '@nestjs/common';
import { EventsService } from './events.service.js';

/** Events: the one record of what happened, for the timeline, alerts and notifications. Global: every capability records. */
@Global()
@Module({
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
