import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFile, readFile } from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import { PrismaService } from '../database/prisma.service.js';
import { seedRepo, type WorkClone } from '../git/testing/git-fixtures.js';
import { startTestGitHttpServer, type TestGitHttpServer } from '../git/testing/git-http-server.js';
import { generateKey, LocalSshd } from '../ssh/testing/local-sshd.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

// Check and the file picker against real Git servers: smart HTTP (git http-backend) with a
// token, and OpenSSH with the generated deploy key and the pinned host key.
describe('repository check and files', () => {
  const TOKEN = 'glpat-fetch-spec-token-0123456789';
  let dir: string;
  let t: TestApp;
  let prisma: PrismaService;
  let http: TestGitHttpServer;
  let work: WorkClone;
  let first: string;
  let tagged: string;
  let dev: string;
  const call = async (method: string, url: string, payload?: object) => {
    const res = (await t.app.inject({ method: method as 'POST', url, payload })) as unknown as { statusCode: number; body: string };
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };

  beforeAll(async () => {
    dir = tempDir('repository-fetch');
    t = await startTestApp(path.join(dir, 'data'));
    prisma = t.app.get(PrismaService);
    http = await startTestGitHttpServer({ root: path.join(dir, 'served'), token: TOKEN });
    const seeded = await seedRepo(path.join(dir, 'served', 'shop.git'), path.join(dir, 'work'), {
      'README.md': '# shop\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'deploy/prod/docker-compose.yml': 'services: {}\n',
      'deploy/compose.yml': 'services: {}\n',
      'deploy/nginx.conf': 'server {}\n',
      '.github/workflows/ci.yml': 'on: push\n',
    });
    work = seeded.work;
    first = seeded.sha;
    tagged = await work.commit('nginx: cache static files', { 'k8s/app.yaml': 'kind: Deployment\n' });
    await work.tag('v1.0', 'first release');
    await work.push(path.join(dir, 'served', 'shop.git'), ['HEAD:refs/heads/main']);
    await work.branch('dev');
    dev = await work.commit('dev only', { 'dev/compose.yaml': 'services: {}\n' });
    await work.push(path.join(dir, 'served', 'shop.git'), ['HEAD:refs/heads/dev']);
  });
  afterAll(async () => {
    await t.app.close();
    await http.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('over HTTPS with a token', () => {
    let id: string;

    beforeAll(async () => {
      const res = await call('POST', '/api/repositories', { name: 'shop', url: http.repoUrl('shop'), access: 'token', token: TOKEN });
      expect(res.status).toBe(201);
      id = res.body.id;
    });

    it('should fetch and list branches and tags (annotated tags peeled to their commit)', async () => {
      const res = await call('POST', `/api/repositories/${id}/check`);
      expect(res).toEqual({
        status: 200,
        body: {
          ok: true,
          head: 'main',
          branches: [
            { name: 'dev', sha: dev },
            { name: 'main', sha: tagged },
          ],
          tags: [{ name: 'v1.0', sha: tagged }],
          truncated: false,
        },
      });
      const repo = (await call('GET', `/api/repositories/${id}`)).body;
      expect(repo.lastError).toBeNull();
      expect(Date.now() - Date.parse(repo.lastFetchedAt)).toBeLessThan(60_000);
      // the token went to the server in the Authorization header only
      expect(http.requests.some((r) => r.authorization?.startsWith('Basic '))).toBe(true);
      expect(http.requests.every((r) => !r.url.includes(TOKEN))).toBe(true);
    });

    it('should list the YAML files of a ref, Compose files first, with the commit', async () => {
      const res = await call('GET', `/api/repositories/${id}/files?ref=main`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        commit: { sha: tagged, subject: 'nginx: cache static files', author: 'Otto Tester', time: '2026-01-02T03:04:05.000Z' },
        composeFiles: ['compose.yaml', 'deploy/compose.yml', 'deploy/prod/docker-compose.yml', '.github/workflows/ci.yml', 'k8s/app.yaml'],
        truncated: false,
      });
    });

    it('should resolve tags, other branches and commits too', async () => {
      const byTag = await call('GET', `/api/repositories/${id}/files?ref=v1.0`);
      expect(byTag.body.commit.sha).toBe(tagged);
      const byBranch = await call('GET', `/api/repositories/${id}/files?ref=dev`);
      expect([byBranch.body.commit.sha, byBranch.body.composeFiles.slice(0, 3)]).toEqual([
        dev,
        ['compose.yaml', 'deploy/compose.yml', 'dev/compose.yaml'],
      ]);
      const byCommit = await call('GET', `/api/repositories/${id}/files?ref=${first.slice(0, 10)}`);
      expect([byCommit.body.commit.sha, byCommit.body.composeFiles]).toEqual([
        first,
        ['compose.yaml', 'deploy/compose.yml', 'deploy/prod/docker-compose.yml', '.github/workflows/ci.yml'],
      ]);
    });

    it('should name a ref that does not exist, and refuse one that is not a ref', async () => {
      const missing = await call('GET', `/api/repositories/${id}/files?ref=release`);
      expect([missing.status, missing.body.error.code]).toEqual([400, 'ref_not_found']);
      expect(missing.body.error.message).toContain('release');
      for (const ref of ['', '--output=x', 'a%20b']) {
        const bad = await call('GET', `/api/repositories/${id}/files?ref=${ref}`);
        expect([ref, bad.status, [...new Set(bad.body.error.details.map((d: { field: string }) => d.field))]]).toEqual([ref, 400, ['ref']]);
      }
    });

    it('should answer ok: false with the reason, and record it, when the token is refused', async () => {
      expect((await call('PUT', `/api/repositories/${id}`, { token: 'glpat-wrong-token' })).status).toBe(200);
      const res = await call('POST', `/api/repositories/${id}/check`);
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      expect(typeof res.body.error).toBe('string');
      expect(res.body.error).toContain(http.repoUrl('shop'));
      expect(res.body.error).not.toContain('glpat-wrong-token');
      expect(res.body.error).toContain('check the token');
      const repo = (await call('GET', `/api/repositories/${id}`)).body;
      expect(repo.lastError).toBe(res.body.error);
      expect((await call('PUT', `/api/repositories/${id}`, { token: TOKEN })).status).toBe(200);
      expect((await call('POST', `/api/repositories/${id}/check`)).body.ok).toBe(true);
    });

    it('should remove the mirror with the repository', async () => {
      const mirror = path.join(t.config.dataDir, 'git', `${id}.git`);
      expect(fs.existsSync(mirror)).toBe(true);
      expect((await call('DELETE', `/api/repositories/${id}`)).status).toBe(204);
      expect(fs.existsSync(mirror)).toBe(false);
    });
  });

  describe('over SSH with the deploy key', () => {
    let sshd: LocalSshd;
    let id: string;

    beforeAll(async () => {
      sshd = await LocalSshd.start();
      const url = `ssh://root@127.0.0.1:${sshd.port}${path.join(dir, 'served', 'shop.git')}`;
      const res = await call('POST', '/api/repositories', {
        name: 'shop-ssh',
        url,
        access: 'deploy_key',
        fingerprint: sshd.hostFingerprint,
      });
      expect(res.status).toBe(201);
      id = res.body.id;
    });
    afterAll(() => sshd.cleanup());

    it('should fail the check until the deploy key is added at the Git host, then list the refs', async () => {
      const before = await call('POST', `/api/repositories/${id}/check`);
      expect(before.body.ok).toBe(false);
      expect(before.body.error).toContain('refused the deploy key');
      expect(before.body.error).toEqual(expect.any(String));
      const repo = (await call('GET', `/api/repositories/${id}`)).body;
      // what the user does at the Git host: the public line, as shown, into authorized_keys
      await appendFile(path.join(sshd.dir, 'authorized_keys'), `${repo.deployKeyPublic}\n`);
      const after = await call('POST', `/api/repositories/${id}/check`);
      expect(after.body).toMatchObject({ ok: true, head: 'main', tags: [{ name: 'v1.0', sha: tagged }] });
      const files = await call('GET', `/api/repositories/${id}/files?ref=main`);
      expect(files.body.composeFiles[0]).toBe('compose.yaml');
    });

    it('should refuse a Git host whose key is not the pinned one', async () => {
      // the host "was rebuilt": pin another key, as if the user had confirmed it before
      const other = await generateKey(sshd.dir, 'other_host');
      const blob = (await readFile(other.publicPath, 'utf8')).split(' ')[1];
      await prisma.repository.update({ where: { id }, data: { hostKey: blob, hostKeyFingerprint: 'SHA256:pinnedbeforerebuild' } });
      const res = await call('POST', `/api/repositories/${id}/check`);
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toContain('different host key');
      expect(res.body.error).toContain(sshd.hostFingerprint);
      // confirming what the host presents now repairs it
      const retrust = await call('PUT', `/api/repositories/${id}/host-key`, { fingerprint: sshd.hostFingerprint });
      expect(retrust.status).toBe(200);
      expect((await call('POST', `/api/repositories/${id}/check`)).body.ok).toBe(true);
    });
  });
});
