import { isIP } from 'node:net';

/** One `ports` entry in short syntax, read as docker/go-connections' nat.ParsePortSpec does. */
export interface PortSpec {
  hostIp: string;
  /** Published port range, or null when Docker picks one. */
  published: { start: number; end: number } | null;
  target: { start: number; end: number };
  protocol: string;
}

export type ParsedPort = { ok: true; port: PortSpec } | { ok: false; reason: string };

export function parsePortSpec(raw: string): ParsedPort {
  const parts = raw.split(':');
  const n = parts.length;
  const containerPart = parts[n - 1];
  const hostPort = n >= 2 ? parts[n - 2] : '';
  let hostIp = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const [protocol, containerPort] = splitProtocol(containerPart);
  if (hostIp.startsWith('[')) {
    const inner = /^\[([^\]]*)\]$/.exec(hostIp);
    if (!inner) return { ok: false, reason: `invalid IP address ${hostIp}` };
    hostIp = inner[1];
  }
  if (hostIp !== '' && isIP(hostIp) === 0) return { ok: false, reason: `invalid IP address: ${hostIp}` };
  if (containerPort === '') return { ok: false, reason: `no port specified: ${raw}<empty>` };
  const target = parsePortRange(containerPort);
  if (!target) return { ok: false, reason: `invalid containerPort: ${containerPort}` };
  let published: PortSpec['published'] = null;
  if (hostPort !== '') {
    published = parsePortRange(hostPort);
    if (!published) return { ok: false, reason: `invalid hostPort: ${hostPort}` };
    // A host range with a single container port is a pool to pick from; otherwise sizes must match.
    if (published.end - published.start !== target.end - target.start && target.end !== target.start) {
      return { ok: false, reason: `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}` };
    }
  }
  if (!['tcp', 'udp', 'sctp'].includes(protocol.toLowerCase())) return { ok: false, reason: `invalid proto: ${protocol}` };
  return { ok: true, port: { hostIp, published, target, protocol: protocol.toLowerCase() } };
}

/** An `expose` entry: a port or range with an optional protocol ("3000", "3000-3005/udp"). */
export function parseExposeSpec(raw: string): { start: number; end: number; protocol: string } | null {
  const [protocol, port] = splitProtocol(raw);
  const range = parsePortRange(port);
  return range ? { ...range, protocol: protocol.toLowerCase() } : null;
}

function splitProtocol(raw: string): [protocol: string, port: string] {
  const parts = raw.split('/');
  if (raw.length === 0 || parts[0].length === 0) return ['', ''];
  if (parts.length === 1 || parts[1].length === 0) return ['tcp', parts[0]];
  return [parts[1], parts[0]];
}

function parsePortRange(text: string): { start: number; end: number } | null {
  if (text === '') return null;
  if (!text.includes('-')) {
    const port = parsePort(text);
    return port === null ? null : { start: port, end: port };
  }
  const [first, second] = text.split('-');
  const start = parsePort(first);
  const end = parsePort(second);
  if (start === null || end === null || end < start) return null;
  return { start, end };
}

/** strconv.ParseUint(text, 10, 16) */
function parsePort(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value <= 65535 ? value : null;
}
