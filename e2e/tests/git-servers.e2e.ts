import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitAuthorize, nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { git, sshGitRepo, startGitHttpServer, WorkClone, type GitHttpServer, type SshGitRepo } from '../support/git-servers.js';

// The Git servers the Git suites rely on behave like real Git hosts: what Mission Control
// meets there (a git-shell account, a host key, Basic auth with a token) is not a stand-in.
describe('Git servers of the test bed', () => {
  let bed: TestbedState;
  let work: string;
  let clone: WorkClone;
  let ssh: SshGitRepo;
  let httpServer: GitHttpServer;
  const reader = { username: 'x-access-token', password: `read-${Math.random().toString(36).slice(2)}`, push: false };
  const writer = { username: 'developer', password: `push-${Math.random().toString(36).slice(2)}`, push: true };

  const sshAs = (key: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'ssh',
        [
          '-i',
          key,
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'LogLevel=ERROR',
          ...args,
        ],
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 1 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-git-servers-'));
    clone = await WorkClone.create(path.join(work, 'clone'));
    ssh = await sshGitRepo(bed, bed.nodes[0], 'demo', work);
    httpServer = await startGitHttpServer(path.join(work, 'http'), [reader, writer]);
    await clone.addRemote('ssh', ssh.url, ssh.pushEnv);
    await clone.addRemote('http', await httpServer.createRepo('demo'), httpServer.pushEnv(writer));
    clone.write('compose.yaml', 'services: {}\n');
  }, 300_000);

  afterAll(async () => {
    await httpServer?.close();
    await testbedDown();
    fs.rmSync(work, { recursive: true, force: true });
  }, 300_000);

  it('should take a push over SSH into the git user’s bare repository, owned by git', async () => {
    const { sha } = await clone.commit('first');
    expect(await clone.push('ssh')).toBe(sha);
    const r = await nodeExec(bed.nodes[0].name, [
      'env',
      '--chdir=/home/git',
      'runuser',
      '-u',
      'git',
      '--',
      'git',
      '--git-dir=demo.git',
      'rev-parse',
      'refs/heads/main',
    ]);
    expect(r.stdout.trim()).toBe(sha);
    expect((await nodeExec(bed.nodes[0].name, ['stat', '-c', '%U', '/home/git/demo.git/HEAD'])).stdout.trim()).toBe('git');
  });

  it('should refuse a shell to the git user, and a key it does not know', async () => {
    const login = await sshAs(bed.keys.ed25519, [`git@${bed.nodes[0].address}`, 'id']);
    expect(login.code).not.toBe(0);
    expect(login.stderr).toMatch(/unrecognized command 'id'|fatal/);
    const wrong = await sshAs(bed.keys.wrong, [`git@${bed.nodes[0].address}`, "git-upload-pack '~/demo.git'"]);
    expect(wrong.code).toBe(255);
    expect(wrong.stderr).toContain('Permission denied (publickey)');
  });

  it('should let a key added with git-authorize read the repository', async () => {
    const key = path.join(work, 'deploy_key');
    await new Promise<void>((resolve, reject) =>
      execFile('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], (e) => (e ? reject(new Error(e.message)) : resolve())),
    );
    await gitAuthorize(bed.nodes[0].name, fs.readFileSync(`${key}.pub`, 'utf8').trim());
    const env = {
      GIT_SSH_COMMAND: `ssh -i ${key} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
    };
    const refs = await git(['ls-remote', ssh.url, 'refs/heads/main'], { env });
    expect(refs).toBe(`${(await clone.run(['rev-parse', 'HEAD'])).trim()}\trefs/heads/main\n`);
    // the scp form names the same repository, relative to the git user's home
    expect(await git(['ls-remote', ssh.scpUrl, 'refs/heads/main'], { env })).toBe(refs);
  });

  it('should serve smart HTTP only with a token, and pushes only with a token that may push', async () => {
    const pushed = await clone.push('http');
    const url = `${httpServer.url}/demo.git`;
    await expect(git(['ls-remote', url])).rejects.toThrow(/Authentication failed|could not read Username|401/);
    expect(await git(['ls-remote', url, 'refs/heads/main'], { env: httpServer.pushEnv(reader) })).toBe(`${pushed}\trefs/heads/main\n`);
    clone.write('compose.yaml', 'services: {x: {image: a}}\n');
    await clone.commit('second');
    await expect(clone.run(['push', '-q', url, 'HEAD:refs/heads/main'], httpServer.pushEnv(reader))).rejects.toThrow(/403/);
    expect(httpServer.requests.filter((r) => r.status === 403).map((r) => r.user)).toEqual([reader.username]);
    expect(httpServer.requests.some((r) => r.user === null && r.status === 401)).toBe(true);
  });
});
