import { isIP } from 'node:net';

export type DomainCheck = { ok: true; domain: string } | { ok: false; reason: string };

/**
 * A host name Traefik can route with Host() and Let's Encrypt can certify through the HTTP
 * challenge: lower-cased, at least two labels, no scheme, port, path or wildcard.
 */
export function checkDomain(written: string): DomainCheck {
  if (written === '') return { ok: false, reason: 'it is empty' };
  if (/\s/.test(written)) return { ok: false, reason: 'it contains spaces' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return { ok: false, reason: 'write the host name alone, without http:// or https://' };
  if (written.includes('/')) return { ok: false, reason: 'a domain has no path: Traefik routes the whole host name' };
  if (written.includes('@')) return { ok: false, reason: 'write the host name alone, like example.com' };
  if (isIP(written) !== 0 || isIP(written.replace(/^\[|\]$/g, '')) !== 0) {
    return { ok: false, reason: 'an IP address is not a domain: point a domain at a node and list the domain' };
  }
  if (/:\d*$/.test(written)) return { ok: false, reason: 'a domain has no port: Traefik serves it on 443 (HTTPS) and 80' };
  if (written.startsWith('*')) {
    return { ok: false, reason: 'wildcard domains cannot get a certificate through the HTTP challenge: list each host name' };
  }
  if (/[^\p{ASCII}]/u.test(written)) return { ok: false, reason: 'write an internationalised domain in its ASCII (xn--) form' };
  const domain = written.toLowerCase();
  if (domain.endsWith('.')) return { ok: false, reason: 'leave out the final dot' };
  if (domain.length > 253) return { ok: false, reason: 'it is longer than 253 characters' };
  const labels = domain.split('.');
  if (labels.length < 2) return { ok: false, reason: 'it needs at least one dot, like example.com' };
  for (const label of labels) {
    if (label === '') return { ok: false, reason: 'it has two dots in a row' };
    if (label.length > 63) return { ok: false, reason: `the part "${label.slice(0, 20)}…" is longer than 63 characters` };
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)) {
      return { ok: false, reason: 'each part may hold only letters, digits and inner hyphens' };
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return { ok: false, reason: 'its last part cannot be all digits' };
  return { ok: true, domain };
}
