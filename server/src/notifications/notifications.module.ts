import { Module } from '@nestjs/common';

/** Notification channels (webhook, Slack, Discord, ntfy, email) and the deliveries of what events they asked for. */
@Module({})
export class NotificationsModule {}
