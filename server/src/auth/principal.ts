import type { ScopeName } from './scope.js';

/**
 * Who a request acts for, set by the HTTP guard (credentials.ts) before any route runs.
 * - open: no admin token configured (loopback only): the one local user, with every scope
 * - admin-token: OTTERNAUTS_ADMIN_TOKEN
 * - token: an API token from tokens/, with its own scopes
 */
export interface Principal {
  kind: 'open' | 'admin-token' | 'token';
  /** how the credential arrived: an Authorization header, the dashboard's session cookie, or none */
  via: 'none' | 'bearer' | 'session';
  tokenId?: string;
  sessionId?: string;
  /** the token's name, `admin token`, or `open` */
  name: string;
  scopes: ScopeName[];
  /** the stacks a deploy scope is limited to; null: every stack */
  stacks: string[] | null;
  /** when this credential (the session, or the token) stops working */
  expiresAt: Date | null;
}

export const OPEN_PRINCIPAL: Principal = { kind: 'open', via: 'none', name: 'open', scopes: ['admin'], stacks: null, expiresAt: null };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** True when the principal may act on every stack (admin, or a deploy scope not limited to some). */
export function seesEveryStack(p: Principal | undefined): boolean {
  return !p || p.scopes.includes('admin') || p.scopes.includes('read') || p.stacks === null;
}
