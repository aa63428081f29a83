import { Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Scheduler } from '../jobs/scheduler.js';
import { ChannelSender } from './channel-sender.js';
import { ChannelTransport } from './channel-transport.js';
import { NotificationClock } from './clock.js';
import { HostResolver } from './host-resolver.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationStore } from './notification.store.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

/** How often due deliveries (retries, summaries after the quiet period, rows left by a restart) are looked for. */
const DUE_CHECK_SECONDS = 5;

/** Notification channels (webhook, Slack, Discord, ntfy, email) and the deliveries of what events they asked for. */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationStore,
    NotificationClock,
    HostResolver,
    ChannelTransport,
    ChannelSender,
    NotificationDispatcher,
    NotificationsService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly scheduler: Scheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dispatcher.start();
    this.scheduler.add({ name: 'notifications', everySeconds: DUE_CHECK_SECONDS, run: () => this.dispatcher.runDue() });
  }

  onApplicationShutdown(): void {
    this.dispatcher.stop();
  }
}
