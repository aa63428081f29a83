import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { tempDir } from '../../testing/temp-dir.js';
import { basicAuthEnv, makeBareRepo, runGit, WorkClone } from './git-fixtures.js';
import { startTestGitHttpServer, type TestGitHttpServer } from './git-http-server.js';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('startTestGitHttpServer', () => {
  let dir: string;
  let server: TestGitHttpServer;
  let work: WorkClone;
  let sha: string;

  beforeAll(async () => {
    dir = tempDir('git-http');
    server = await startTestGitHttpServer({ root: path.join(dir, 'root'), token: 'tok-abc' });
    await makeBareRepo(path.join(server.root, 'app.git'));
    work = await WorkClone.create(path.join(dir, 'work'));
    sha = await work.commit('one', { 'a.txt': 'a\n' });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should challenge a request without the token and record what it saw', async () => {
    const res = await get(`${server.repoUrl('app')}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="otternauts test git"');
    expect(server.requests.at(-1)).toEqual({
      method: 'GET',
      url: '/app.git/info/refs?service=git-upload-pack',
      authorization: null,
      user: null,
      status: 401,
    });
    const wrong = `Basic ${Buffer.from('x:nope').toString('base64')}`;
    expect((await get(`${server.repoUrl('app')}/info/refs?service=git-upload-pack`, { authorization: wrong })).status).toBe(401);
    expect(server.requests.at(-1)?.authorization).toBe(wrong);
  });

  it('should take a push and serve a clone with the token, through the real git http-backend', async () => {
    await work.push(server.repoUrl('app'), ['HEAD:refs/heads/main'], basicAuthEnv('otto', 'tok-abc'));
    expect((await runGit(['--git-dir', path.join(server.root, 'app.git'), 'rev-parse', 'main'])).trim()).toBe(sha);
    const out = await runGit(['ls-remote', server.repoUrl('app')], { env: basicAuthEnv('otto', 'tok-abc') });
    expect(out).toContain(`${sha}\trefs/heads/main`);
    expect(server.requests.some((r) => r.url === '/app.git/git-receive-pack' && r.status === 200)).toBe(true);
  });

  it('should hold requests while told to hang', async () => {
    server.hang(true);
    const pending = get(`${server.repoUrl('app')}/info/refs?service=git-upload-pack`).then(
      () => 'answered',
      () => 'dropped',
    );
    const early = await Promise.race([pending, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    server.hang(false);
    expect(early).toBe('waiting');
    expect(await pending).toBe('dropped');
  });
});

describe('startTestGitHttpServer with several credentials', () => {
  let dir: string;
  let server: TestGitHttpServer;
  const reader = { username: 'reader', password: 'read-tok', push: false };
  const writer = { username: 'writer', password: 'write-tok', push: true };

  beforeAll(async () => {
    dir = tempDir('git-http-creds');
    server = await startTestGitHttpServer({ root: path.join(dir, 'root'), credentials: [reader, writer] });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should let the writer push, answer the read-only token 403 on push and refuse a known user with the wrong token', async () => {
    const url = await server.createRepo('demo');
    const work = await WorkClone.create(path.join(dir, 'work'));
    const sha = await work.commit('one', { 'a.txt': 'a\n' });
    await work.push(url, ['HEAD:refs/heads/main'], server.pushEnv(writer));
    expect(await runGit(['ls-remote', url, 'refs/heads/main'], { env: server.pushEnv(reader) })).toBe(`${sha}\trefs/heads/main\n`);
    await expect(work.push(url, ['HEAD:refs/heads/other'], server.pushEnv(reader))).rejects.toThrow(/403/);
    expect(server.requests.filter((r) => r.status === 403).map((r) => r.user)).toEqual(['reader']);
    await expect(runGit(['ls-remote', url], { env: server.pushEnv({ username: 'writer', password: 'read-tok' }) })).rejects.toThrow(
      /could not read Username/,
    );
    expect(server.requests.at(-1)).toMatchObject({ user: 'writer', status: 401 });
  });
});
