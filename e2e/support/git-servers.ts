// Real Git servers for the Git suites, both from Debian's `git`:
// - over SSH: a bare repository in the `git` user's home on a test node, whose login shell is
//   git-shell (testbed.sh git-repo / git-authorize); the node's sshd host key is what Mission
//   Control pins;
// - over smart HTTP: `git http-backend` (CGI) behind a small Node server on loopback that
//   checks Basic auth with a token in the password, as GitHub and GitLab accept it.
// And a work clone where the test plays the developer: commit, push with the system git.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { gitRepo, type TestbedNode, type TestbedState } from '../testbed/testbed.js';

const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

/** A git run of the test's own (the developer's side), never through a shell. */
export function git(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: opts.cwd,
        // no machine or user config: the test's git behaves the same on every CI machine
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          HOME: os.tmpdir(),
          LANG: 'C',
          GIT_TERMINAL_PROMPT: '0',
          ...opts.env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => (err ? reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)),
    );
  });
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

// ---------------------------------------------------------------- Git over smart HTTP

export interface HttpCredential {
  username: string;
  /** the token, sent as the Basic password */
  password: string;
  /** false: a read-only token (git-receive-pack answers 403) */
  push: boolean;
}

export interface HttpGitRequest {
  method: string;
  /** path and query, e.g. /app.git/info/refs?service=git-upload-pack */
  url: string;
  /** null: no Authorization header; else the Basic user name */
  user: string | null;
  status: number;
}

export interface GitHttpServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** the folder holding the bare repositories */
  root: string;
  requests: HttpGitRequest[];
  /** a bare repository `name.git`; returns its URL */
  createRepo(name: string): Promise<string>;
  /** environment for the test's own pushes with one credential (a header from the environment, not argv) */
  pushEnv(credential: HttpCredential): Record<string, string>;
  close(): Promise<void>;
}

function basicUser(header: string | undefined, credentials: HttpCredential[]): { user: string | null; credential?: HttpCredential } {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m) return { user: null };
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  return { user, credential: credentials.find((c) => c.username === user && c.password === password) };
}

/** Starts the smart-HTTP server on 127.0.0.1 (a random port); every request needs a credential. */
export async function startGitHttpServer(root: string, credentials: HttpCredential[]): Promise<GitHttpServer> {
  fs.mkdirSync(root, { recursive: true });
  const requests: HttpGitRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { user, credential } = basicUser(req.headers.authorization, credentials);
    const record = (status: number) => requests.push({ method: req.method ?? '', url: `${url.pathname}${url.search}`, user, status });
    if (!credential) {
      // git asks its credential source (GIT_ASKPASS) only after this challenge
      record(401);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="otternauts test git"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const pushing = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
    if (pushing && !credential.push) {
      record(403);
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('this token is read-only\n');
      return;
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      PATH_INFO: decodeURIComponent(url.pathname),
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      // http-backend allows receive-pack only for an authenticated user
      REMOTE_USER: credential.username,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    // protocol v2 is negotiated through this header
    if (req.headers['git-protocol']) env.HTTP_GIT_PROTOCOL = String(req.headers['git-protocol']);
    const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // http-backend may answer before reading a body
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      const end = text.search(/\r?\n\r?\n/);
      if (end < 0) return;
      const sep = /\r?\n\r?\n/.exec(text)!;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, end).split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      record(status);
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + sep[0].length));
    });
    child.on('close', (code) => {
      if (!headersSent) {
        record(500);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git http-backend exited ${code}: ${stderr}`);
      } else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    root,
    requests,
    async createRepo(name) {
      await git(['init', '-q', '--bare', '--initial-branch=main', path.join(root, `${name}.git`)]);
      return `${url}/${name}.git`;
    },
    pushEnv(credential) {
      const basic = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
      return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- the developer's work clone

export interface PushedCommit {
  sha: string;
  subject: string;
}

/** A work tree where the test edits files, commits and pushes like a developer. */
export class WorkClone {
  private constructor(
    readonly dir: string,
    private readonly remotes: Map<string, Record<string, string>>,
  ) {}

  static async create(dir: string): Promise<WorkClone> {
    fs.mkdirSync(dir, { recursive: true });
    await git(['init', '-q', '--initial-branch=main', dir]);
    const clone = new WorkClone(dir, new Map());
    await clone.run(['config', 'user.name', 'Otto Tester']);
    await clone.run(['config', 'user.email', 'otto@otternauts.test']);
    return clone;
  }

  run(args: string[], env: Record<string, string> = {}): Promise<string> {
    return git(args, { cwd: this.dir, env });
  }

  async addRemote(name: string, url: string, env: Record<string, string>): Promise<void> {
    await this.run(['remote', 'add', name, url]);
    this.remotes.set(name, env);
  }

  write(file: string, content: string): this {
    const p = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.rmSync(p, { force: true });
    fs.writeFileSync(p, content);
    return this;
  }

  symlink(file: string, target: string): this {
    const p = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.rmSync(p, { force: true });
    fs.symlinkSync(target, p);
    return this;
  }

  async commit(subject: string): Promise<PushedCommit> {
    await this.run(['add', '-A']);
    await this.run(['commit', '-q', '--allow-empty', '-m', subject]);
    return { sha: (await this.run(['rev-parse', 'HEAD'])).trim(), subject };
  }

  async checkout(branch: string, create = false): Promise<void> {
    await this.run(create ? ['checkout', '-q', '-b', branch] : ['checkout', '-q', branch]);
  }

  /** Pushes HEAD to `branch` on the remote; returns the commit pushed. */
  async push(remote: string, branch = 'main'): Promise<string> {
    const env = this.remotes.get(remote);
    if (!env) throw new Error(`no remote ${remote}`);
    await this.run(['push', '-q', remote, `HEAD:refs/heads/${branch}`], env);
    return (await this.run(['rev-parse', 'HEAD'])).trim();
  }

  /** The files a commit touched, as a push payload lists them. */
  async changes(sha: string): Promise<{ added: string[]; removed: string[]; modified: string[] }> {
    const out = await this.run(['diff-tree', '--no-commit-id', '--root', '-r', '--name-status', sha]);
    const changes = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
    for (const line of out.trim().split('\n').filter(Boolean)) {
      const [status, file] = line.split('\t');
      (status === 'A' ? changes.added : status === 'D' ? changes.removed : changes.modified).push(file);
    }
    return changes;
  }
}
