import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const OPEN_PATHS = new Set(['/api/health']);
/** Read-only documentation pages a browser opens directly; they may use the dashboard's cookie. */
const COOKIE_PATHS = [/^\/api\/docs(\/|$)/, /^\/api\/openapi\.json$/];
export const TOKEN_COOKIE = 'otternauts_token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | undefined {
  const pair = header?.split(';').map((p) => p.trim()).find((p) => p.startsWith(`${TOKEN_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(TOKEN_COOKIE.length + 1)) : undefined;
}

/**
 * With OTTERNAUTS_ADMIN_TOKEN set, every /api call except health needs
 * `Authorization: Bearer <token>`. Without it Mission Control only listens on loopback
 * (enforced at start-up), the PRD's single-user mode.
 */
export function installAdminToken(fastify: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0];
    if (!url.startsWith('/api') || OPEN_PATHS.has(url)) return;
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const fromCookie = request.method === 'GET' && COOKIE_PATHS.some((p) => p.test(url)) ? cookieToken(request.headers.cookie) : undefined;
    const given = bearer ?? fromCookie;
    if (given && same(given, token)) return;
    await reply
      .status(401)
      .header('www-authenticate', 'Bearer')
      .send({
        error: {
          code: 'unauthorized',
          message: given
            ? 'That admin token is not the one Mission Control was started with.'
            : 'Mission Control needs its admin token: send Authorization: Bearer <OTTERNAUTS_ADMIN_TOKEN>.',
          details: [],
        },
      });
  });
}
