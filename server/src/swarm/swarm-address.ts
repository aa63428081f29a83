import { isIP } from 'node:net';

/** Swarm's control-plane port: joins go to it, managers listen on it. */
export const SWARM_PORT = 2377;

/**
 * `host:port` as Docker (Go's net.SplitHostPort) reads it: an IPv6 address needs brackets,
 * else `fd77::11:2377` is one address with no port and the join dials the wrong place.
 * Accepts an address that is already bracketed or carries a zone (`fe80::1%eth0`).
 */
export function hostPort(host: string, port = SWARM_PORT): string {
  const bare = unbracket(host);
  return isIPv6(bare) ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/** `[fd77::11]` → `fd77::11`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isIPv6(host: string): boolean {
  const bare = unbracket(host);
  const [address] = bare.split('%');
  return isIP(address) === 6;
}

/**
 * Where a node's swarm listener binds: the wildcard of the advertised address's family, so a
 * node advertised on IPv6 also accepts managers and workers that dial its IPv6 address.
 */
export function listenAddress(advertiseAddress: string): string {
  return isIPv6(advertiseAddress) ? hostPort('::') : hostPort('0.0.0.0');
}
