import { isIP } from 'node:net';

/**
 * Checks for values that end up as arguments of remote commands. Quoting already stops
 * shell injection; these stop OPTION injection (a "name" like `--help` or `-rf` is read
 * as a flag by the program) and values the program would misread, so every pattern
 * starts with a letter or digit.
 */

const HOSTNAME_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A DNS name (RFC 1123), an IPv4 address or an IPv6 address (without brackets). */
export function isHostAddress(value: string): boolean {
  if (isIP(value) !== 0) return true;
  if (value.length === 0 || value.length > 253) return false;
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  // An all-numeric last label would be a malformed IPv4 address, not a name.
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return false;
  return labels.every((l) => HOSTNAME_LABEL.test(l));
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** Login names as useradd accepts them by default (Debian/Ubuntu NAME_REGEX). */
export function isUnixUsername(value: string): boolean {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(value);
}

/**
 * Names of stacks, services, networks, configs and secrets. Docker's own rule is
 * `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; the 63-character cap keeps stack-prefixed service names
 * usable as DNS labels on the overlay network.
 */
export function isDockerName(value: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/.test(value);
}

/** An absolute path without `..` segments or control characters, e.g. for SFTP uploads. */
export function isSafeRemotePath(value: string): boolean {
  if (!value.startsWith('/') || /[\x00-\x1f\x7f]/.test(value)) return false;
  return !value.split('/').includes('..');
}

export class RemoteValueError extends Error {}

/** Throws when a value fails its check; the message names the field, never echoes the value. */
export function assertRemoteValue(ok: boolean, field: string): void {
  if (!ok) throw new RemoteValueError(`${field} is not a valid value for a remote command`);
}
