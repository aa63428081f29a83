import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePrivateKey, type PrivateKeyCheck } from './private-key.js';
import { generateKey } from './testing/local-sshd.js';

let dir: string;
const keys: Record<string, { text: string; pub: string }> = {};
const PASSPHRASE = 'correct horse battery';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'otternauts-keys-'));
  const make = async (name: string, args: string[], passphrase = '') => {
    const k = await generateKey(dir, name, args, passphrase);
    keys[name] = { text: k.privateKey, pub: await readFile(k.publicPath, 'utf8') };
  };
  await Promise.all([
    make('ed25519', ['-t', 'ed25519']),
    make('rsaPem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']),
    make('ecdsaPass', ['-t', 'ecdsa', '-b', '256'], PASSPHRASE),
    make('rsaPemPass', ['-t', 'rsa', '-b', '2048', '-m', 'PEM'], PASSPHRASE),
    make('ed25519Pass', ['-t', 'ed25519'], PASSPHRASE),
    make('rsaPkcs8', ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8']),
    make('dsa', ['-t', 'dsa']),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A failure message must never carry any part of what the user pasted. */
function expectNoSecretIn(check: PrivateKeyCheck, text: string, passphrase?: string) {
  if (check.ok) throw new Error('expected a failed check');
  const body = text.split('\n').filter((l) => l && !l.startsWith('-----'));
  for (const line of body) {
    for (let i = 0; i + 12 <= line.length; i += 6) {
      expect(check.message).not.toContain(line.slice(i, i + 12));
    }
  }
  if (passphrase) expect(check.message).not.toContain(passphrase);
}

describe(parsePrivateKey.name, () => {
  it('should accept an unencrypted ed25519 key in OpenSSH format', () => {
    expect(parsePrivateKey(keys.ed25519.text)).toEqual({ ok: true, type: 'ssh-ed25519' });
  });

  it('should accept an RSA key in PEM form', () => {
    expect(keys.rsaPem.text).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(parsePrivateKey(keys.rsaPem.text)).toEqual({ ok: true, type: 'ssh-rsa' });
  });

  it('should accept an ECDSA key with its passphrase', () => {
    expect(parsePrivateKey(keys.ecdsaPass.text, PASSPHRASE)).toEqual({
      ok: true,
      type: 'ecdsa-sha2-nistp256',
    });
  });

  it('should accept a passphrase-protected PEM RSA key with its passphrase', () => {
    expect(parsePrivateKey(keys.rsaPemPass.text, PASSPHRASE)).toEqual({ ok: true, type: 'ssh-rsa' });
  });

  it('should accept a key pasted with Windows line ends and surrounding blank lines', () => {
    const pasted = `\r\n  ${keys.ed25519.text.replace(/\n/g, '\r\n')}\r\n\r\n`;
    expect(parsePrivateKey(pasted)).toEqual({ ok: true, type: 'ssh-ed25519' });
  });

  it('should reject garbage as not a key', () => {
    const check = parsePrivateKey('hello, this is my key: hunter2 hunter2 hunter2');
    expect(check).toMatchObject({ ok: false, reason: 'not_a_key' });
    expect(check.ok === false && check.message).not.toContain('hunter2');
  });

  it('should reject a truncated key without quoting it', () => {
    const truncated = keys.ed25519.text.slice(0, 200);
    const check = parsePrivateKey(truncated);
    expect(check).toMatchObject({ ok: false, reason: 'not_a_key' });
    expectNoSecretIn(check, truncated);
  });

  it('should recognise a pasted public key', () => {
    const check = parsePrivateKey(keys.ed25519.pub);
    expect(check).toEqual({
      ok: false,
      reason: 'public_key',
      message: 'This is a public key. Paste the private key instead: the file without ".pub" (for example ~/.ssh/id_ed25519).',
    });
    expectNoSecretIn(check, keys.ed25519.pub);
  });

  it.each(['ecdsaPass', 'rsaPemPass', 'ed25519Pass'])('should ask for the passphrase of %s when none is given', (name) => {
    const check = parsePrivateKey(keys[name].text);
    expect(check).toEqual({
      ok: false,
      reason: 'passphrase_required',
      message: 'This private key is protected by a passphrase. Enter the passphrase too.',
    });
    expectNoSecretIn(check, keys[name].text);
  });

  it.each(['ecdsaPass', 'rsaPemPass', 'ed25519Pass'])('should say the passphrase is wrong for %s without echoing it', (name) => {
    const wrong = 'Tr0ub4dor&3-not-it';
    const check = parsePrivateKey(keys[name].text, wrong);
    expect(check).toEqual({
      ok: false,
      reason: 'wrong_passphrase',
      message: 'The passphrase does not unlock this private key.',
    });
    expectNoSecretIn(check, keys[name].text, wrong);
  });

  it('should explain that PKCS#8 keys need converting', () => {
    const check = parsePrivateKey(keys.rsaPkcs8.text);
    expect(check).toMatchObject({ ok: false, reason: 'unsupported_format' });
    expectNoSecretIn(check, keys.rsaPkcs8.text);
  });

  it('should refuse a DSA key, which sshd no longer accepts for login', () => {
    // ssh-keygen can still write one (OpenSSH 9.2); ssh2 parses it, so the type check decides.
    const check = parsePrivateKey(keys.dsa.text);
    expect(check).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expectNoSecretIn(check, keys.dsa.text);
  });
});
