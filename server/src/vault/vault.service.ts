import { Injectable } from '@nestjs/common';
import { VaultCipher, VaultCorruptError, VaultKeyError } from './vault-cipher.js';

const CHECK_PLAINTEXT = 'otternauts-vault-check';

/** What the vault needs from storage: one row holding a sealed known value. */
export abstract class VaultCheckStore {
  abstract read(): Promise<Uint8Array | undefined>;
  abstract write(sealed: Uint8Array): Promise<void>;
}

/**
 * Seals and opens every secret field. A known value sealed with the first key tells a
 * wrong key (the check fails too) from a damaged ciphertext (the check passes).
 */
@Injectable()
export class VaultService {
  private keyMatches: boolean | undefined;

  constructor(
    private readonly cipher: VaultCipher,
    private readonly checks: VaultCheckStore,
  ) {}

  /** Records the key check on first run; answers whether the key opens stored secrets. */
  async verifyKey(): Promise<boolean> {
    const sealed = await this.checks.read();
    if (!sealed) {
      await this.checks.write(this.cipher.seal(CHECK_PLAINTEXT));
      this.keyMatches = true;
    } else {
      this.keyMatches = this.cipher.tryOpen(sealed) === CHECK_PLAINTEXT;
    }
    return this.keyMatches;
  }

  seal(plain: string): Uint8Array<ArrayBuffer> {
    if (this.keyMatches === false) throw new VaultKeyError();
    return this.cipher.seal(plain);
  }

  async open(sealed: Uint8Array): Promise<string> {
    const plain = this.cipher.tryOpen(sealed);
    if (plain !== undefined) return plain;
    if (this.keyMatches === undefined) await this.verifyKey();
    if (this.keyMatches === false) throw new VaultKeyError();
    throw new VaultCorruptError('authentication failed');
  }
}
