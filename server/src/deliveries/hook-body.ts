import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HOOK_ROUTE } from '../auth/route-access.js';

/** Git hosts send whole push payloads (GitHub allows 25 MB); every other route keeps the 2 MiB default. */
export const HOOK_BODY_LIMIT = 25 * 1024 * 1024;

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/** The bytes the Git host signed, for the webhook route only. */
export function rawBodyOf(request: FastifyRequest): Buffer | undefined {
  return rawBodies.get(request);
}

/**
 * Fastify's JSON parser, reading the body as bytes first: a signature is over the exact bytes
 * sent, and re-serialised JSON would differ. The bytes are kept only for the webhook route,
 * so no other request holds its body twice. Call before the routes are registered.
 */
export function installJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addHook('onRoute', (route) => {
    if (route.url === HOOK_ROUTE) route.bodyLimit = HOOK_BODY_LIMIT;
  });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.url === HOOK_ROUTE) rawBodies.set(request, body as Buffer);
    // the default parser takes bytes as well as text (secure-json-parse decodes them as UTF-8)
    void parseJson(request, body as unknown as string, done);
  });
}
