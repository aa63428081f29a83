import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Debian's git ships the smart-HTTP CGI here. */
export const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export interface TestGitHttpServerOptions {
  /** folder holding the bare repositories (served as /<name>.git) */
  root: string;
  /** when set, every request needs Basic auth with this password (any user name) */
  token?: string;
}

export interface SeenRequest {
  method: string;
  /** path and query */
  url: string;
  /** the Authorization header as received, or null */
  authorization: string | null;
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
  /** true: requests are accepted and never answered (timeout tests) */
  hang(on: boolean): void;
  close(): Promise<void>;
}

function basicPassword(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function basicUser(header: string | undefined): string {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  return decoded.split(':', 1)[0] || 'anonymous';
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
      status: 0,
    };
    requests.push(seen);
    if (hang) {
      hanging.add(res);
      req.resume();
      return;
    }
    if (opts.token !== undefined && basicPassword(req.headers.authorization) !== opts.token) {
      seen.status = 401;
      // git asks GIT_ASKPASS only after this challenge
      res.writeHead(401, { 'www-authenticate': 'Basic realm="otternauts test git"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
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
      // tests push over HTTP too; the token check above is the only gate
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
    };
    // http-backend allows receive-pack (push) only for an authenticated user
    if (opts.token !== undefined || req.headers.authorization) env.REMOTE_USER = basicUser(req.headers.authorization);
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
