import type { FastifyRequest } from 'fastify';

/**
 * Who may call a route, decided from the route the router MATCHED (its pattern, after the
 * router decoded the path), never from the raw URL: `/%61pi/secrets` matches
 * `/api/secrets` and is treated exactly like it.
 * - dashboard: the SPA's static files and its fallback page, open to anyone
 * - public: open API routes (health, and the webhook Git hosts call: it is authenticated by
 *   the provider's signature over the body instead, deliveries/hooks.controller.ts)
 * - docs: read-only API documentation (a browser opens it directly: the session cookie serves)
 * - token: everything else, including requests that matched no route (deny by default)
 */
export type RouteAccess = 'dashboard' | 'public' | 'docs' | 'token';

const PUBLIC_API = new Set(['/api/health']);
/** Push to deploy: a Git host cannot send the admin token, it signs the body with the stack's webhook secret. */
export const HOOK_ROUTE = '/api/hooks/:hookId';
/** POST logs in (the token is the body), DELETE logs out; GET (who am I) needs a credential. */
export const SESSION_ROUTE = '/api/session';
const DOCS = new Set(['/api/openapi.json', '/api/docs', '/api/docs-yaml']);
/** The dashboard's fallback routes (web-hosting/dashboard.ts): they catch every GET no other route matched. */
export const SPA_ROUTES = ['/', '/*'] as const;

/**
 * True for a path that names the API however it is spelled: `/api/x`, `//api`, `/API/x`,
 * `api;x` (the SPA's wildcard has no leading slash). The router only routes the exact
 * spelling, so the others land in the SPA fallback, which must not treat them as pages.
 */
export function isApiPath(path: string): boolean {
  return /^api(?![a-z0-9_])/i.test(path.replace(/^[/\\]+/, ''));
}

function isDocs(route: string): boolean {
  return DOCS.has(route) || route.startsWith('/api/docs/');
}

/** The decoded path the SPA fallback caught ('' for `/`). */
export function spaPath(request: FastifyRequest): string {
  return (request.params as Record<string, string> | undefined)?.['*'] ?? '';
}

export function routeAccess(request: FastifyRequest): RouteAccess {
  const route = request.routeOptions.url;
  // unmatched: Fastify's not-found handler; its 404 is only for callers with the token
  if (route === undefined) return 'token';
  if ((SPA_ROUTES as readonly string[]).includes(route)) return isApiPath(spaPath(request)) ? 'token' : 'dashboard';
  if (!isApiPath(route)) return request.method === 'GET' || request.method === 'HEAD' ? 'dashboard' : 'token';
  if (PUBLIC_API.has(route)) return 'public';
  if (route === SESSION_ROUTE && (request.method === 'POST' || request.method === 'DELETE')) return 'public';
  // the router also matches `/api/hooks/` with an empty id: that names no webhook, so it stays closed
  if (route === HOOK_ROUTE && request.method === 'POST' && (request.params as Record<string, string> | undefined)?.hookId) return 'public';
  if (isDocs(route)) return 'docs';
  return 'token';
}
