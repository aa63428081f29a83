import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientOf } from '../common/stream-limits.js';
import { HookAnswerDto } from './delivery.dto.js';
import { DeliveryIntake } from './delivery-intake.js';
import { rawBodyOf } from './hook-body.js';

/**
 * The one API route without the admin token (auth/route-access.ts): Git hosts call it, and
 * the provider's signature over the raw body, with the stack's secret, stands in for the token.
 */
@ApiTags('deliveries')
@Controller('hooks')
export class HooksController {
  constructor(private readonly intake: DeliveryIntake) {}

  @Post(':hookId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Push to deploy: a webhook from GitHub, GitLab, Gitea, Forgejo or any sender signing with X-Otternauts-Signature',
    description:
      'No admin token: the request is authenticated by its signature. Answers 202 when a deploy is queued, 200 when the delivery is ignored, a duplicate or a ping, 401 for a missing or wrong signature (nothing changes), 404 for an unknown webhook.',
  })
  @ApiHeader({ name: 'x-hub-signature-256', required: false, description: 'GitHub: sha256=<hex HMAC-SHA256 of the raw body>' })
  @ApiHeader({ name: 'x-otternauts-signature', required: false, description: 'generic senders: sha256=<hex HMAC-SHA256 of the raw body>' })
  @ApiOkResponse({ type: HookAnswerDto })
  @ApiAcceptedResponse({ type: HookAnswerDto })
  @ApiUnauthorizedResponse({ type: HookAnswerDto })
  async receiveWebhook(
    @Param('hookId') hookId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HookAnswerDto> {
    const { status, ...answer } = await this.intake.receiveWebhook(hookId, req.headers, rawBodyOf(req), req.body, clientOf(req));
    void reply.status(status);
    return answer;
  }
}
