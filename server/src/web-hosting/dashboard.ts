import fs from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {} from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Otternauts</title>
<p>Mission Control is running, but the dashboard has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

/**
 * Serves the built SvelteKit SPA at /. Unknown paths outside /api get index.html so deep
 * links work (Nest owns Fastify's not-found handler, so this is a catch-all route).
 */
export function serveDashboard(app: NestFastifyApplication, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  const built = fs.existsSync(index);
  if (built) app.useStaticAssets({ root: webDir, prefix: '/', wildcard: false, index: false });
  const fastify = app.getHttpAdapter().getInstance();
  const spa = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api')) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Nothing here: check the address.', details: [] } });
    }
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', webDir);
  };
  fastify.get('/', spa);
  fastify.get('/*', spa);
}
