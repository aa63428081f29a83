import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { LOGIN_RATE_LIMIT } from './session.controller.js';

const ADMIN = 'a-very-long-admin-token-for-the-token-tests';
const FILE = 'services:\n  web:\n    image: nginx:1.27\n';

interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

type Call = (method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Answer>;

function caller(t: () => TestApp): Call {
  return (method, url, opts = {}) =>
    t().app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      payload: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    }) as unknown as Promise<Answer>;
}

const setCookie = (res: Answer) => [res.headers['set-cookie'] ?? []].flat().join('\n');
const sessionCookie = (res: Answer) => /otternauts_session=([^;]+)/.exec(setCookie(res))?.[1] ?? '';

describe('API tokens in token mode', () => {
  let t: TestApp;
  const call = caller(() => t);
  const create = async (body: unknown) => {
    const res = await call('POST', '/api/tokens', { token: ADMIN, body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; token: string };
  };
  let shop: string;
  let blog: string;

  beforeAll(async () => {
    t = await startTestApp(tempDir('tokens'), { OTTERNAUTS_ADMIN_TOKEN: ADMIN });
    shop = (await call('POST', '/api/stacks', { token: ADMIN, body: { name: 'shop', configuration: FILE } })).json().id;
    blog = (await call('POST', '/api/stacks', { token: ADMIN, body: { name: 'blog', configuration: FILE } })).json().id;
  });
  afterAll(() => t.app.close());

  it('should show a new token once, keep only its hash, and list it without it', async () => {
    const made = await create({ name: 'ci-read', scopes: ['read'], expiresInDays: 30 });
    expect(made.token).toMatch(/^otn_[A-Za-z0-9_-]{43}$/);
    const listed = (await call('GET', '/api/tokens', { token: ADMIN })).json() as Record<string, unknown>[];
    const row = listed.find((r) => r.name === 'ci-read')!;
    expect(row).toMatchObject({ scopes: ['read'], stacks: null, prefix: made.token.slice(4, 12), lastUsedAt: null, revokedAt: null });
    expect(Date.parse(row.expiresAt as string) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(JSON.stringify(listed)).not.toContain(made.token);
    expect(JSON.stringify(listed)).not.toContain('hash');
    const stored = await t.app.get(PrismaService).apiToken.findUniqueOrThrow({ where: { name: 'ci-read' } });
    expect(JSON.stringify(stored)).not.toContain(made.token);
    expect(t.logs.join('\n')).not.toContain(made.token);
  });

  it('should refuse a duplicate name, stacks without deploy, and unknown scopes, naming the field', async () => {
    await create({ name: 'dup', scopes: ['read'] });
    const dup = await call('POST', '/api/tokens', { token: ADMIN, body: { name: 'dup', scopes: ['read'] } });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'token_exists']);
    const stacks = await call('POST', '/api/tokens', { token: ADMIN, body: { name: 'x', scopes: ['read'], stacks: ['shop'] } });
    expect(stacks.statusCode).toBe(400);
    expect(stacks.json().error.details[0].field).toBe('stacks');
    const scope = await call('POST', '/api/tokens', { token: ADMIN, body: { name: 'y', scopes: ['root'] } });
    expect(scope.statusCode).toBe(400);
    expect(JSON.stringify(scope.json().error)).toContain('read, deploy or admin');
    const racing = await Promise.all(
      [1, 2, 3].map(() => call('POST', '/api/tokens', { token: ADMIN, body: { name: 'race', scopes: ['read'] } })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const names = ((await call('GET', '/api/tokens', { token: ADMIN })).json() as { name: string }[]).map((r) => r.name);
    expect(names).not.toContain('x');
    expect(names).not.toContain('y');
  });

  it('should let a read token read but change nothing, and record when it was used', async () => {
    const { token } = await create({ name: 'reader', scopes: ['read'] });
    expect((await call('GET', '/api/secrets', { token })).statusCode).toBe(200);
    expect((await call('GET', `/api/stacks/${blog}`, { token })).statusCode).toBe(200);
    const put = await call('PUT', '/api/secrets/DB_PASSWORD', { token, body: { value: 'x' } });
    expect([put.statusCode, put.json().error.code]).toEqual([403, 'forbidden']);
    expect(put.json().error.message).toBe('The token "reader" may read; this call needs admin.');
    expect((await call('GET', '/api/tokens', { token })).statusCode).toBe(403);
    const row = await t.app.get(PrismaService).apiToken.findUniqueOrThrow({ where: { name: 'reader' } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('should let a deploy token limited to shop touch shop only, and read no secrets', async () => {
    const { token } = await create({ name: 'ci-shop', scopes: ['deploy'], stacks: ['shop'] });
    const listed = (await call('GET', '/api/stacks', { token })).json() as { name: string }[];
    expect(listed.map((s) => s.name)).toEqual(['shop']);
    expect((await call('GET', `/api/stacks/${shop}`, { token })).statusCode).toBe(200);
    expect((await call('PUT', `/api/stacks/${shop}`, { token, body: { configuration: FILE } })).statusCode).toBe(200);
    const other = await call('POST', `/api/stacks/${blog}/deploy`, { token });
    expect([other.statusCode, other.json().error.message]).toEqual([
      403,
      'The token "ci-shop" may deploy the stacks shop; this call needs deploy for "blog", or admin.',
    ]);
    expect((await call('GET', `/api/stacks/${blog}`, { token })).statusCode).toBe(403);
    expect((await call('GET', '/api/stacks/no-such-stack', { token })).statusCode).toBe(403);
    expect((await call('GET', '/api/secrets', { token })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/stacks/${shop}`, { token })).statusCode).toBe(403);
    expect((await call('GET', `/api/stacks/${shop}`, { token: ADMIN })).statusCode).toBe(200);
  });

  it('should answer 401 with the reason for a revoked, an expired and an unknown token', async () => {
    const made = await create({ name: 'short-lived', scopes: ['read'] });
    expect((await call('DELETE', `/api/tokens/${made.id}`, { token: ADMIN })).statusCode).toBe(204);
    const revoked = await call('GET', '/api/secrets', { token: made.token });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.message).toMatch(/^The API token "short-lived" was revoked on \d{4}-\d\d-\d\d/);
    const expiring = await create({ name: 'expiring', scopes: ['read'], expiresInDays: 1 });
    await t.app.get(PrismaService).apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call('GET', '/api/secrets', { token: expiring.token });
    expect(expired.json().error.message).toMatch(/^The API token "expiring" expired on/);
    const unknown = await call('GET', '/api/secrets', { token: `otn_${'A'.repeat(43)}` });
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([
      401,
      'Mission Control does not know that token: it is neither OTTERNAUTS_ADMIN_TOKEN nor an API token it issued.',
    ]);
    expect((await call('DELETE', '/api/tokens/nope', { token: ADMIN })).statusCode).toBe(404);
  });

  describe('dashboard sessions', () => {
    const ours = { origin: 'http://localhost' };

    it('should exchange a token for an HttpOnly SameSite=Strict cookie that works like it', async () => {
      const login = await call('POST', '/api/session', { body: { token: ADMIN } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ mode: 'token', name: 'admin token', scopes: ['admin'], via: 'session' });
      const header = setCookie(login);
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Strict/);
      expect(header).toMatch(/Max-Age=2592000/);
      expect(header).not.toMatch(/Secure/); // plain http here
      expect(header).not.toContain(ADMIN);
      const cookie = { cookie: `otternauts_session=${sessionCookie(login)}` };
      const me = await call('GET', '/api/session', { headers: cookie });
      expect(me.json()).toMatchObject({ name: 'admin token', via: 'session' });
      expect((await call('GET', '/api/openapi.json', { headers: cookie })).statusCode).toBe(200);
      // a change with the cookie must come from our own pages
      const bare = await call('PUT', '/api/secrets/S1', { headers: cookie, body: { value: 'v' } });
      expect([bare.statusCode, bare.json().error.code]).toEqual([403, 'cross_origin_refused']);
      expect((await call('PUT', '/api/secrets/S1', { headers: { ...cookie, ...ours }, body: { value: 'v' } })).statusCode).toBe(200);
      // logging out ends it
      const out = await call('DELETE', '/api/session', { headers: { ...cookie, ...ours } });
      expect(out.statusCode).toBe(204);
      expect(setCookie(out)).toMatch(/otternauts_session=;.*Max-Age=0/);
      const after = await call('GET', '/api/secrets', { headers: cookie });
      expect([after.statusCode, after.json().error.message]).toEqual([401, 'Your dashboard session has ended: log in again with a token.']);
    });

    it('should give a session the scopes of its token, and end it when the token is revoked', async () => {
      const made = await create({ name: 'viewer', scopes: ['read'] });
      const login = await call('POST', '/api/session', { body: { token: made.token } });
      const cookie = { cookie: `otternauts_session=${sessionCookie(login)}` };
      expect((await call('GET', '/api/session', { headers: cookie })).json()).toMatchObject({ name: 'viewer', scopes: ['read'] });
      expect((await call('PUT', '/api/secrets/S2', { headers: { ...cookie, ...ours }, body: { value: 'v' } })).statusCode).toBe(403);
      await call('DELETE', `/api/tokens/${made.id}`, { token: ADMIN });
      expect((await call('GET', '/api/session', { headers: cookie })).statusCode).toBe(401);
      expect(await t.app.get(PrismaService).session.count({ where: { tokenId: made.id } })).toBe(0);
    });

    it('should set no cookie for a wrong token, and refuse login bodies of the wrong type', async () => {
      const wrong = await call('POST', '/api/session', { body: { token: 'nope' } });
      expect([wrong.statusCode, setCookie(wrong)]).toEqual([401, '']);
      const form = await call('POST', '/api/session', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.statusCode).toBe(415);
      const evil = await call('POST', '/api/session', { body: { token: ADMIN }, headers: { origin: 'https://evil.example' } });
      expect([evil.statusCode, setCookie(evil)]).toEqual([403, '']);
    });

    it('should slow down guessing with 429 in the one error body', async () => {
      let last: Answer | undefined;
      for (let i = 0; i <= LOGIN_RATE_LIMIT.max; i++) last = await call('POST', '/api/session', { body: { token: `guess-${i}` } });
      expect(last!.statusCode).toBe(429);
      expect(last!.json().error.code).toBe('too_many_requests');
      expect(last!.json().error.message).toMatch(/^Too many attempts from this address: try again in/);
      expect(last!.headers['retry-after']).toBeDefined();
    });
  });
});

describe('API tokens in open mode (no admin token, loopback)', () => {
  let t: TestApp;
  const call = caller(() => t);

  beforeAll(async () => {
    t = await startTestApp(tempDir('tokens-open'));
  });
  afterAll(() => t.app.close());

  it('should act as the local admin without a credential, and still apply a presented token', async () => {
    expect((await call('GET', '/api/session')).json()).toEqual({
      mode: 'open',
      name: 'open',
      scopes: ['admin'],
      stacks: null,
      via: 'none',
      expiresAt: null,
    });
    const made = (await call('POST', '/api/tokens', { body: { name: 'pipeline', scopes: ['read'] } })).json();
    expect((await call('GET', '/api/secrets', { token: made.token })).statusCode).toBe(200);
    expect((await call('PUT', '/api/secrets/S', { token: made.token, body: { value: 'v' } })).statusCode).toBe(403);
    expect((await call('GET', '/api/secrets', { token: 'otn_unknown' })).statusCode).toBe(401);
  });
});
