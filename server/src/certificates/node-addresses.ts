import { isIP } from 'node:net';

/**
 * One spelling per address, so a domain's answer and a node's address compare equal:
 * IPv6 in the compressed lower-case form the URL parser gives, IPv4-mapped IPv6 as plain
 * IPv4 (getent prints either, Swarm prints plain), brackets and zones dropped.
 */
export function normaliseAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  a = a.split('%')[0];
  const family = isIP(a);
  if (family === 4) return a;
  if (family !== 6) return null;
  const compact = new URL(`http://[${a}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compact);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return compact;
}

/** 0.0.0.0 and :: say "every interface", not where a node is (a manager's Status.Addr can be 0.0.0.0). */
export function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** Normalised, de-duplicated, in first-seen order; anything that is not an address is left out. */
export function addressSet(raw: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const r of raw) {
    const a = normaliseAddress(r);
    if (a && !isUnspecified(a)) seen.add(a);
  }
  return [...seen];
}
