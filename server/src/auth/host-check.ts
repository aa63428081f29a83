import type { FastifyRequest } from 'fastify';
import { quoted, type Refusal } from './refusal.js';
import type { ServedAs } from './served-as.js';

/**
 * Every path, the dashboard's files and /api/health included: after DNS rebinding, a page
 * on the attacker's name talks to Mission Control as its own origin, so it could read
 * anything it is served. Its requests carry the attacker's name as Host; refusing that
 * name is what stops it. Health is not exempt: probes reach it as localhost or 127.0.0.1.
 */
export function checkHost(request: FastifyRequest, served: ServedAs): Refusal | undefined {
  const host = request.headers.host;
  if (served.hostAllowed(host)) return undefined;
  return {
    status: 421,
    code: 'misdirected_request',
    message:
      `Mission Control is not served as ${host === undefined ? 'a request without a Host header' : quoted(host)}. ` +
      'If that is the address you open it at, add it to OTTERNAUTS_ALLOWED_HOSTS (host[:port], comma-separated) ' +
      'or set OTTERNAUTS_PUBLIC_URL, and restart Mission Control.',
  };
}
