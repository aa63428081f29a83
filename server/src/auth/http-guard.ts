import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import type { CredentialStore } from '../tokens/credential-store.js';
import { checkCredentials } from './credentials.js';
import { checkCrossSite } from './cross-site-check.js';
import { checkHost } from './host-check.js';
import { checkJsonBody } from './json-only.js';
import { sendRefusal } from './refusal.js';
import { routeAccess } from './route-access.js';
import { checkScope } from './scope-check.js';
import { servedAs } from './served-as.js';

/**
 * One onRequest hook in front of every route, the not-found handler included. It runs
 * after routing (so it knows the route that matched) and before the body is read. Order:
 * a foreign Host (rebinding) and a foreign page are turned away first, whatever the token;
 * then who is calling (credentials.ts); then whether their scopes cover the route
 * (scope-check.ts); then a body that is not JSON.
 */
export function installHttpGuard(
  fastify: FastifyInstance,
  config: Pick<AppConfig, 'host' | 'port' | 'publicUrl' | 'allowedHosts' | 'adminToken'>,
  store: CredentialStore,
): void {
  const served = servedAs(config);
  const deps = { adminToken: config.adminToken, store, served };
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // No other site may frame the dashboard (clickjacking: a hidden frame over a "deploy" button)
    // or have a response sniffed into a script or a page.
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "frame-ancestors 'none'");
    reply.header('x-content-type-options', 'nosniff');
    const access = routeAccess(request);
    const refusal =
      checkHost(request, served) ??
      checkCrossSite(request, access, served) ??
      (await checkCredentials(request, access, deps)) ??
      (await checkScope(request, access, store)) ??
      checkJsonBody(request);
    if (refusal) return sendRefusal(reply, refusal);
  });
}
