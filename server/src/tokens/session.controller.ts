import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/credentials.js';
import { OPEN_PRINCIPAL } from '../auth/principal.js';
import { Scope } from '../auth/scope.js';
import { AppConfig } from '../config/app-config.js';
import { LoginDto, SessionDto } from './token.dto.js';
import { SESSION_DAYS, SessionsService, sessionView } from './sessions.service.js';

/** Logging in is open, so it is the one place guessing could be tried: a few attempts a minute per address. */
export const LOGIN_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

/** HttpOnly: no script (ours or an injected one) reads it; Strict: no other site's request carries it. */
const cookieOptions = (maxAge: number, secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, maxAge, secure });

@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  /** Secure whenever the browser reached us over TLS: directly, or at an https public address behind a proxy. */
  private secure(req: FastifyRequest): boolean {
    return req.protocol === 'https' || (this.config.publicUrl?.startsWith('https:') ?? false);
  }

  @Post()
  @HttpCode(200)
  @RouteConfig({ rateLimit: LOGIN_RATE_LIMIT })
  @ApiOperation({
    summary: 'Log the dashboard in with a token: sets the HttpOnly session cookie (the token itself is not kept by the page)',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'The token is unknown, revoked or expired' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; wait a minute' })
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    const opened = await this.sessions.open(body.token);
    const maxAge = opened.view.expiresAt
      ? Math.max(0, Math.round((opened.view.expiresAt.getTime() - Date.now()) / 1000))
      : SESSION_DAYS * 86400;
    if (opened.secret) reply.setCookie(SESSION_COOKIE, opened.secret, cookieOptions(maxAge, this.secure(req)));
    return opened.view;
  }

  @Get()
  @Scope('any')
  @ApiOperation({ summary: 'Who this request acts for: the token (or session) name, its scopes and stacks, and how it came' })
  @ApiOkResponse({ type: SessionDto })
  whoAmI(@Req() req: FastifyRequest): SessionDto {
    return sessionView(this.sessions.mode, req.principal ?? OPEN_PRINCIPAL);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log the dashboard out: ends the session and clears its cookie' })
  @ApiNoContentResponse()
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.close(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(0, this.secure(req)));
  }
}
