// Real Git servers for the Git suites, both from Debian's `git`:
// - over SSH: a bare repository in the `git` user's home on a test node, whose login shell is
//   git-shell (testbed.sh git-repo / git-authorize); the node's sshd host key is what Mission
//   Control pins;
// - over smart HTTP: the server's own test server (server/src/git/testing), `git http-backend`
//   behind Node's http on loopback checking Basic auth with a token in the password, as GitHub
//   and GitLab accept it.
// And a work clone where the test plays the developer: commit, push with the system git.
import fs from 'node:fs';
import path from 'node:path';
import { runGit, WorkClone as GitWorkClone } from '../../server/src/git/testing/git-fixtures.js';
import {
  startTestGitHttpServer,
  type SeenRequest,
  type TestGitCredential,
  type TestGitHttpServer,
} from '../../server/src/git/testing/git-http-server.js';
import { gitAuthorize, gitRepo, type TestbedNode, type TestbedState } from '../testbed/testbed.js';
import type { HookCommit } from './webhooks.js';

/** A git run of the test's own (the developer's side), never through a shell; real commit dates. */
export function git(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  return runGit(args, { ...opts, fixedDates: false });
}

// ---------------------------------------------------------------- Git over SSH (git-shell)

export interface SshGitRepo {
  node: TestbedNode;
  /** what a user pastes into Mission Control */
  url: string;
  /** the same repository in scp form (git@host:name.git) */
  scpUrl: string;
  /** environment for the test's own pushes: the test bed's client key, the node's host key pinned */
  pushEnv: Record<string, string>;
}

/** A bare repository `name.git` on `node`, reachable as ssh://git@<node address>/~/name.git. */
export async function sshGitRepo(bed: TestbedState, node: TestbedNode, name: string, workDir: string): Promise<SshGitRepo> {
  await gitRepo(node.name, name);
  // the node's own host key, read from its files: the test's pushes check it strictly too
  const hostKey = fs.readFileSync(path.join(node.dir, 'fs', 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').split(' ');
  const knownHosts = path.join(workDir, `known_hosts-${node.name}`);
  fs.writeFileSync(knownHosts, `${node.address} ${hostKey[0]} ${hostKey[1]}\n`);
  const ssh = [
    'ssh',
    `-i ${bed.keys.ed25519}`,
    '-o IdentitiesOnly=yes',
    `-o UserKnownHostsFile=${knownHosts}`,
    '-o GlobalKnownHostsFile=/dev/null',
    '-o StrictHostKeyChecking=yes',
    '-o BatchMode=yes',
  ].join(' ');
  return {
    node,
    url: `ssh://${bed.users.git}@${node.address}/~/${name}.git`,
    scpUrl: `${bed.users.git}@${node.address}:${name}.git`,
    pushEnv: { GIT_SSH_COMMAND: ssh },
  };
}

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

/**
 * Adds `repo` to Mission Control as `name`, reached with a deploy key it generates and the host
 * key it scanned, and puts that key on the Git node (as a user would on GitHub). Returns the
 * repository as the API answered.
 */
export async function addDeployKeyRepository(api: Api, repo: SshGitRepo, name = 'shop'): Promise<any> {
  const scan = (await api('POST', '/api/repositories/scan', { url: repo.url })).body;
  const created = await api('POST', '/api/repositories', { name, url: repo.url, access: 'deploy_key', fingerprint: scan.fingerprint });
  if (created.status !== 201) throw new Error(`repository: ${created.status} ${created.text}`);
  await gitAuthorize(repo.node.name, created.body.deployKeyPublic);
  return created.body;
}

// ---------------------------------------------------------------- Git over smart HTTP

export type HttpCredential = TestGitCredential;
export type HttpGitRequest = SeenRequest;
export type GitHttpServer = TestGitHttpServer;

/** Starts the smart-HTTP server on 127.0.0.1 (a random port); every request needs a credential. */
export function startGitHttpServer(root: string, credentials: HttpCredential[]): Promise<GitHttpServer> {
  return startTestGitHttpServer({ root, credentials });
}

// ---------------------------------------------------------------- the developer's work clone

export interface PushedCommit {
  sha: string;
  subject: string;
}

/** The server's work clone with named remotes and their push credentials, one file at a time. */
export class WorkClone {
  private readonly remotes = new Map<string, Record<string, string>>();

  private constructor(private readonly work: GitWorkClone) {}

  get dir(): string {
    return this.work.dir;
  }

  static async create(dir: string): Promise<WorkClone> {
    return new WorkClone(await GitWorkClone.create(dir, 'main', { fixedDates: false }));
  }

  run(args: string[], env: Record<string, string> = {}): Promise<string> {
    return this.work.git(args, env);
  }

  async addRemote(name: string, url: string, env: Record<string, string>): Promise<void> {
    await this.run(['remote', 'add', name, url]);
    this.remotes.set(name, env);
  }

  write(file: string, content: string): this {
    this.work.write({ [file]: content });
    return this;
  }

  symlink(file: string, target: string): this {
    this.work.write({ [file]: { symlink: target } });
    return this;
  }

  async commit(subject: string): Promise<PushedCommit> {
    return { sha: await this.work.commit(subject), subject };
  }

  checkout(branch: string, create = false): Promise<void> {
    return this.work.checkout(branch, create);
  }

  /** Pushes HEAD to `branch` on the remote; returns the commit pushed. */
  async push(remote: string, branch = 'main'): Promise<string> {
    const env = this.remotes.get(remote);
    if (!env) throw new Error(`no remote ${remote}`);
    await this.run(['push', '-q', remote, `HEAD:refs/heads/${branch}`], env);
    return (await this.run(['rev-parse', 'HEAD'])).trim();
  }

  /** The files a commit touched, as a push payload lists them. */
  changes(sha: string): Promise<{ added: string[]; removed: string[]; modified: string[] }> {
    return this.work.changes(sha);
  }

  /** Writes `files`, commits, pushes to `branch` on origin; returns the commit as a webhook lists it. */
  async commitAndPush(subject: string, files: Record<string, string>, branch = 'main'): Promise<HookCommit> {
    for (const [f, text] of Object.entries(files)) this.write(f, text);
    const c = await this.commit(subject);
    await this.push('origin', branch);
    return { ...c, ...(await this.changes(c.sha)) };
  }
}
