import fs from 'node:fs';
import path from 'node:path';
import { VaultCipher } from './vault-cipher.js';

export interface VaultKeySource {
  key: string;
  /** true when this run generated the key (and wrote it to the data directory) */
  generated: boolean;
  file?: string;
}

/**
 * The key comes from OTTERNAUTS_SECRET_KEY, else from <data dir>/secret.key, else it is
 * generated once and written there with mode 0600. An existing key file is never replaced.
 */
export async function resolveVaultKey(dataDir: string, fromEnv: string | undefined): Promise<VaultKeySource> {
  if (fromEnv) return { key: fromEnv, generated: false };
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (Buffer.from(key, 'base64').length !== 32) {
      throw new Error(`${file} does not hold a base64 key of 32 bytes; restore it from your backup`);
    }
    return { key, generated: false, file };
  }
  const key = await VaultCipher.generateKey();
  // 'wx' fails if another process created the file meanwhile: never overwrite a key.
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generated: true, file };
}
