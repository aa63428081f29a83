import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Refusal } from './refusal.js';
import type { RouteAccess } from './route-access.js';

export const TOKEN_COOKIE = 'otternauts_token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | undefined {
  const pair = header
    ?.split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${TOKEN_COOKIE}=`));
  if (!pair) return undefined;
  try {
    return decodeURIComponent(pair.slice(TOKEN_COOKIE.length + 1));
  } catch {
    return undefined; // a malformed cookie is no token
  }
}

/**
 * With OTTERNAUTS_ADMIN_TOKEN set, every route that is not explicitly open (route-access.ts)
 * needs `Authorization: Bearer <token>`; the documentation pages, which a browser opens
 * directly, may use the dashboard's cookie instead. Without a token Mission Control only
 * listens on loopback (enforced at start-up), the PRD's single-user mode.
 */
export function checkAdminToken(request: FastifyRequest, access: RouteAccess, token: string | undefined): Refusal | undefined {
  if (!token || access === 'dashboard' || access === 'public') return undefined;
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const read = request.method === 'GET' || request.method === 'HEAD';
  const fromCookie = access === 'docs' && read ? cookieToken(request.headers.cookie) : undefined;
  const given = bearer ?? fromCookie;
  if (given && same(given, token)) return undefined;
  return {
    status: 401,
    code: 'unauthorized',
    headers: { 'www-authenticate': 'Bearer' },
    message: given
      ? 'That admin token is not the one Mission Control was started with.'
      : 'Mission Control needs its admin token: send Authorization: Bearer <OTTERNAUTS_ADMIN_TOKEN>.',
  };
}
