import { VaultCipher, VaultCorruptError, VaultKeyError, WRONG_KEY_MESSAGE } from './vault-cipher.js';
import { VaultCheckStore, VaultService } from './vault.service.js';

class MemoryCheckStore extends VaultCheckStore {
  sealed?: Uint8Array;
  async read() {
    return this.sealed;
  }
  async write(sealed: Uint8Array) {
    this.sealed = sealed;
  }
}

const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');

async function vaultWith(key: string, store = new MemoryCheckStore()) {
  const vault = new VaultService(await VaultCipher.create(key), store);
  return { vault, store, ok: await vault.verifyKey() };
}

describe(VaultService.name, () => {
  it('should round-trip a secret and never store the plain text', async () => {
    const { vault } = await vaultWith(keyA);
    const secret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----';
    const sealed = vault.seal(secret);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('OPENSSH');
    expect(sealed[0]).toBe(1);
    expect(await vault.open(sealed)).toBe(secret);
  });

  it('should use a fresh nonce for every seal', async () => {
    const { vault } = await vaultWith(keyA);
    expect(Buffer.from(vault.seal('same')).equals(Buffer.from(vault.seal('same')))).toBe(false);
  });

  it('should call a changed ciphertext damaged, not give garbage', async () => {
    const { vault } = await vaultWith(keyA);
    const sealed = vault.seal('registry-password');
    sealed[sealed.length - 1] ^= 0xff;
    await expect(vault.open(sealed)).rejects.toThrow(VaultCorruptError);
  });

  it('should refuse an unknown format version', async () => {
    const { vault } = await vaultWith(keyA);
    const sealed = vault.seal('x');
    sealed[0] = 9;
    await expect(vault.open(sealed)).rejects.toThrow('unknown format version 9');
  });

  it('should give the wrong-key message when the key is not the one secrets were saved with', async () => {
    const first = await vaultWith(keyA);
    const sealed = first.vault.seal('hunter2');
    const second = await vaultWith(keyB, first.store);
    expect(second.ok).toBe(false);
    await expect(second.vault.open(sealed)).rejects.toThrow(VaultKeyError);
    await expect(second.vault.open(sealed)).rejects.toThrow(WRONG_KEY_MESSAGE);
    // sealing with the wrong key would mix keys in one database: refused
    expect(() => second.vault.seal('new')).toThrow(WRONG_KEY_MESSAGE);
  });

  it('should refuse a key of the wrong length', async () => {
    await expect(VaultCipher.create(Buffer.alloc(16).toString('base64'))).rejects.toThrow('must be 32 bytes');
  });
});
