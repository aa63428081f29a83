import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { SCOPES, type ScopeName } from '../auth/scope.js';

export interface StoredToken {
  id: string;
  name: string;
  scopes: ScopeName[];
  stacks: string[] | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface StoredSession {
  id: string;
  expiresAt: Date;
  /** null: a session opened with OTTERNAUTS_ADMIN_TOKEN */
  token: StoredToken | null;
}

/** lastUsedAt / lastSeenAt are written at most this often: a busy pipeline is not a write per call. */
const TOUCH_EVERY_MS = 60_000;

interface TokenRow {
  id: string;
  name: string;
  scopes: string;
  stacks: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

function parseList(json: string | null): string[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function storedToken(row: TokenRow): StoredToken {
  const scopes = (parseList(row.scopes) ?? []).filter((s): s is ScopeName => (SCOPES as readonly string[]).includes(s));
  return { id: row.id, name: row.name, scopes, stacks: parseList(row.stacks), expiresAt: row.expiresAt, revokedAt: row.revokedAt };
}

/**
 * What the HTTP guard asks the database about a credential, and about the stack a call
 * touches (for tokens limited to some stacks). Lookups are by hash: the token or cookie
 * itself is never stored or compared.
 */
@Injectable()
export class CredentialStore {
  private readonly touched = new Map<string, number>();

  constructor(private readonly prisma: PrismaService) {}

  async tokenByHash(hash: string): Promise<StoredToken | null> {
    const row = await this.prisma.apiToken.findUnique({ where: { hash } });
    return row ? storedToken(row) : null;
  }

  async sessionByHash(hash: string): Promise<StoredSession | null> {
    const row = await this.prisma.session.findUnique({ where: { hash }, include: { token: true } });
    return row ? { id: row.id, expiresAt: row.expiresAt, token: row.token ? storedToken(row.token) : null } : null;
  }

  async touchToken(id: string, now = new Date()): Promise<void> {
    if (!this.due(`t:${id}`, now)) return;
    await this.prisma.apiToken.updateMany({ where: { id }, data: { lastUsedAt: now } });
  }

  async touchSession(id: string, now = new Date()): Promise<void> {
    if (!this.due(`s:${id}`, now)) return;
    await this.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }

  async stackName(stackId: string): Promise<string | null> {
    const row = await this.prisma.stack.findUnique({ where: { id: stackId }, select: { name: true } });
    return row?.name ?? null;
  }

  async stackNameOfDeployment(deploymentId: string): Promise<string | null> {
    const row = await this.prisma.deployment.findUnique({ where: { id: deploymentId }, select: { stack: { select: { name: true } } } });
    return row?.stack.name ?? null;
  }

  private due(key: string, now: Date): boolean {
    const last = this.touched.get(key);
    if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return false;
    if (this.touched.size > 10_000) this.touched.clear(); // bounded: a forgotten entry only costs one write
    this.touched.set(key, now.getTime());
    return true;
  }
}
