import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { basicAuthEnv, makeBareRepo } from './git-fixtures.js';

/** Debian's git ships the smart-HTTP CGI here. */
export const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export interface TestGitHttpServerOptions {
  /** folder holding the bare repositories (served as /<name>.git) */
  root: string;
  /** when set, every request needs Basic auth with this password (any user name) */
  token?: string;
  /** when set, every request needs Basic auth with one of these user name and password pairs */
  credentials?: TestGitCredential[];
}

export interface TestGitCredential {
  username: string;
  /** the token, sent as the Basic password */
  password: string;
  /** false: a read-only token (git-receive-pack answers 403), as a provider's read scope does */
  push: boolean;
}

export interface SeenRequest {
  method: string;
  /** path and query */
  url: string;
  /** the Authorization header as received, or null */
  authorization: string | null;
  /** the Basic user name, or null without an Authorization header */
  user: string | null;
  status: number;
}

export interface TestGitHttpServer {
  /** http://127.0.0.1:PORT */
  url: string;
  root: string;
  /** every request, in order of arrival */
  requests: SeenRequest[];
  /** the URL of a repository under root: `${url}/${name}.git` */
  repoUrl(name: string): string;
  /** a bare repository `name.git` under root (HEAD main); returns its URL */
  createRepo(name: string): Promise<string>;
  /** environment for the test's own git with one credential (a header from the environment, not argv) */
  pushEnv(credential: Pick<TestGitCredential, 'username' | 'password'>): Record<string, string>;
  /** true: requests are accepted and never answered (timeout tests) */
  hang(on: boolean): void;
  close(): Promise<void>;
}

function basic(header: string | undefined): { user: string; password: string | null } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded, password: null } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** null: no valid credential (401); else whether it may push. Without token or credentials anyone may. */
function access(opts: TestGitHttpServerOptions, header: string | undefined): { push: boolean } | null {
  const given = basic(header);
  if (opts.credentials) {
    const credential = opts.credentials.find((c) => c.username === given?.user && c.password === given?.password);
    return credential ? { push: credential.push } : null;
  }
  if (opts.token !== undefined) return given?.password === opts.token ? { push: true } : null;
  return { push: true };
}

/**
 * A real smart-HTTP Git server for tests: Node's http on 127.0.0.1 (a random port) running
 * `git http-backend` per request as CGI. Only node: modules, so e2e can import it too.
 */
export async function startTestGitHttpServer(opts: TestGitHttpServerOptions): Promise<TestGitHttpServer> {
  fs.mkdirSync(opts.root, { recursive: true });
  const requests: SeenRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  let hang = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization ?? null,
      user: basic(req.headers.authorization)?.user ?? null,
      status: 0,
    };
    requests.push(seen);
    if (hang) {
      hanging.add(res);
      req.resume();
      return;
    }
    const allowed = access(opts, req.headers.authorization);
    if (!allowed) {
      seen.status = 401;
      // git asks GIT_ASKPASS only after this challenge
      res.writeHead(401, { 'www-authenticate': 'Basic realm="otternauts test git"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const pushing = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
    if (pushing && !allowed.push) {
      seen.status = 403;
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('this token is read-only\n');
      return;
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: opts.root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      PATH_INFO: decodeURIComponent(url.pathname),
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      // tests push over HTTP too; the checks above are the only gate
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
    };
    // http-backend allows receive-pack (push) only for an authenticated user
    if (opts.token !== undefined || opts.credentials || req.headers.authorization) env.REMOTE_USER = seen.user || 'anonymous';
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
    if (req.headers['git-protocol']) env.HTTP_GIT_PROTOCOL = String(req.headers['git-protocol']);
    const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // http-backend may answer before reading the body
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      const sep = /\r?\n\r?\n/.exec(text);
      if (!sep) return;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, sep.index).split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      seen.status = status;
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(sep.index + sep[0].length));
    });
    child.on('error', (err) => {
      seen.status = 500;
      if (!headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`cannot run ${HTTP_BACKEND}: ${err.message}\n`);
    });
    child.on('close', (code) => {
      if (!headersSent) {
        seen.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git http-backend exited ${code}: ${stderr}`);
      } else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    root: opts.root,
    requests,
    repoUrl: (name) => `${url}/${name}.git`,
    async createRepo(name) {
      await makeBareRepo(path.join(opts.root, `${name}.git`));
      return `${url}/${name}.git`;
    },
    pushEnv: (credential) => basicAuthEnv(credential.username, credential.password),
    hang(on) {
      hang = on;
      if (!on) {
        for (const res of hanging) res.destroy();
        hanging.clear();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        hanging.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
