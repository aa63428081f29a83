import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fingerprintOf, keyTypeOf, sameFingerprint } from './host-key.js';
import { generateKey, keygenFingerprint } from './testing/local-sshd.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'otternauts-hostkeys-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The wire-format blob is the base64 field of a .pub line. */
async function blobOf(publicPath: string): Promise<Buffer> {
  return Buffer.from((await readFile(publicPath, 'utf8')).split(' ')[1], 'base64');
}

describe(fingerprintOf.name, () => {
  it.each([
    ['ed25519', ['-t', 'ed25519'], 'ssh-ed25519'],
    ['ecdsa', ['-t', 'ecdsa', '-b', '384'], 'ecdsa-sha2-nistp384'],
    ['rsa', ['-t', 'rsa', '-b', '2048'], 'ssh-rsa'],
  ])('should match ssh-keygen -lf for an %s key', async (name, args, type) => {
    const key = await generateKey(dir, name, args);
    const blob = await blobOf(key.publicPath);
    expect(fingerprintOf(blob)).toBe(await keygenFingerprint(key.publicPath));
    expect(keyTypeOf(blob)).toBe(type);
  });
});

describe(keyTypeOf.name, () => {
  it('should reject a blob whose length prefix runs past its end', () => {
    expect(() => keyTypeOf(Buffer.from([0, 0, 0, 50, 0x73]))).toThrow('Malformed host key');
  });
});

describe(sameFingerprint.name, () => {
  it('should ignore base64 padding and surrounding spaces, nothing else', () => {
    expect(sameFingerprint(' SHA256:abc= ', 'SHA256:abc')).toBe(true);
    expect(sameFingerprint('SHA256:abc', 'SHA256:abd')).toBe(false);
    expect(sameFingerprint('SHA256:abc', 'sha256:abc')).toBe(false);
  });
});
