import fs from 'node:fs';
import path from 'node:path';
import type { Repository } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { VaultService } from '../vault/vault.service.js';
import { ApiError } from '../errors/api-error.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { tempDir } from '../testing/temp-dir.js';
import { GitService } from './git.service.js';
import { MirrorGit } from './mirror-git.js';
import { startTestGitHttpServer, type TestGitHttpServer } from './testing/git-http-server.js';
import { makeBareRepo, runGit, WorkClone } from './testing/git-fixtures.js';

const TOKEN = 'glpat-Sup3rSecretT0kenValue42';

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Every process's command line right now (what `ps` would show anyone on the machine). */
function allCmdlines(): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

describe(MirrorGit.name, () => {
  let dir: string;
  let app: TestApp;
  let git: GitService;
  let prisma: PrismaService;
  let vault: VaultService;
  let publicServer: TestGitHttpServer;
  let tokenServer: TestGitHttpServer;
  let work: WorkClone;
  let first: string;
  let second: string;
  let seq = 0;

  async function repository(url: string, extra: Partial<Repository> = {}): Promise<Repository> {
    seq += 1;
    return prisma.repository.create({ data: { name: `repo-${seq}`, url, access: 'public', ...extra } as never });
  }

  beforeAll(async () => {
    dir = tempDir('git');
    app = await startTestApp(path.join(dir, 'data'));
    git = app.app.get(GitService);
    prisma = app.app.get(PrismaService);
    vault = app.app.get(VaultService);
    publicServer = await startTestGitHttpServer({ root: path.join(dir, 'public') });
    tokenServer = await startTestGitHttpServer({ root: path.join(dir, 'private'), token: TOKEN });
    for (const root of [publicServer.root, tokenServer.root]) {
      for (const name of ['app', 'hooks', 'links', 'slow', 'other']) await makeBareRepo(path.join(root, `${name}.git`));
    }
    work = await WorkClone.create(path.join(dir, 'work'));
    first = await work.commit('first: compose file', {
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'deploy/nginx.conf': 'server {}\n',
      'deploy/sub/env': 'A=1\n',
    });
    await work.tag('v1', 'release one');
    second = await work.commit('second: change config', { 'deploy/nginx.conf': 'server { listen 80; }\n' });
    await work.git(['branch', 'dev']);
    for (const root of [publicServer.root, tokenServer.root])
      await work.push(path.join(root, 'app.git'), ['HEAD:refs/heads/main', 'dev:refs/heads/dev']);
  });

  afterAll(async () => {
    await publicServer?.close();
    await tokenServer?.close();
    await app?.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should be the GitService the application injects', () => {
    expect(git).toBeInstanceOf(MirrorGit);
  });

  describe('public repository over smart HTTP', () => {
    let repo: Repository;
    beforeAll(async () => {
      repo = await repository(publicServer.repoUrl('app'));
      await git.fetch(repo);
    });

    it('should keep a bare mirror under the data directory, private to Mission Control', async () => {
      const mirror = path.join(app.config.dataDir, 'git', `${repo.id}.git`);
      expect(fs.existsSync(path.join(mirror, 'HEAD'))).toBe(true);
      expect(fs.statSync(path.join(app.config.dataDir, 'git')).mode & 0o777).toBe(0o700);
      expect((await runGit(['--git-dir', mirror, 'for-each-ref', '--format=%(refname)'])).split('\n').filter(Boolean).sort()).toEqual([
        'refs/heads/dev',
        'refs/heads/main',
        'refs/tags/v1',
      ]);
      const row = await prisma.repository.findUniqueOrThrow({ where: { id: repo.id } });
      expect(row.lastFetchedAt).toBeInstanceOf(Date);
      expect(row.lastError).toBeNull();
    });

    it('should resolve a branch, an annotated tag, a full ref and an abbreviated sha to their commits', async () => {
      const main = await git.resolveRef(repo, 'main');
      expect(main).toEqual({
        sha: second,
        subject: 'second: change config',
        author: 'Otto Tester',
        time: new Date('2026-01-02T03:04:05Z'),
      });
      expect((await git.resolveRef(repo, 'v1')).sha).toBe(first);
      expect((await git.resolveRef(repo, 'refs/heads/dev')).sha).toBe(second);
      expect((await git.resolveRef(repo, first.slice(0, 8))).sha).toBe(first);
      expect((await git.resolveRef(repo, first)).subject).toBe('first: compose file');
    });

    it('should name the ref that does not exist, and refuse one that looks like an option', async () => {
      const missing = await caught(git.resolveRef(repo, 'nope'));
      expect(missing.code).toBe('ref_not_found');
      expect(missing.message).toBe(`${publicServer.repoUrl('app')} has no branch, tag or commit named nope.`);
      const option = await caught(git.resolveRef(repo, '--output=/tmp/x'));
      expect(option.code).toBe('ref_invalid');
    });

    it('should answer whether a commit is in the mirror', async () => {
      expect(await git.hasCommit(repo, first)).toBe(true);
      expect(await git.hasCommit(repo, 'deadbeef'.repeat(5))).toBe(false);
      expect((await caught(git.hasCommit(repo, '-v'))).code).toBe('sha_invalid');
    });

    it('should read a file at a commit, and null for a missing path or a folder', async () => {
      expect((await git.readFile(repo, first, 'deploy/nginx.conf'))?.toString()).toBe('server {}\n');
      expect((await git.readFile(repo, second, 'deploy/nginx.conf'))?.toString()).toBe('server { listen 80; }\n');
      expect(await git.readFile(repo, second, 'deploy/missing.conf')).toBeNull();
      expect(await git.readFile(repo, second, 'deploy')).toBeNull();
      expect(await git.readFile(repo, second, 'compose.yaml/x')).toBeNull();
    });

    it('should archive a folder at a commit as a tar with paths relative to it, and refuse one too large or missing', async () => {
      const tar = await git.archive(repo, first, 'deploy', 1024 * 1024);
      const listed = path.join(dir, 'context.tar');
      fs.writeFileSync(listed, tar);
      const { execFileSync } = await import('node:child_process');
      expect(execFileSync('tar', ['-tf', listed], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual([
        'nginx.conf',
        'sub/',
        'sub/env',
      ]);
      expect(execFileSync('tar', ['-xOf', listed, 'nginx.conf'], { encoding: 'utf8' })).toBe('server {}\n');
      const tooLarge = await caught(git.archive(repo, first, 'deploy', 1024));
      expect(tooLarge.code).toBe('build_context_too_large');
      expect(tooLarge.message).toMatch(
        /The build context deploy at [0-9a-f]{7} is larger than 1024 bytes.*OTTERNAUTS_BUILD_CONTEXT_MAX_MB/,
      );
      expect((await caught(git.archive(repo, first, 'nowhere', 1024 * 1024))).message).toMatch(
        /The build context nowhere is not a folder of/,
      );
      expect((await caught(git.archive(repo, first, 'compose.yaml', 1024 * 1024))).code).toBe('build_context_missing');
    });

    it('should list a folder, or everything below it', async () => {
      expect(await git.listTree(repo, second, '')).toEqual([
        { path: 'compose.yaml', type: 'file', size: 34 },
        { path: 'deploy', type: 'dir' },
      ]);
      expect(await git.listTree(repo, second, 'deploy', { recursive: true })).toEqual([
        { path: 'deploy/nginx.conf', type: 'file', size: 22 },
        { path: 'deploy/sub/env', type: 'file', size: 4 },
      ]);
      expect(await git.listTree(repo, second, 'nothing-here')).toEqual([]);
    });

    it('should list the paths two commits differ in, or every path of the first', async () => {
      expect(await git.changedPaths(repo, first, second)).toEqual(['deploy/nginx.conf']);
      expect(await git.changedPaths(repo, null, first)).toEqual(['compose.yaml', 'deploy/nginx.conf', 'deploy/sub/env']);
    });

    it('should list the refs the remote announces, HEAD and tags peeled to their commits', async () => {
      const refs = await git.remoteRefs(repo);
      expect(refs.head).toBe('refs/heads/main');
      expect(Object.fromEntries(refs.refs)).toEqual({
        HEAD: second,
        'refs/heads/main': second,
        'refs/heads/dev': second,
        'refs/tags/v1': first,
      });
    });

    it('should fetch new commits and prune deleted branches', async () => {
      const other = await WorkClone.create(path.join(dir, 'work-other'));
      await other.git(['fetch', '--quiet', path.join(publicServer.root, 'app.git'), 'main']);
      await other.git(['reset', '--quiet', '--hard', 'FETCH_HEAD']);
      const third = await other.commit('third', { 'README.md': 'hello\n' });
      await other.git(['push', '--quiet', path.join(publicServer.root, 'app.git'), 'HEAD:refs/heads/main', ':refs/heads/dev']);
      await git.fetch(repo);
      expect((await git.resolveRef(repo, 'main')).sha).toBe(third);
      expect((await caught(git.resolveRef(repo, 'dev'))).code).toBe('ref_not_found');
    });

    it('should serialise fetches of one repository, so concurrent first clones do not collide', async () => {
      // the same repository under another spelling (URLs are unique rows); the URL parser drops the /./
      const fresh = await repository(`${publicServer.url}/./app.git`);
      await Promise.all([git.fetch(fresh), git.fetch(fresh), git.fetch(fresh)]);
      expect(await git.hasCommit(fresh, first)).toBe(true);
    });

    it('should refuse a file over 1 MiB, naming it', async () => {
      const big = await WorkClone.create(path.join(dir, 'work-big'));
      const sha = await big.commit('big', { 'big.env': 'x'.repeat(1024 * 1024 + 1), 'ok.env': 'x'.repeat(1024 * 1024) });
      await big.push(path.join(publicServer.root, 'other.git'), ['HEAD:refs/heads/big']);
      const repoOfBig = await repository(`${publicServer.url}/./other.git`);
      await git.fetch(repoOfBig);
      expect((await git.readFile(repoOfBig, sha, 'ok.env'))?.length).toBe(1024 * 1024);
      const err = await caught(git.readFile(repoOfBig, sha, 'big.env'));
      expect(err.code).toBe('file_too_large');
      expect(err.message).toBe(`big.env is 1048577 bytes at ${sha.slice(0, 7)}; files read from a repository may be at most 1 MiB.`);
    });

    it('should fetch an empty repository and then say it has no such branch', async () => {
      await makeBareRepo(path.join(publicServer.root, 'empty.git'));
      const empty = await repository(publicServer.repoUrl('empty'));
      await git.fetch(empty);
      expect((await git.remoteRefs(empty)).refs.size).toBe(0);
      expect((await caught(git.resolveRef(empty, 'main'))).message).toBe(
        `${publicServer.repoUrl('empty')} has no branch, tag or commit named main.`,
      );
    });

    it('should say which repository does not exist', async () => {
      const missing = await repository(publicServer.repoUrl('missing'));
      const err = await caught(git.fetch(missing));
      expect(err.code).toBe('git_repository_not_found');
      expect(err.message).toContain(`The Git host has no repository at ${publicServer.repoUrl('missing')}`);
    });

    it('should remove the mirror', async () => {
      const other = await repository(publicServer.repoUrl('other'));
      await runGit(['push', '--quiet', path.join(publicServer.root, 'other.git'), `${first}:refs/heads/main`], { cwd: work.dir });
      await git.fetch(other);
      const mirror = path.join(app.config.dataDir, 'git', `${other.id}.git`);
      expect(fs.existsSync(mirror)).toBe(true);
      await git.removeMirror(other);
      expect(fs.existsSync(mirror)).toBe(false);
      expect(await git.hasCommit(other, first)).toBe(false);
    });
  });

  describe('repository behind a token', () => {
    it('should fetch with the right token, sent only through the environment, never in a process argument', async () => {
      const repo = await repository(tokenServer.repoUrl('app'), { access: 'token', token: vault.seal(TOKEN), tokenUsername: 'oauth2' });
      const seen: string[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          seen.push(...allCmdlines().filter((c) => c.includes('git')));
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      try {
        await git.fetch(repo);
        await git.remoteRefs(repo);
      } finally {
        sampling = false;
        await sampler;
      }
      expect((await git.resolveRef(repo, 'main')).sha).toBe(second);
      // the sampler did see git at work, so its silence about the token means something
      expect(seen.some((c) => c.includes('fetch') && c.includes(tokenServer.url))).toBe(true);
      expect(seen.filter((c) => c.includes(TOKEN))).toEqual([]);
      const basic = `Basic ${Buffer.from(`oauth2:${TOKEN}`).toString('base64')}`;
      expect(tokenServer.requests.some((r) => r.authorization === basic && r.status === 200)).toBe(true);
      // nothing on disk holds the token: not the askpass script, not the mirror's config
      const gitRoot = path.join(app.config.dataDir, 'git');
      expect(fs.readFileSync(path.join(gitRoot, 'askpass.sh'), 'utf8')).not.toContain(TOKEN);
      expect(fs.statSync(path.join(gitRoot, 'askpass.sh')).mode & 0o777).toBe(0o700);
      expect(fs.readFileSync(path.join(gitRoot, `${repo.id}.git`, 'config'), 'utf8')).not.toContain(TOKEN);
    });

    it('should say the token was refused, without the token, and record it', async () => {
      const wrong = 'ghp_WrongTokenValue0123456789';
      const repo = await repository(tokenServer.repoUrl('other'), { access: 'token', token: vault.seal(wrong) });
      const err = await caught(git.fetch(repo));
      expect(err.code).toBe('git_auth_failed');
      expect(err.message).toContain(tokenServer.repoUrl('other'));
      expect(err.message).toContain('check the token');
      expect(err.message).not.toContain(wrong);
      const row = await prisma.repository.findUniqueOrThrow({ where: { id: repo.id } });
      expect(row.lastError).toBe(err.message);
      expect(fs.existsSync(path.join(app.config.dataDir, 'git', `${repo.id}.git`))).toBe(false);
      expect(fs.existsSync(path.join(app.config.dataDir, 'git', `${repo.id}.git.partial`))).toBe(false);
    });

    it('should not send the token to a server when the repository is public', async () => {
      const repo = await repository(tokenServer.repoUrl('hooks'));
      const before = tokenServer.requests.length;
      const err = await caught(git.remoteRefs(repo));
      expect(err.code).toBe('git_auth_failed');
      expect(err.message).toContain('the repository is not public');
      expect(tokenServer.requests.slice(before).every((r) => r.authorization === null)).toBe(true);
    });
  });

  describe('hooks', () => {
    it("should not run a hook the mirror's own configuration names", async () => {
      const repo = await repository(publicServer.repoUrl('hooks'));
      await work.push(path.join(publicServer.root, 'hooks.git'));
      await git.fetch(repo);
      const mirror = path.join(app.config.dataDir, 'git', `${repo.id}.git`);
      const marker = path.join(dir, 'hook-ran');
      const hooks = path.join(dir, 'evil-hooks');
      fs.mkdirSync(hooks, { recursive: true });
      for (const hook of ['reference-transaction', 'post-checkout', 'post-merge']) {
        fs.writeFileSync(path.join(hooks, hook), `#!/bin/sh\necho ${hook} >> '${marker}'\n`, { mode: 0o755 });
        fs.copyFileSync(path.join(hooks, hook), path.join(mirror, 'hooks', hook));
        fs.chmodSync(path.join(mirror, 'hooks', hook), 0o755);
      }
      await runGit(['--git-dir', mirror, 'config', 'core.hooksPath', hooks]);
      await work.commit('a commit for the hook', { 'hook.txt': 'x\n' });
      await work.push(path.join(publicServer.root, 'hooks.git'));
      await git.fetch(repo);
      expect(fs.existsSync(marker)).toBe(false);
      // the same fetch with plain git does run it, so the check above could have failed
      await runGit(['--git-dir', mirror, 'fetch', '--quiet', publicServer.repoUrl('hooks'), '+refs/heads/*:refs/remotes/x/*']);
      expect(fs.readFileSync(marker, 'utf8')).toContain('reference-transaction');
    });
  });

  describe('symlinks', () => {
    let repo: Repository;
    let sha: string;
    beforeAll(async () => {
      const links = await WorkClone.create(path.join(dir, 'work-links'));
      sha = await links.commit('links', {
        'stack/compose.yaml': 'services: {}\n',
        'stack/conf/app.conf': 'real\n',
        'compose.yaml': { symlink: 'stack/compose.yaml' },
        'stack/alias': { symlink: 'conf' },
        'stack/up.conf': { symlink: '../stack/conf/app.conf' },
        'escape.conf': { symlink: '../../etc/passwd' },
        'stack/absolute.conf': { symlink: '/etc/passwd' },
        'loop-a': { symlink: 'loop-b' },
        'loop-b': { symlink: 'loop-a' },
      });
      await links.push(path.join(publicServer.root, 'links.git'));
      repo = await repository(publicServer.repoUrl('links'));
      await git.fetch(repo);
    });

    it('should follow links that stay inside the repository, through files and folders', async () => {
      expect((await git.readFile(repo, sha, 'compose.yaml'))?.toString()).toBe('services: {}\n');
      expect((await git.readFile(repo, sha, 'stack/alias/app.conf'))?.toString()).toBe('real\n');
      expect((await git.readFile(repo, sha, 'stack/up.conf'))?.toString()).toBe('real\n');
      expect(await git.listTree(repo, sha, 'stack/alias')).toEqual([{ path: 'stack/conf/app.conf', type: 'file', size: 5 }]);
      expect((await git.listTree(repo, sha, 'stack')).find((e) => e.path === 'stack/alias')).toEqual({
        path: 'stack/alias',
        type: 'symlink',
      });
    });

    it('should refuse a link that points out of the repository, naming it and its target', async () => {
      const relative = await caught(git.readFile(repo, sha, 'escape.conf'));
      expect(relative.code).toBe('path_escapes_repository');
      expect(relative.message).toBe('escape.conf points to ../../etc/passwd, outside the repository; keep the file inside the repository.');
      const absolute = await caught(git.readFile(repo, sha, 'stack/absolute.conf'));
      expect(absolute.message).toContain('stack/absolute.conf points to /etc/passwd');
      expect((await caught(git.readFile(repo, sha, '../x'))).code).toBe('path_escapes_repository');
      expect((await caught(git.readFile(repo, sha, '/etc/passwd'))).code).toBe('path_escapes_repository');
    });

    it('should refuse a loop of links', async () => {
      const loop = await caught(git.readFile(repo, sha, 'loop-a'));
      expect(loop.code).toBe('path_escapes_repository');
      expect(loop.message).toContain('loop-a is a loop of symlinks');
    });
  });

  describe('timeouts', () => {
    it('should stop a clone that hangs after the clone timeout, name the setting, and leave no git running', async () => {
      const config = Object.assign(new AppConfig(), app.config, { gitCloneTimeoutSeconds: 1, gitFetchTimeoutSeconds: 1 });
      const quick = new MirrorGit(config, prisma, vault);
      const repo = await repository(publicServer.repoUrl('slow'));
      publicServer.hang(true);
      try {
        const started = Date.now();
        const err = await caught(quick.fetch(repo));
        expect(err.code).toBe('git_timeout');
        expect(err.message).toBe(
          `Cloning ${publicServer.repoUrl('slow')} took longer than 1 s and was stopped; raise OTTERNAUTS_GIT_CLONE_TIMEOUT if the repository is large or the Git host slow.`,
        );
        expect(Date.now() - started).toBeLessThan(20_000);
        const lsRemote = await caught(quick.remoteRefs(repo));
        expect(lsRemote.message).toContain('OTTERNAUTS_GIT_FETCH_TIMEOUT');
        await new Promise((r) => setTimeout(r, 200));
        expect(allCmdlines().filter((c) => c.includes(publicServer.repoUrl('slow')))).toEqual([]);
      } finally {
        publicServer.hang(false);
      }
    });
  });

  describe('start-up', () => {
    it('should remove key folders and half clones a crash left behind', async () => {
      const gitRoot = path.join(app.config.dataDir, 'git');
      fs.mkdirSync(path.join(gitRoot, 'tmp', 'ssh-crash1'), { recursive: true });
      fs.writeFileSync(path.join(gitRoot, 'tmp', 'ssh-crash1', 'key'), 'left behind');
      fs.mkdirSync(path.join(gitRoot, 'crashed.git.partial'), { recursive: true });
      const mirrorsBefore = fs.readdirSync(gitRoot).filter((e) => e.endsWith('.git'));
      await new MirrorGit(app.config, prisma, vault).onModuleInit();
      expect(fs.existsSync(path.join(gitRoot, 'tmp'))).toBe(false);
      expect(fs.existsSync(path.join(gitRoot, 'crashed.git.partial'))).toBe(false);
      expect(fs.readdirSync(gitRoot).filter((e) => e.endsWith('.git'))).toEqual(mirrorsBefore);
      expect(mirrorsBefore.length).toBeGreaterThan(0);
    });
  });

  describe('git missing', () => {
    it('should say how to install git', async () => {
      const { GitRunner } = await import('./git-runner.js');
      const runner = new GitRunner(dir, path.join(dir, 'empty-bin'));
      const err = await caught(runner.run({ args: ['--version'], timeoutMs: 5000, what: 'git --version' }));
      expect(err.code).toBe('git_missing');
      expect(err.message).toBe('Mission Control needs git on its machine: apt-get install git');
    });
  });
});
