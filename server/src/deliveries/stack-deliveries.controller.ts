import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DeliveryDto, StackWebhookDto, WebhookSecretDto } from './delivery.dto.js';
import { StackWebhooks } from './stack-webhooks.js';

/** The origin the request came to; its Host header already passed the HTTP guard. */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.headers.host}`;

@ApiTags('deliveries')
@Controller('stacks')
export class StackDeliveriesController {
  constructor(private readonly webhooks: StackWebhooks) {}

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Every push and poll of the stack (the newest 200), with its decision and the reason' })
  @ApiOkResponse({ type: [DeliveryDto] })
  listStackDeliveries(@Param('id') id: string): Promise<DeliveryDto[]> {
    return this.webhooks.deliveries(id);
  }

  @Get(':id/webhook')
  @ApiOperation({ summary: "The stack's webhook URL and how to set it up at each Git host (never the secret)" })
  @ApiOkResponse({ type: StackWebhookDto })
  getStackWebhook(@Param('id') id: string, @Req() req: FastifyRequest): Promise<StackWebhookDto> {
    return this.webhooks.get(id, originOf(req));
  }

  @Post(':id/webhook')
  @HttpCode(201)
  @ApiOperation({ summary: 'Make the webhook, or give it a new secret: the secret is in this answer only' })
  @ApiCreatedResponse({ type: WebhookSecretDto })
  rotateStackWebhookSecret(@Param('id') id: string, @Req() req: FastifyRequest): Promise<WebhookSecretDto> {
    return this.webhooks.rotate(id, originOf(req));
  }
}
