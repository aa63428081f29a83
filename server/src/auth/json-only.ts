import type { FastifyRequest } from 'fastify';
import { quoted, type Refusal } from './refusal.js';
import { HOOK_ROUTE } from './route-access.js';

/**
 * Request bodies are JSON only. Forms (urlencoded, multipart) and text/plain are what a
 * foreign page can send without a CORS preflight; refusing them before parsing means a
 * drive-by form post never reaches a handler, even if the origin checks were bypassed.
 * A request without a body (deploy, provision, check) needs no content type.
 */
export function checkJsonBody(request: FastifyRequest): Refusal | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined && !hasBody) return undefined;
  if (type !== undefined && type.split(';')[0].trim().toLowerCase() === 'application/json') return undefined;
  // GitHub offers application/x-www-form-urlencoded too: say which setting to change, in its words
  if (request.routeOptions.url === HOOK_ROUTE) {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: `Mission Control takes webhooks as JSON only${type ? `, not ${quoted(type)}` : ''}: in the Git host's webhook settings, pick the content type application/json.`,
    };
  }
  return {
    status: 415,
    code: 'unsupported_media_type',
    message:
      type === undefined
        ? 'Mission Control takes request bodies as JSON only: send the header content-type: application/json.'
        : `Mission Control takes request bodies as JSON only, not ${quoted(type)}: send content-type: application/json.`,
  };
}
