import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateDeployKey } from './deploy-key.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'otn-deploy-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(generateDeployKey.name, () => {
  it('should make an ed25519 pair that OpenSSH reads, with the repository in the comment', async () => {
    const pair = generateDeployKey('shop api');
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+=* otternauts shop api$/);
    expect(pair.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n?$/);
    const keyPath = path.join(dir, 'id');
    writeFileSync(keyPath, pair.privateKey, { mode: 0o600 });
    // ssh-keygen -y derives the public half from the private file: it must be the line we show
    const { stdout } = await run('ssh-keygen', ['-y', '-f', keyPath]);
    expect(stdout.trim().split(' ').slice(0, 2)).toEqual(pair.publicKey.split(' ').slice(0, 2));
  });

  it('should make a different pair every time', () => {
    const a = generateDeployKey('x');
    const b = generateDeployKey('x');
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.privateKey).not.toBe(b.privateKey);
  });
});
