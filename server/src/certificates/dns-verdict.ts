import { addressSet } from './node-addresses.js';

/** The DomainCheck.dnsStatus values. */
export type DnsStatus = 'ok' | 'elsewhere' | 'unresolved' | 'unknown';

export interface DnsVerdict {
  domain: string;
  status: DnsStatus;
  /** what the domain resolved to from a manager (normalised) */
  addresses: string[];
  /** the cluster's node addresses it was compared with */
  nodes: string[];
  /** the PRD's words for a problem; null when the domain points at the cluster */
  message: string | null;
}

const LISTED = 6;

function list(addresses: string[]): string {
  if (addresses.length <= LISTED) return addresses.join(', ');
  return `${addresses.slice(0, LISTED - 1).join(', ')} and ${addresses.length - LISTED + 1} more`;
}

/**
 * A domain whose every address is a node gets its certificate; one with no address or none on a
 * node cannot; one with some addresses elsewhere may fail (Let's Encrypt may pick the stray one:
 * a forgotten AAAA record is the usual case), so it is a warning too, worded as "may".
 */
export function judgeDomain(domain: string, resolved: readonly string[], nodeAddresses: readonly string[]): DnsVerdict {
  const addresses = addressSet(resolved);
  const nodes = addressSet(nodeAddresses);
  if (addresses.length === 0) {
    return {
      domain,
      status: 'unresolved',
      addresses,
      nodes,
      message: `Cannot obtain certificate for ${domain}: DNS does not resolve (no address for ${domain})`,
    };
  }
  const stray = addresses.filter((a) => !nodes.includes(a));
  if (stray.length === 0) return { domain, status: 'ok', addresses, nodes, message: null };
  const where = `it resolves to ${list(addresses)}; the nodes are ${nodes.length ? list(nodes) : 'not known'}`;
  const message =
    stray.length === addresses.length
      ? `Cannot obtain certificate for ${domain}: DNS does not resolve to a cluster node (${where})`
      : `Certificate for ${domain} may fail: DNS also resolves to ${list(stray)}, which ${stray.length === 1 ? 'is not a cluster node' : 'are not cluster nodes'} (${where})`;
  return { domain, status: 'elsewhere', addresses, nodes, message };
}

/** No manager could be asked: nothing is claimed about the domain. */
export function uncheckedDomain(domain: string, reason: string): DnsVerdict {
  return { domain, status: 'unknown', addresses: [], nodes: [], message: `DNS of ${domain} could not be checked: ${reason}` };
}

/**
 * The message for a stored answer when the full verdict is not in memory (after a restart): the
 * node list is not stored, so it names what the domain resolved to and when.
 */
export function storedDnsMessage(domain: string, status: string, addresses: readonly string[], checkedAt: Date | null): string | null {
  if (status === 'unresolved') return `Cannot obtain certificate for ${domain}: DNS does not resolve (no address for ${domain})`;
  if (status !== 'elsewhere') return null;
  const when = checkedAt ? ` at ${checkedAt.toISOString()}` : '';
  return `Cannot obtain certificate for ${domain}: DNS does not resolve to a cluster node (it resolved to ${list([...addresses])}${when})`;
}
