import os from 'node:os';
import type { AppConfig } from '../config/app-config.js';

/**
 * The names Mission Control is served as: the Host headers it answers and the page
 * origins it takes state-changing requests from. A DNS-rebinding page reaches Mission
 * Control under the attacker's own name, which is never in this list.
 */
export interface ServedAs {
  /** lower-cased host[:port] values, as a Host header carries them */
  hosts: ReadonlySet<string>;
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string | undefined): boolean;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** A wildcard listen answers on every interface: each address is a name it is served as. */
function interfaceAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !(i.family === 'IPv6' && i.scopeid)) // link-local fe80:: needs a zone id no Host header carries
    .map((i) => bracketed(i.address.toLowerCase()));
}

/** `name:port`, and the bare name too where the port is the scheme's default (browsers drop it). */
function withPort(name: string, port: number): string[] {
  return port === 80 || port === 443 ? [`${name}:${port}`, name] : [`${name}:${port}`];
}

export function servedAs(
  config: Pick<AppConfig, 'host' | 'port' | 'publicUrl' | 'allowedHosts'>,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): ServedAs {
  const listen = bracketed(config.host.toLowerCase());
  const names = new Set([...LOOPBACK_NAMES, ...(WILDCARD_HOSTS.has(listen) ? interfaceAddresses(interfaces) : [listen])]);
  const hosts = new Set([...names].flatMap((name) => withPort(name, config.port)));
  for (const entry of config.allowedHosts) hosts.add(entry);
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    hosts.add(url.host);
    if (!url.port) hosts.add(`${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`);
  }

  const hostAllowed = (host: string | undefined) => host !== undefined && hosts.has(host.toLowerCase());
  const originAllowed = (origin: string | undefined) => {
    if (origin === undefined) return false;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) and anything malformed
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase()) return false;
    return hosts.has(url.host) || (!url.port && hosts.has(`${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`));
  };
  return { hosts, hostAllowed, originAllowed };
}
