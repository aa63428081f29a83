import { createHash } from 'node:crypto';

/** Everything needed to reach one server; the pool keeps one connection per `id`. */
export interface SshTarget {
  id: string;
  host: string;
  port: number;
  username: string;
  privateKey: string;
  passphrase?: string;
  /** The SHA256 fingerprint the user confirmed (TOFU); every connection is checked against it. */
  fingerprint: string;
}

/**
 * A digest of the connection parameters: when it changes, the pooled connection belongs to
 * an outdated target and is replaced. A digest rather than a copy, so the pool keeps no
 * second plaintext copy of the key around for comparisons.
 */
export function connectionParamsKey(t: SshTarget): string {
  const fields = [t.host, t.port, t.username, t.privateKey, t.passphrase ?? '', t.fingerprint];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
