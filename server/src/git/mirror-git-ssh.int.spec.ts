import fs from 'node:fs';
import path from 'node:path';
import type { Repository } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { VaultService } from '../vault/vault.service.js';
import { ApiError } from '../errors/api-error.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { tempDir } from '../testing/temp-dir.js';
import { generateKey, keygenFingerprint, LocalSshd } from '../ssh/testing/local-sshd.js';
import { GitService } from './git.service.js';
import { seedRepo } from './testing/git-fixtures.js';

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

function allCmdlines(): string[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    });
}

// a real OpenSSH server (as root, like the servers Otternauts manages) runs git-upload-pack for the deploy key
describe('MirrorGit over SSH', () => {
  let dir: string;
  let app: TestApp;
  let git: GitService;
  let prisma: PrismaService;
  let vault: VaultService;
  let sshd: LocalSshd;
  let sha: string;
  let url: string;
  let hostKey: { type: string; blob: string };
  const gitTempDirs = () => {
    const tmp = path.join(app.config.dataDir, 'git', 'tmp');
    return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
  };

  // the URL is unique: each test's row replaces the one before
  const row = async (fields: Partial<Repository>) => {
    await prisma.repository.deleteMany({ where: { url } });
    return prisma.repository.create({
      data: {
        name: `ssh-${Math.random().toString(36).slice(2)}`,
        url,
        access: 'deploy_key',
        deployKey: vault.seal(sshd.clientKey),
        hostKey: hostKey.blob,
        hostKeyType: hostKey.type,
        hostKeyFingerprint: sshd.hostFingerprint,
        ...fields,
      } as never,
    });
  };

  beforeAll(async () => {
    dir = tempDir('git-ssh');
    app = await startTestApp(path.join(dir, 'data'));
    git = app.app.get(GitService);
    prisma = app.app.get(PrismaService);
    vault = app.app.get(VaultService);
    sshd = await LocalSshd.start();
    ({ sha } = await seedRepo(path.join(dir, 'srv', 'app.git'), path.join(dir, 'work'), { 'compose.yaml': 'services: {}\n' }));
    url = `ssh://root@127.0.0.1:${sshd.port}${path.join(dir, 'srv', 'app.git')}`;
    const [type, blob] = fs.readFileSync(sshd.hostKeyPublicPath, 'utf8').split(' ');
    hostKey = { type, blob };
  });

  afterAll(async () => {
    await sshd?.cleanup();
    await app?.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should fetch with the deploy key against the pinned host key, the key never in a process argument or left on disk', async () => {
    const repo = await row({});
    const keyLines = sshd.clientKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    const seen: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        seen.push(...allCmdlines().filter((c) => c.includes('ssh') || c.includes('git')));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    try {
      await git.fetch(repo);
      expect((await git.remoteRefs(repo)).refs.get('refs/heads/main')).toBe(sha);
    } finally {
      sampling = false;
      await sampler;
    }
    expect((await git.resolveRef(repo, 'main')).sha).toBe(sha);
    expect((await git.readFile(repo, sha, 'compose.yaml'))?.toString()).toBe('services: {}\n');
    expect(seen.some((c) => c.includes('HostKeyAlias=otternauts-git-host'))).toBe(true);
    expect(seen.filter((c) => keyLines.some((l) => c.includes(l)) || c.includes('PRIVATE KEY'))).toEqual([]);
    expect(gitTempDirs()).toEqual([]);
    expect(sshd.log).toMatch(/Accepted publickey for root/);
  });

  it('should refuse a host whose key is not the confirmed one, saying what it shows now', async () => {
    const other = await generateKey(dir, 'other_host');
    const [type, blob] = fs.readFileSync(other.publicPath, 'utf8').split(' ');
    const repo = await row({ hostKey: blob, hostKeyType: type, hostKeyFingerprint: await keygenFingerprint(other.publicPath) });
    const err = await caught(git.fetch(repo));
    expect(err.code).toBe('git_host_key_changed');
    expect(err.message).toBe(
      `The Git host of ${url} presents a different host key than the one you confirmed (it now shows ${sshd.hostFingerprint}); ` +
        "confirm the new one in the repository's settings if the host was rebuilt.",
    );
    expect(gitTempDirs()).toEqual([]);
  });

  it('should say the Git host refused a deploy key it does not know, without the key', async () => {
    const stranger = await generateKey(dir, 'stranger');
    const repo = await row({ deployKey: vault.seal(stranger.privateKey) });
    const err = await caught(git.fetch(repo));
    expect(err.code).toBe('git_auth_failed');
    expect(err.message).toContain('add the deploy key');
    expect(err.message).not.toContain('PRIVATE KEY');
    const stored = await prisma.repository.findUniqueOrThrow({ where: { id: repo.id } });
    expect(stored.lastError).toBe(err.message);
  });
});
