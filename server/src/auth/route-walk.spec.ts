import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { serverRoot } from '../config/app-config.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

// Walks every operation of the committed OpenAPI document, spelled every way a router,
// a proxy or a browser might read differently, and checks that none is reachable
// without the admin token. The raw-socket pass matters: app.inject() resolves dot
// segments and may normalise what a real client sends byte for byte.

const TOKEN = 'a-very-long-admin-token-for-the-route-walk';
const HOST = 'localhost:80'; // the name the test app is served as (testing/test-app.ts)
// health, the webhook Git hosts call (signed instead: hook-route-access.spec.ts walks its spellings),
// and logging in and out (the token is the body; tokens/tokens.spec.ts)
const OPEN = new Set(['GET /api/health', 'POST /api/hooks/{hookId}', 'POST /api/session', 'DELETE /api/session']);
const PARAMS: Record<string, string> = { id: 'clnotthere0000000000000000', name: 'DB_PASSWORD', service: 'web' };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

interface Operation {
  method: string;
  template: string;
  path: string;
}

const document = JSON.parse(fs.readFileSync(path.join(serverRoot, 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const operations: Operation[] = Object.entries(document.paths).flatMap(([template, item]) =>
  Object.keys(item)
    .filter((m) => METHODS.has(m))
    .map((m) => ({ method: m.toUpperCase(), template, path: template.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p] ?? 'x') })),
);
const guarded = operations.filter((op) => !OPEN.has(`${op.method} ${op.template}`));

const hex = (c: string) => `%${c.charCodeAt(0).toString(16)}`;

/** The operation's path and the spellings that must not slip past the token check. */
function variants(p: string): string[] {
  const rest = p.slice('/api'.length); // "/secrets/DB_PASSWORD"
  const segment = rest.slice(1);
  return [
    p,
    `/%61pi${rest}`,
    `/api/${hex(segment[0])}${segment.slice(1)}`,
    p.replace(/[a-z]/g, hex),
    `/api%2F${segment.replace(/\//g, '%2F')}`,
    `/api%2f${segment}`,
    `/${p}`,
    p.replace('/api/', '/api//'),
    `${p}/`,
    p.toUpperCase(),
    `/Api${rest}`,
    `${p};x`,
    `${p};/../../api/health`,
    `/api/health;/..${rest}`,
    `/api/health/..${rest}`,
    `/api/health/%2e%2e${rest}`,
    `${p}?x=/../../api/health`,
    `${p}%3Fx=/../../api/health`,
    `${p}#/../../api/health`,
  ];
}

function methodsFor(op: Operation): string[] {
  return [...new Set([op.method, 'HEAD', 'OPTIONS'])];
}

type Send = (method: string, target: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

/** One HTTP/1.1 request written byte for byte on a fresh connection. */
function rawRequest(port: number): Send {
  return (method, target, headers) =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', reject);
      socket.on('end', () => {
        const data = Buffer.concat(chunks).toString('utf8');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
        resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
      });
      const lines = [
        `${method} ${target} HTTP/1.1`,
        `Host: ${HOST}`,
        'Connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
}

describe('the route walk over openapi.json', () => {
  let t: TestApp;
  let transports: [string, Send][];
  let healthBody: string;

  beforeAll(async () => {
    t = await startTestApp(tempDir('route-walk'), { OTTERNAUTS_ADMIN_TOKEN: TOKEN });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.getHttpServer().address() as net.AddressInfo).port;
    const inject: Send = async (method, url, headers) => {
      const res = await t.app.inject({ method: method as 'GET', url, headers: { host: HOST, ...headers } });
      return { status: res.statusCode, body: res.body };
    };
    healthBody = JSON.stringify({ status: 'ok', version: t.config.version, onManagedCluster: false });
    transports = [
      ['app.inject', inject],
      ['a raw socket', rawRequest(port)],
    ];
  });
  afterAll(() => t.app.close());

  it('should cover the whole document', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations).toEqual(
      expect.arrayContaining([
        { method: 'PUT', template: '/api/secrets/{name}', path: '/api/secrets/DB_PASSWORD' },
        { method: 'GET', template: '/api/stacks/{id}/services/{service}/logs', path: `/api/stacks/${PARAMS.id}/services/web/logs` },
      ]),
    );
  });

  it.each(guarded.map((op) => [`${op.method} ${op.template}`, op] as const))(
    'should refuse %s in every spelling without the token, and route it with the token',
    async (_name, op) => {
      const wrong: string[] = [];
      for (const [transport, send] of transports) {
        for (const method of methodsFor(op)) {
          for (const target of variants(op.path)) {
            const anonymous = await send(method, target, {});
            // app.inject resolves dot segments itself: `/api/x;/../../api/health` IS a health request then
            const health =
              anonymous.status === 200 &&
              (method === 'HEAD' ? transport === 'app.inject' && target.includes('/../../api/health') : anonymous.body === healthBody);
            if (!health && anonymous.status !== 401)
              wrong.push(`${transport} ${method} ${target} without the token: ${anonymous.status} ${anonymous.body.slice(0, 100)}`);
            else if (!health && method !== 'HEAD' && JSON.parse(anonymous.body).error.code !== 'unauthorized')
              wrong.push(`${transport} ${method} ${target}: ${anonymous.body}`);
            const admin = await send(method, target, { authorization: `Bearer ${TOKEN}` });
            if (admin.status === 401 || admin.status >= 500 || [403, 415, 421].includes(admin.status)) {
              wrong.push(`${transport} ${method} ${target} with the token: ${admin.status} ${admin.body.slice(0, 200)}`);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  it('should let a spelling that reaches health answer health and nothing else', async () => {
    for (const [transport, send] of transports) {
      for (const target of [...variants('/api/health'), '/api/health?x=/../secrets', '/api/health#/../secrets']) {
        const res = await send('GET', target, {});
        const body = res.body ? JSON.parse(res.body) : undefined;
        const verdict = res.status === 200 ? body : res.status === 401 ? body.error.code : res.status;
        expect([transport, target, verdict]).toEqual([
          transport,
          target,
          res.status === 200 ? { status: 'ok', version: t.config.version, onManagedCluster: false } : 'unauthorized',
        ]);
      }
    }
  });

  it('should answer the API 404, never the dashboard page, to an API spelling with the token', async () => {
    for (const [, send] of transports) {
      for (const target of ['/API/secrets', '//api/secrets', '/api/secrets/', '/api/no-such-thing', '/api;x/secrets']) {
        const res = await send('GET', target, { authorization: `Bearer ${TOKEN}` });
        expect([target, res.status, JSON.parse(res.body).error.code]).toEqual([target, 404, 'not_found']);
      }
    }
  });
});

describe('the open operations', () => {
  it('should be exactly the ones the OpenAPI document declares without security', () => {
    const declared = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(
          ([m, op]) =>
            METHODS.has(m) &&
            Array.isArray((op as { security?: unknown[] }).security) &&
            (op as { security: unknown[] }).security.length === 0,
        )
        .map(([m]) => `${m.toUpperCase()} ${template}`),
    );
    expect(declared.sort()).toEqual([...OPEN].sort());
  });
});
