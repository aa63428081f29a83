import fs from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {} from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath, spaPath } from '../auth/route-access.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Otternauts</title>
<p>Mission Control is running, but the dashboard has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

/**
 * Serves the built SvelteKit SPA at /. Unknown paths outside /api get index.html so deep
 * links work (Nest owns Fastify's not-found handler, so this is a catch-all route). The
 * catch-all also receives the API's other spellings the router does not route (`//api/x`,
 * `/API/x`, `/api/x/`): those are never pages, they answer the API's 404 (and the HTTP
 * guard asks for the token first, see auth/route-access.ts).
 */
export function serveDashboard(app: NestFastifyApplication, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  const built = fs.existsSync(index);
  if (built) app.useStaticAssets({ root: webDir, prefix: '/', wildcard: false, index: false });
  const fastify = app.getHttpAdapter().getInstance();
  const spa = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isApiPath(spaPath(request))) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Nothing here: check the address.', details: [] } });
    }
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', webDir);
  };
  fastify.get('/', spa);
  fastify.get('/*', spa);
}
