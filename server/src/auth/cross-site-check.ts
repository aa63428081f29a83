import type { FastifyRequest } from 'fastify';
import { quoted, type Refusal } from './refusal.js';
import type { RouteAccess } from './route-access.js';
import type { ServedAs } from './served-as.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * A web page the person visits can send "simple" requests (forms, no-cors fetch, beacons)
 * to Mission Control without any CORS preflight, and read-only reads by embedding. Browsers
 * say where a request comes from in `Origin` and `Sec-Fetch-Site`; curl, the CLI and Node
 * send neither, and the dashboard is same-origin. So: a request whose Origin is not one
 * Mission Control is served as is refused, and so is one a browser marks as coming from
 * another site (`same-site` covers another port of the same host, like a dev server on
 * 127.0.0.1:3000) unless its Origin is ours. The dashboard's own files stay loadable from
 * anywhere (GET only), and a top-level navigation to an API page is allowed: the page
 * that linked there reads nothing.
 */
export function checkCrossSite(request: FastifyRequest, access: RouteAccess, served: ServedAs): Refusal | undefined {
  const safe = SAFE_METHODS.has(request.method);
  if (safe && access === 'dashboard') return undefined;
  const origin = header(request, 'origin');
  const site = header(request, 'sec-fetch-site');
  const ours = origin !== undefined && served.originAllowed(origin);
  if (origin !== undefined && !ours) return refuse(`a page at ${quoted(origin)}`);
  if (site === 'cross-site' || (site === 'same-site' && !ours)) {
    const navigation = header(request, 'sec-fetch-mode') === 'navigate' && header(request, 'sec-fetch-dest') === 'document';
    if (safe && navigation) return undefined;
    return refuse(`a page on another site (Sec-Fetch-Site: ${site})`);
  }
  if (site !== undefined && !['same-origin', 'same-site', 'cross-site', 'none'].includes(site)) {
    return refuse(`a browser context Mission Control does not know (Sec-Fetch-Site: ${quoted(site)})`);
  }
  return undefined;
}

function refuse(from: string): Refusal {
  return {
    status: 403,
    code: 'cross_origin_refused',
    message:
      `Mission Control refused a request sent by ${from}: another web site may not drive it. ` +
      'Use the dashboard itself, or a client such as curl or the CLI. If Mission Control really is opened at ' +
      'that address, set OTTERNAUTS_PUBLIC_URL (or OTTERNAUTS_ALLOWED_HOSTS) and restart it.',
  };
}
