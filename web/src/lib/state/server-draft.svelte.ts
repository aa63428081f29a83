import type { Schemas } from '#lib/api/client.ts';

export const SERVER_FIELDS = ['name', 'hostname', 'port', 'sshUser', 'privateKey', 'passphrase'] as const;

/** What the add-server wizard collects before the server exists. */
export class ServerDraft {
  name = $state('');
  hostname = $state('');
  port = $state(22);
  sshUser = $state('root');
  privateKey = $state('');
  passphrase = $state('');

  scanBody(): Schemas['ScanServerDto'] {
    return { hostname: this.hostname.trim(), port: Number(this.port) || 22 };
  }

  createBody(fingerprint: string, role: 'manager' | 'worker'): Schemas['CreateServerDto'] {
    return {
      name: this.name.trim() || this.hostname.trim(),
      hostname: this.hostname.trim(),
      port: Number(this.port) || 22,
      sshUser: this.sshUser.trim(),
      privateKey: this.privateKey,
      ...(this.passphrase ? { passphrase: this.passphrase } : {}),
      fingerprint,
      role,
    };
  }

  /** The key and passphrase go to Mission Control once and are not kept in the page. */
  forgetSecrets(): void {
    this.privateKey = '';
    this.passphrase = '';
  }
}
