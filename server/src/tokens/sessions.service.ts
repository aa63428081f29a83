import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { principalForToken } from '../auth/credentials.js';
import type { Principal } from '../auth/principal.js';
import { ApiError } from '../errors/api-error.js';
import { CredentialStore } from './credential-store.js';
import type { SessionDto } from './token.dto.js';
import { hashOf, newSessionSecret } from './token-text.js';

/** How long a dashboard login lasts (never longer than the token it was opened with). */
export const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;

export interface OpenedSession {
  /** the cookie's value; only its hash is stored */
  secret?: string;
  view: SessionDto;
}

export function sessionView(mode: SessionDto['mode'], p: Principal): SessionDto {
  return { mode, name: p.name, scopes: p.scopes, stacks: p.stacks, via: p.via, expiresAt: p.expiresAt };
}

/** Dashboard logins: a token is exchanged once for a random cookie, so the page never keeps the token. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly store: CredentialStore,
  ) {}

  get mode(): SessionDto['mode'] {
    return this.config.adminToken ? 'token' : 'open';
  }

  /** Checks the token like a Bearer one; a wrong, revoked or expired token opens nothing. */
  async open(token: string): Promise<OpenedSession> {
    const principal = await principalForToken(token, { adminToken: this.config.adminToken, store: this.store });
    if ('status' in principal) throw new ApiError(401, 'unauthorized', principal.message);
    const now = new Date();
    await this.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } }); // housekeeping, one cheap statement
    const limit = new Date(now.getTime() + SESSION_MS);
    const expiresAt = principal.expiresAt && principal.expiresAt < limit ? principal.expiresAt : limit;
    const secret = newSessionSecret();
    const row = await this.prisma.session.create({ data: { hash: hashOf(secret), tokenId: principal.tokenId ?? null, expiresAt } });
    return { secret, view: sessionView(this.mode, { ...principal, via: 'session', sessionId: row.id, expiresAt }) };
  }

  async close(secret: string | undefined): Promise<void> {
    if (secret) await this.prisma.session.deleteMany({ where: { hash: hashOf(secret) } });
  }
}
