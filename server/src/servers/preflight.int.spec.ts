import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import type { Server } from '../generated/prisma/client.js';
import { createSshPool, type SshPool } from '../ssh/ssh-pool.js';
import { LocalSshd } from '../ssh/testing/local-sshd.js';
import type { VaultService } from '../vault/vault.service.js';
import { Preflight } from './preflight.js';
import { ServerShell } from './server-shell.js';

// The login shell as a real sshd session reports it: the checks run through that very shell.
let sshd: LocalSshd;
let pool: SshPool;

beforeAll(async () => {
  sshd = await LocalSshd.start();
  pool = createSshPool();
});

afterAll(async () => {
  await pool?.closeAll();
  await sshd?.cleanup();
});

describe(`${Preflight.name} against a real sshd`, () => {
  it('should read the SSH user’s login shell right after logging in, before anything else runs', async () => {
    const target = sshd.target({ id: 'preflight-shell' });
    // the vault adapter hands out the key as stored; the server row points at the local sshd
    const vault = { open: async () => target.privateKey } as unknown as VaultService;
    const server = {
      id: target.id,
      name: 'local',
      hostname: target.host,
      sshPort: target.port,
      sshUser: 'root',
      sshPrivateKey: new Uint8Array(),
      sshPassphrase: null,
      hostKeyFingerprint: target.fingerprint,
    } as unknown as Server;
    const preflight = new Preflight(new ServerShell(pool, vault), server, {
      minDockerVersion: '24.0',
      clusterSwarmId: null,
      managerAddress: null,
      leaveExistingSwarm: false,
    });
    const facts = await preflight.run();
    const expected = execFileSync('getent', ['passwd', 'root'], { encoding: 'utf8' }).trim().split(':')[6];
    expect(facts.results.slice(0, 3)).toEqual([
      { check: 'ssh', status: 'pass', message: expect.any(String) },
      { check: 'auth', status: 'pass', message: 'The key is accepted for root.' },
      { check: 'shell', status: 'pass', message: `The login shell of root is ${expected}, a POSIX shell.` },
    ]);
    expect(sshd.count(/Starting session: command for root/)).toBeGreaterThanOrEqual(2);
  });
});
