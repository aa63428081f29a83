import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The guard against SSRF through a notification URL or SMTP host: Mission Control would
 * otherwise POST wherever a channel points, its own loopback services and the cloud
 * metadata endpoint included. Private LAN ranges stay allowed (a self-hosted ntfy on the
 * LAN is normal); notifyAllow lets an operator open a host, an address or a CIDR range.
 */

/** An address Mission Control will actually connect to, after every address of the host passed. */
export interface CheckedTarget {
  host: string;
  address: string;
  family: 4 | 6;
}

/** Why a target is refused; the message names the host and the rule, never a URL's path or token. */
export class RefusedTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTarget';
  }
}

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

const METADATA_V6 = ipaddr.parse('fd00:ec2::254');

/** The ranges (as ipaddr.js names them) no notification may go to, v4 and v6 alike, and why. */
const REFUSED_RANGES = new Map<string, string>([
  ['loopback', 'is a loopback address'],
  ['unspecified', 'is the unspecified address'],
  ['linkLocal', 'is a link-local address'],
  // only v4 has one
  ['broadcast', 'is the broadcast address'],
  ['multicast', 'is a multicast address'],
]);

/** The address a v6 form carries a v4 address in (mapped, translated, NAT64, 6to4, deprecated compatible). */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = ip.range();
  const p = ip.parts;
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  }
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  // ::a.b.c.d (IPv4-compatible, deprecated but still routed by some stacks); :: and ::1 are their own ranges
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  }
  return null;
}

/** Why an address must not be a notification target, or null when it may be. */
export function forbiddenReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.toNormalizedString() === METADATA_V6.toNormalizedString()) return 'is the cloud metadata address';
    const v4 = embeddedV4(v6);
    if (v4) return forbiddenV4(v4);
    return REFUSED_RANGES.get(v6.range()) ?? null;
  }
  return forbiddenV4(ip as ipaddr.IPv4);
}

function forbiddenV4(ip: ipaddr.IPv4): string | null {
  if (ip.toString() === '169.254.169.254') return 'is the cloud metadata address';
  return REFUSED_RANGES.get(ip.range()) ?? null;
}

/** Compares in one form: v4 inside v6 is compared as v4, so an allowed 127.0.0.1 also allows ::ffff:127.0.0.1. */
function canonical(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') return embeddedV4(ip as ipaddr.IPv6) ?? ip;
  return ip;
}

/** notifyAllow entries are host names, addresses or CIDR ranges (already lower-cased by the settings). */
export function isAllowed(host: string, address: string, allow: readonly string[]): boolean {
  const ip = canonical(address);
  for (const entry of allow) {
    if (entry === host.toLowerCase()) return true;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) continue;
      const [base, bits] = ipaddr.parseCIDR(entry);
      const want = base.kind() === 'ipv6' ? (embeddedV4(base as ipaddr.IPv6) ?? base) : base;
      // a v4 range written as ::ffff:a.b.c.d/104 keeps 104 - 96 bits of the v4 part
      const width = want !== base ? bits - 96 : bits;
      if (want.kind() === ip.kind() && width >= 0 && ip.match(want, width)) return true;
    } else if (ipaddr.isValid(entry)) {
      const e = canonical(entry);
      if (e.kind() === ip.kind() && e.toNormalizedString() === ip.toNormalizedString()) return true;
    }
  }
  return false;
}

/** A URL or SMTP host's name with brackets removed: `[::1]` → `::1`. */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Resolves the host and checks every address it has (one bad address is enough to refuse:
 * a resolver may hand out either). Answers the first address, which the sender then connects
 * to, so a second lookup cannot point the request elsewhere (DNS rebinding).
 */
export async function checkHost(host: string, allow: readonly string[], resolve: Resolve = systemResolve): Promise<CheckedTarget> {
  const name = bare(host).toLowerCase();
  if (name === '') throw new RefusedTarget('has no host');
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(name) && (name.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(name))) {
    addresses = [{ address: name, family: name.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(name);
    } catch {
      throw new RefusedTarget(`${name} does not resolve (check the name)`);
    }
    if (addresses.length === 0) throw new RefusedTarget(`${name} does not resolve (check the name)`);
  }
  for (const a of addresses) {
    const reason = forbiddenReason(a.address);
    if (reason && !isAllowed(name, a.address, allow)) {
      const what = a.address === name ? name : `${name} resolves to ${a.address}, which`;
      throw new RefusedTarget(
        `${what} ${reason}; notifications may not go there unless OTTERNAUTS_NOTIFY_ALLOW lists the host, address or range`,
      );
    }
  }
  const first = addresses[0];
  return { host: name, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** The URL's host as the WHATWG parser normalises it (2130706433, 0x7f.1 and 127.1 all become 127.0.0.1). */
export function urlHost(url: URL): string {
  return bare(url.hostname);
}

/**
 * A `lookup` for http(s).request and net.connect that only ever answers the checked address:
 * the connection goes where the guard looked, whatever DNS says a moment later.
 */
export function pinnedLookup(target: CheckedTarget): LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}
