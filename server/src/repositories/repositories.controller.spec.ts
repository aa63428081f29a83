import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, rm } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { PrismaService } from '../database/prisma.service.js';
import { LocalSshd } from '../ssh/testing/local-sshd.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { VaultService } from '../vault/vault.service.js';

// The repositories API on the real application and a real SQLite file; SSH repositories
// against a real OpenSSH server on loopback, whose host key is scanned and pinned.
describe('/api/repositories', () => {
  let t: TestApp;
  let sshd: LocalSshd;
  let prisma: PrismaService;
  let sshUrl: string;
  const call = async (method: string, url: string, payload?: object) => {
    const res = (await t.app.inject({ method: method as 'POST', url, payload })) as unknown as { statusCode: number; body: string };
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const fields = (body: { error: { details: { field?: string }[] } }) => body.error.details.map((d) => d.field);

  beforeAll(async () => {
    t = await startTestApp(tempDir('repositories'));
    prisma = t.app.get(PrismaService);
    sshd = await LocalSshd.start();
    sshUrl = `ssh://root@127.0.0.1:${sshd.port}/srv/git/shop.git`;
  });
  afterAll(async () => {
    await t.app.close();
    await sshd.cleanup();
  });

  describe('https', () => {
    it('should add a public repository without fetching it, and list it', async () => {
      const res = await call('POST', '/api/repositories', { name: 'site', url: 'https://git.example.com/acme/site.git', access: 'public' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'site',
        url: 'https://git.example.com/acme/site.git',
        kind: 'https',
        host: 'git.example.com',
        access: 'public',
        deployKeyPublic: null,
        deployKeySetup: [],
        hostKeyFingerprint: null,
        hasToken: false,
        tokenUsername: null,
        lastFetchedAt: null,
        lastError: null,
        stacks: [],
      });
      expect(res.body.tokenSetup.map((g: { provider: string }) => g.provider)).toEqual(['github', 'gitlab', 'gitea', 'generic']);
      const one = await call('GET', `/api/repositories/${res.body.id}`);
      expect(one).toEqual({ status: 200, body: res.body });
      const all = await call('GET', '/api/repositories');
      expect(all.body.map((r: { name: string }) => r.name)).toContain('site');
    });

    it('should refuse a second repository with the same name or URL, naming the one that has it', async () => {
      const sameName = await call('POST', '/api/repositories', {
        name: 'site',
        url: 'https://git.example.com/acme/other.git',
        access: 'public',
      });
      expect([sameName.status, sameName.body.error.code, fields(sameName.body)]).toEqual([409, 'repository_exists', ['name']]);
      const sameUrl = await call('POST', '/api/repositories', {
        name: 'site2',
        url: 'https://git.example.com/acme/site.git',
        access: 'public',
      });
      expect([sameUrl.status, fields(sameUrl.body)]).toEqual([409, ['url']]);
      expect(sameUrl.body.error.message).toContain('as repository site');
      expect(await prisma.repository.count({ where: { name: 'site2' } })).toBe(0);
    });

    it('should add one of two identical creates sent at once and refuse the other', async () => {
      const payload = { name: 'twin', url: 'https://git.example.com/acme/twin.git', access: 'public' };
      const both = await Promise.all([call('POST', '/api/repositories', payload), call('POST', '/api/repositories', payload)]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(both.find((r) => r.status === 409)!.body.error.code).toBe('repository_exists');
      expect(await prisma.repository.count({ where: { name: 'twin' } })).toBe(1);
    });

    it('should keep a token sealed, answer only that there is one, and let it be replaced', async () => {
      const res = await call('POST', '/api/repositories', {
        name: 'private',
        url: 'https://gitlab.example.com/acme/private.git',
        access: 'token',
        token: 'glpat-first-token-value',
        tokenUsername: 'oauth2',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ access: 'token', hasToken: true, tokenUsername: 'oauth2' });
      expect(res.body.tokenSetup[0].provider).toBe('gitlab');
      const vault = t.app.get(VaultService);
      const row = await prisma.repository.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(Buffer.from(row.token!).toString('latin1')).not.toContain('glpat-first-token-value');
      expect(await vault.open(row.token!)).toBe('glpat-first-token-value');

      const put = await call('PUT', `/api/repositories/${res.body.id}`, { token: 'glpat-second-token-value', tokenUsername: null });
      expect([put.status, put.body.hasToken, put.body.tokenUsername]).toEqual([200, true, null]);
      const after = await prisma.repository.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(await vault.open(after.token!)).toBe('glpat-second-token-value');
    });

    it('should give a public https repository a token when one is sent', async () => {
      const created = await call('POST', '/api/repositories', {
        name: 'later',
        url: 'https://github.com/acme/later.git',
        access: 'public',
      });
      const empty = await call('PUT', `/api/repositories/${created.body.id}`, {});
      expect([empty.status, empty.body.error.code]).toEqual([400, 'nothing_to_change']);
      const userOnly = await call('PUT', `/api/repositories/${created.body.id}`, { tokenUsername: 'me' });
      expect([userOnly.status, fields(userOnly.body)]).toEqual([400, ['token']]);
      const put = await call('PUT', `/api/repositories/${created.body.id}`, { token: 'github_pat_abc' });
      expect([put.status, put.body.access, put.body.hasToken]).toEqual([200, 'token', true]);
    });

    it.each([
      [{ access: 'token' }, ['token']],
      [{ access: 'public', token: 'abc' }, ['token']],
      [{ access: 'deploy_key' }, ['access']],
      [{ access: 'public', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' }, ['fingerprint']],
    ])('should refuse access %j for an https URL, naming %j', async (access, expected) => {
      const res = await call('POST', '/api/repositories', { name: 'bad-access', url: 'https://example.com/a/b.git', ...access });
      expect([res.status, res.body.error.code, fields(res.body)]).toEqual([400, 'invalid_access', expected]);
      expect(await prisma.repository.count({ where: { name: 'bad-access' } })).toBe(0);
    });

    it.each([
      ['https://user:ghp_secret123@github.com/a/b.git', 'token field'],
      ['https://ghp_secret123@github.com/a/b.git', 'token field'],
      ['https://user:ghp_secret123@github.com:99999/a/b.git', 'https://…@github.com:99999/a/b.git'],
      ['ssh://git:ghp_secret123@[zz/a.git', 'carries a password'],
      ['http://github.com/a/b.git', 'in clear'],
      ['file:///etc/passwd', 'file:'],
      ['ext::sh%20-c%20touch', 'ext:: runs a command'],
      ['https://github.com/a/b .git', 'whitespace'],
      ['--upload-pack=touch', '"-"'],
      ['-oProxyCommand=x@host:path', '"-"'],
    ])('should refuse the URL %s with a message about the url field', async (url, says) => {
      const res = await call('POST', '/api/repositories', { name: 'bad-url', url, access: 'public' });
      expect([res.status, res.body.error.code, fields(res.body)]).toEqual([400, 'invalid_url', ['url']]);
      expect(res.body.error.message).toContain(says);
      expect(res.body.error.message).not.toContain('ghp_secret123');
    });

    it('should refuse a bad name, token or field with validation_failed', async () => {
      const res = await call('POST', '/api/repositories', {
        name: ' spaced',
        url: 'https://example.com/a/b.git',
        access: 'sometimes',
        token: 'has space',
        tokenUsername: 'a:b',
        extra: 1,
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
      expect([...new Set(fields(res.body))].sort()).toEqual(['access', 'extra', 'name', 'token', 'tokenUsername']);
      expect(res.body.error.message).not.toContain('has space');
    });

    it('should say an https URL has no host key to scan or re-trust', async () => {
      const scan = await call('POST', '/api/repositories/scan', { url: 'https://github.com/a/b.git' });
      expect([scan.status, scan.body.error.code, scan.body.error.message]).toEqual([
        400,
        'no_host_key',
        'https repositories have no host key to confirm: add them without scanning.',
      ]);
      const site = (await call('GET', '/api/repositories')).body.find((r: { name: string }) => r.name === 'site');
      const put = await call('PUT', `/api/repositories/${site.id}/host-key`, { fingerprint: sshd.hostFingerprint });
      expect([put.status, put.body.error.code]).toEqual([400, 'no_host_key']);
      const key = await call('POST', `/api/repositories/${site.id}/deploy-key`);
      expect([key.status, key.body.error.code]).toEqual([400, 'invalid_access']);
    });
  });

  describe('ssh (host key trusted on first use)', () => {
    let id: string;

    it('should scan the Git host and show the fingerprint ssh-keygen prints', async () => {
      const res = await call('POST', '/api/repositories/scan', { url: sshUrl });
      expect(res).toEqual({
        status: 200,
        body: { host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprint: sshd.hostFingerprint },
      });
    });

    it('should explain a scan of a port where nothing listens', async () => {
      const res = await call('POST', '/api/repositories/scan', { url: 'ssh://git@127.0.0.1:1/a.git' });
      expect([res.status, res.body.error.code]).toEqual([502, 'connection_refused']);
      expect(res.body.error.message).toContain('127.0.0.1:1');
    });

    it('should refuse an SSH repository without deploy_key and a confirmed fingerprint', async () => {
      const res = await call('POST', '/api/repositories', { name: 'shop', url: sshUrl, access: 'token', token: 'x' });
      expect([res.status, fields(res.body)]).toEqual([400, ['access', 'token', 'fingerprint']]);
    });

    it('should refuse a fingerprint the host does not present, and store nothing', async () => {
      const other = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
      const res = await call('POST', '/api/repositories', { name: 'shop', url: sshUrl, access: 'deploy_key', fingerprint: other });
      expect([res.status, res.body.error.code, fields(res.body)]).toEqual([409, 'host_key_mismatch', ['fingerprint']]);
      expect(res.body.error.message).toContain(sshd.hostFingerprint);
      expect(await prisma.repository.count({ where: { name: 'shop' } })).toBe(0);
    });

    it('should pin the confirmed host key and make an ed25519 deploy key, sealing its private half', async () => {
      const res = await call('POST', '/api/repositories', {
        name: 'shop',
        url: sshUrl,
        access: 'deploy_key',
        fingerprint: sshd.hostFingerprint,
      });
      expect(res.status).toBe(201);
      id = res.body.id;
      expect(res.body).toMatchObject({
        kind: 'ssh',
        host: '127.0.0.1',
        access: 'deploy_key',
        hostKeyFingerprint: sshd.hostFingerprint,
        hostKeyType: 'ssh-ed25519',
        hasToken: false,
        tokenSetup: [],
      });
      expect(res.body.deployKeyPublic).toMatch(/^ssh-ed25519 AAAA\S+ otternauts shop$/);
      expect(res.body.deployKeySetup.map((g: { provider: string }) => g.provider)).toEqual(['github', 'gitlab', 'gitea', 'generic']);

      const row = await prisma.repository.findUniqueOrThrow({ where: { id } });
      // the pinned blob is the one in the host's .pub file: what a known_hosts line holds
      expect(row.hostKey).toBe((await readFile(sshd.hostKeyPublicPath, 'utf8')).split(' ')[1]);
      const privateKey = await t.app.get(VaultService).open(row.deployKey!);
      const parsed = ssh2.utils.parseKey(privateKey);
      if (parsed instanceof Error) throw parsed;
      expect(parsed.type).toBe('ssh-ed25519');
      expect(parsed.getPublicSSH().toString('base64')).toBe(res.body.deployKeyPublic.split(' ')[1]);
      expect(Buffer.from(row.deployKey!).toString('latin1')).not.toContain('OPENSSH');
    });

    it('should make a new deploy key pair on request', async () => {
      const before = (await call('GET', `/api/repositories/${id}`)).body.deployKeyPublic;
      const res = await call('POST', `/api/repositories/${id}/deploy-key`);
      expect(res.status).toBe(200);
      expect(res.body.deployKeyPublic).toMatch(/^ssh-ed25519 /);
      expect(res.body.deployKeyPublic).not.toBe(before);
      const row = await prisma.repository.findUniqueOrThrow({ where: { id } });
      const parsed = ssh2.utils.parseKey(await t.app.get(VaultService).open(row.deployKey!));
      if (parsed instanceof Error) throw parsed;
      expect(parsed.getPublicSSH().toString('base64')).toBe(res.body.deployKeyPublic.split(' ')[1]);
    });

    it('should re-trust a host key only when it is the one the host presents now', async () => {
      await prisma.repository.update({ where: { id }, data: { hostKeyFingerprint: 'SHA256:old', hostKey: 'b2xk', lastError: 'changed' } });
      const wrong = await call('PUT', `/api/repositories/${id}/host-key`, {
        fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
      });
      expect([wrong.status, wrong.body.error.code]).toEqual([409, 'host_key_mismatch']);
      expect((await prisma.repository.findUniqueOrThrow({ where: { id } })).hostKeyFingerprint).toBe('SHA256:old');
      const right = await call('PUT', `/api/repositories/${id}/host-key`, { fingerprint: sshd.hostFingerprint });
      expect([right.status, right.body.hostKeyFingerprint, right.body.lastError]).toEqual([200, sshd.hostFingerprint, null]);
      const row = await prisma.repository.findUniqueOrThrow({ where: { id } });
      expect(row.hostKey).toBe((await readFile(sshd.hostKeyPublicPath, 'utf8')).split(' ')[1]);
      expect(t.logs.some((l) => l.includes('Git host key replaced by the user'))).toBe(true);
    });

    it('should refuse a token for an SSH repository', async () => {
      const res = await call('PUT', `/api/repositories/${id}`, { token: 'abc' });
      expect([res.status, res.body.error.code, fields(res.body)]).toEqual([400, 'invalid_access', ['token']]);
    });
  });

  describe('delete', () => {
    it('should refuse while stacks deploy from it, naming them, then remove it once they are gone', async () => {
      const repo = await call('POST', '/api/repositories', {
        name: 'in-use',
        url: 'https://example.com/acme/in-use.git',
        access: 'public',
      });
      const cluster = await prisma.cluster.create({ data: {} });
      const stacks = await Promise.all(
        ['api', 'web'].map((name) =>
          prisma.stack.create({ data: { clusterId: cluster.id, name, configuration: 'services: {}\n', repositoryId: repo.body.id } }),
        ),
      );
      const refused = await call('DELETE', `/api/repositories/${repo.body.id}`);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'repository_in_use']);
      expect(refused.body.error.message).toContain('stacks api, web');
      expect(refused.body.error.details.map((d: { stackName: string }) => d.stackName)).toEqual(['api', 'web']);
      expect((await call('GET', `/api/repositories/${repo.body.id}`)).body.stacks.map((s: { name: string }) => s.name)).toEqual([
        'api',
        'web',
      ]);

      await prisma.stack.deleteMany({ where: { id: { in: stacks.map((s) => s.id) } } });
      const removed = await call('DELETE', `/api/repositories/${repo.body.id}`);
      expect(removed.status).toBe(204);
      expect((await call('GET', `/api/repositories/${repo.body.id}`)).status).toBe(404);
      expect((await call('DELETE', `/api/repositories/${repo.body.id}`)).status).toBe(404);
    });
  });

  afterAll(async () => {
    await rm(t.config.dataDir, { recursive: true, force: true });
  });
});
