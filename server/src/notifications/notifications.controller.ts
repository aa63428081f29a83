import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateChannelDto,
  CreatedChannelDto,
  DeliveryQueryDto,
  NotificationChannelDto,
  NotificationDeliveryDto,
  UpdateChannelDto,
} from './notification.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('channels')
  @ApiOperation({ summary: 'Every notification channel with its last delivery (never a secret: which are set, and the target host)' })
  @ApiOkResponse({ type: [NotificationChannelDto] })
  listNotificationChannels(): Promise<NotificationChannelDto[]> {
    return this.notifications.list();
  }

  @Post('channels')
  @ApiOperation({
    summary: 'Add a channel (webhook, slack, discord, ntfy, email); its target must not be loopback, link-local or metadata',
  })
  @ApiCreatedResponse({ type: CreatedChannelDto })
  createNotificationChannel(@Body() body: CreateChannelDto): Promise<CreatedChannelDto> {
    return this.notifications.create(body);
  }

  @Get('channels/:id')
  @ApiOperation({ summary: 'One notification channel' })
  @ApiOkResponse({ type: NotificationChannelDto })
  getNotificationChannel(@Param('id') id: string): Promise<NotificationChannelDto> {
    return this.notifications.get(id);
  }

  @Put('channels/:id')
  @ApiOperation({ summary: 'Change a channel: fields left out stay, a secret left out is kept, null removes an optional one' })
  @ApiOkResponse({ type: NotificationChannelDto })
  updateNotificationChannel(@Param('id') id: string, @Body() body: UpdateChannelDto): Promise<NotificationChannelDto> {
    return this.notifications.update(id, body);
  }

  @Delete('channels/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a channel and its delivery history (pending retries included)' })
  @ApiNoContentResponse()
  deleteNotificationChannel(@Param('id') id: string): Promise<void> {
    return this.notifications.remove(id);
  }

  @Post('channels/:id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a test notification now (one attempt, about 10 s at most) and answer how it went' })
  @ApiOkResponse({ type: NotificationDeliveryDto })
  testNotificationChannel(@Param('id') id: string): Promise<NotificationDeliveryDto> {
    return this.notifications.test(id);
  }

  @Get('channels/:id/deliveries')
  @ApiOperation({ summary: 'What the channel sent, is retrying or holding, and what failed, newest first' })
  @ApiOkResponse({ type: [NotificationDeliveryDto] })
  listNotificationDeliveries(@Param('id') id: string, @Query() query: DeliveryQueryDto): Promise<NotificationDeliveryDto[]> {
    return this.notifications.deliveries(id, query.limit ?? 50);
  }
}
