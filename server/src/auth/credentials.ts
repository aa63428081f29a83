import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CredentialStore, StoredToken } from '../tokens/credential-store.js';
import { hashOf } from '../tokens/token-text.js';
import { OPEN_PRINCIPAL, type Principal } from './principal.js';
import type { Refusal } from './refusal.js';
import type { RouteAccess } from './route-access.js';
import type { ServedAs } from './served-as.js';

/** The dashboard's login cookie (tokens/session.controller.ts): a random value, never a token. */
export const SESSION_COOKIE = 'otternauts_session';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CredentialDeps {
  adminToken: string | undefined;
  store: CredentialStore;
  served: ServedAs;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function unauthorized(message: string): Refusal {
  return { status: 401, code: 'unauthorized', headers: { 'www-authenticate': 'Bearer' }, message };
}

/** Why a stored token no longer works, or undefined while it does. */
function tokenEnded(token: StoredToken, now: Date): string | undefined {
  if (token.revokedAt) return `The API token "${token.name}" was revoked on ${day(token.revokedAt)}: ask an admin for a new one.`;
  if (token.expiresAt && token.expiresAt <= now)
    return `The API token "${token.name}" expired on ${day(token.expiresAt)}: create a new one.`;
  return undefined;
}

function tokenPrincipal(token: StoredToken, via: Principal['via']): Principal {
  return {
    kind: 'token',
    via,
    tokenId: token.id,
    name: token.name,
    scopes: token.scopes,
    stacks: token.stacks,
    expiresAt: token.expiresAt,
  };
}

function adminPrincipal(via: Principal['via']): Principal {
  return { kind: 'admin-token', via, name: 'admin token', scopes: ['admin'], stacks: null, expiresAt: null };
}

/** What a token sent as Bearer (or to log in with) stands for, or why it is refused. */
export async function principalForToken(bearer: string, deps: Pick<CredentialDeps, 'adminToken' | 'store'>): Promise<Principal | Refusal> {
  if (deps.adminToken && same(bearer, deps.adminToken)) return adminPrincipal('bearer');
  const token = await deps.store.tokenByHash(hashOf(bearer));
  if (!token) {
    return unauthorized(
      deps.adminToken
        ? 'Mission Control does not know that token: it is neither OTTERNAUTS_ADMIN_TOKEN nor an API token it issued.'
        : 'Mission Control does not know that API token.',
    );
  }
  const ended = tokenEnded(token, new Date());
  if (ended) return unauthorized(ended);
  await deps.store.touchToken(token.id);
  return tokenPrincipal(token, 'bearer');
}

async function fromSession(secret: string, request: FastifyRequest, deps: CredentialDeps): Promise<Principal | Refusal | undefined> {
  const session = await deps.store.sessionByHash(hashOf(secret));
  const now = new Date();
  if (!session || session.expiresAt <= now) {
    return deps.adminToken ? unauthorized('Your dashboard session has ended: log in again with a token.') : undefined;
  }
  if (session.token) {
    const ended = tokenEnded(session.token, now);
    if (ended) return unauthorized(ended);
  }
  // A cookie rides along with any request the browser sends, even one another page caused:
  // a change made with it must come from our own pages (checked again, whatever cross-site-check said).
  if (UNSAFE.has(request.method)) {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if (!(deps.served.originAllowed(origin) || site === 'same-origin')) {
      return {
        status: 403,
        code: 'cross_origin_refused',
        message:
          'A change made with the dashboard session must come from the dashboard itself (its Origin or Sec-Fetch-Site: same-origin). ' +
          'Scripts should send an API token in Authorization: Bearer instead.',
      };
    }
  }
  await deps.store.touchSession(session.id);
  const principal = session.token ? tokenPrincipal(session.token, 'session') : adminPrincipal('session');
  const expiresAt = principal.expiresAt && principal.expiresAt < session.expiresAt ? principal.expiresAt : session.expiresAt;
  return { ...principal, sessionId: session.id, expiresAt };
}

/**
 * Who the request acts for: `Authorization: Bearer` (OTTERNAUTS_ADMIN_TOKEN, compared in
 * constant time, else an API token by its hash), else the dashboard's session cookie. Without
 * an admin token Mission Control is in open mode (loopback only): no credential means the
 * local user with every scope, but a token that IS presented is still checked and its scopes
 * apply, so a pipeline behaves the same in both modes. Open routes (health, webhooks, the
 * dashboard's files, logging in) get a principal when one is given and are never refused here.
 */
export async function checkCredentials(request: FastifyRequest, access: RouteAccess, deps: CredentialDeps): Promise<Refusal | undefined> {
  if (access === 'dashboard') return undefined;
  const open = access === 'public';
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const cookie = bearer === undefined ? request.cookies?.[SESSION_COOKIE] : undefined; // parsed by @fastify/cookie

  let found: Principal | Refusal | undefined;
  if (bearer) found = await principalForToken(bearer, deps);
  else if (cookie) found = await fromSession(cookie, request, deps);

  if (found && 'status' in found) return open ? undefined : found;
  if (found) {
    request.principal = found;
    return undefined;
  }
  if (!deps.adminToken) {
    request.principal = OPEN_PRINCIPAL;
    return undefined;
  }
  if (open) return undefined;
  return unauthorized(
    header
      ? 'Mission Control takes an API token as Authorization: Bearer <token>.'
      : 'Mission Control needs a token: send Authorization: Bearer <token> (an API token, or OTTERNAUTS_ADMIN_TOKEN), or log in to the dashboard.',
  );
}
