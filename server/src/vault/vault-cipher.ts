import sodium from 'libsodium-wrappers';

/** Format of every sealed value: [version][nonce][secretbox ciphertext + MAC]. */
const VERSION_SECRETBOX = 1;

export const WRONG_KEY_MESSAGE = 'cannot decrypt stored secrets: OTTERNAUTS_SECRET_KEY is not the key they were saved with';

export class VaultKeyError extends Error {
  constructor() {
    super(WRONG_KEY_MESSAGE);
  }
}

export class VaultCorruptError extends Error {
  constructor(reason: string) {
    super(`a stored secret is damaged and cannot be decrypted (${reason}); restore it from a backup or enter it again`);
  }
}

let ready: Promise<void> | undefined;
/** libsodium loads its WebAssembly asynchronously, once. */
export function sodiumReady(): Promise<void> {
  ready ??= sodium.ready;
  return ready;
}

/** Pure secretbox sealing with a version byte, so the scheme can change later. */
export class VaultCipher {
  private constructor(private readonly key: Uint8Array) {}

  static async create(keyBase64: string): Promise<VaultCipher> {
    await sodiumReady();
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length !== sodium.crypto_secretbox_KEYBYTES) {
      throw new Error(`the vault key must be ${sodium.crypto_secretbox_KEYBYTES} bytes`);
    }
    return new VaultCipher(new Uint8Array(key));
  }

  static async generateKey(): Promise<string> {
    await sodiumReady();
    return Buffer.from(sodium.crypto_secretbox_keygen()).toString('base64');
  }

  seal(plain: string): Uint8Array<ArrayBuffer> {
    const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
    const box = sodium.crypto_secretbox_easy(sodium.from_string(plain), nonce, this.key);
    const out = new Uint8Array(1 + nonce.length + box.length);
    out[0] = VERSION_SECRETBOX;
    out.set(nonce, 1);
    out.set(box, 1 + nonce.length);
    return out;
  }

  /** Returns undefined when the MAC does not verify: wrong key or altered bytes. */
  tryOpen(sealed: Uint8Array): string | undefined {
    if (sealed[0] !== VERSION_SECRETBOX) {
      throw new VaultCorruptError(`unknown format version ${sealed[0] ?? 'none'}`);
    }
    const nonceEnd = 1 + sodium.crypto_secretbox_NONCEBYTES;
    if (sealed.length < nonceEnd + sodium.crypto_secretbox_MACBYTES) throw new VaultCorruptError('too short');
    try {
      const plain = sodium.crypto_secretbox_open_easy(sealed.subarray(nonceEnd), sealed.subarray(1, nonceEnd), this.key);
      return sodium.to_string(plain);
    } catch {
      return undefined;
    }
  }
}
