import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { baseConnectConfig } from './client-config.js';
import { classifyConnectError, sshErrors } from './ssh-errors.js';

/** OpenSSH's fingerprint form (`ssh-keygen -l`): SHA256 of the key blob, base64 without '='. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Two fingerprints name the same key; tolerates base64 padding a user may have pasted. */
export function sameFingerprint(a: string, b: string): boolean {
  return a.trim().replace(/=+$/, '') === b.trim().replace(/=+$/, '');
}

/** The key type is the first string of the SSH wire-format blob (`ssh-ed25519`, `ssh-rsa`...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) throw new Error('Malformed host key');
  const len = key.readUInt32BE(0);
  if (len === 0 || 4 + len > key.length) throw new Error('Malformed host key');
  return key.subarray(4, 4 + len).toString('latin1');
}

export interface ScannedHostKey {
  keyType: string;
  fingerprint: string;
  /** the key blob, base64 as in a known_hosts line (Git hosts' keys are pinned in one) */
  key: string;
}

/**
 * Reads the server's host key for the user to confirm (TOFU), trusting nothing: the
 * verifier refuses the key, so the handshake stops before authentication and no
 * credential is ever sent to an unconfirmed server. It negotiates exactly like the
 * pool's connections (baseConnectConfig), so the fingerprint shown is the one verified later.
 */
export function scanHostKey(host: string, port: number, timeoutMs: number): Promise<ScannedHostKey> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seen: ScannedHostKey | undefined;
    let settled = false;
    let malformed = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      client.removeAllListeners('close');
      client.destroy();
      if (seen) resolve(seen);
      else if (malformed) reject(sshErrors.handshake({ host, port }));
      else reject(classifyConnectError(err, { host, port }, { readyTimeoutMs: timeoutMs }));
    };
    // Refusing the key makes ssh2 emit "Host denied"; that error is the expected outcome.
    client.on('error', (err) => finish(err));
    client.on('close', () => finish());
    client.on('ready', () => finish());
    try {
      client.connect({
        ...baseConnectConfig(host, port, timeoutMs),
        // Never sent: the handshake ends before authentication. ssh2 requires a username.
        username: 'otternauts-scan',
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          try {
            seen = { keyType: keyTypeOf(key), fingerprint: fingerprintOf(key), key: key.toString('base64') };
          } catch {
            malformed = true;
          }
          verify(false);
        },
      });
    } catch (err) {
      finish(err);
    }
  });
}
