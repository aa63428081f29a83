import type { ConnectConfig } from 'ssh2';

/**
 * Host key algorithms in order of preference, pinned here rather than left to ssh2's
 * defaults: the server presents the host key of the first algorithm both sides support,
 * and the fingerprint the user confirmed is that key's. If a library upgrade reordered its
 * defaults, every stored fingerprint would suddenly "change". The scan and every later
 * connection use this one list, so they always see the same key. The order is ssh2
 * 1.17's own default (ed25519 first, as OpenSSH itself prefers).
 */
export const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** ssh2 options shared by the host key scan and the pool's connections. */
export function baseConnectConfig(host: string, port: number, readyTimeoutMs: number): ConnectConfig {
  return {
    host,
    port,
    readyTimeout: readyTimeoutMs,
    algorithms: { serverHostKey: [...HOST_KEY_ALGORITHMS] },
  };
}
