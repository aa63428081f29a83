import net from 'node:net';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const TOKEN = 'a-very-long-admin-token-for-the-guard';
const STACK = { name: 'blog', configuration: 'services:\n  web:\n    image: nginx:1.27\n' };

interface Answer {
  statusCode: number;
  body: string;
  json(): any;
}

describe.each([
  ['token mode', { OTTERNAUTS_ADMIN_TOKEN: TOKEN }, { authorization: `Bearer ${TOKEN}` }],
  ['loopback mode (no token)', {}, {}],
] as const)('the HTTP guard in %s', (_mode, env, auth) => {
  let t: TestApp;
  const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: string) =>
    t.app.inject({ method: method as 'GET', url, headers: { ...auth, ...headers }, payload }) as unknown as Promise<Answer>;
  const json = (method: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
    call(method, url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
  const code = (res: Answer) => [res.statusCode, res.json().error?.code];
  const nothingStored = async () => {
    expect((await call('GET', '/api/stacks')).json()).toEqual([]);
    expect((await call('GET', '/api/secrets')).json()).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestApp(tempDir('guard'), env);
  });
  afterAll(() => t.app.close());

  describe('request bodies', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'name=blog&configuration=services%3A'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nblog\r\n--x--\r\n'],
      ['text/plain', JSON.stringify(STACK)],
      ['text/plain;charset=UTF-8', JSON.stringify(STACK)],
      ['application/jsonx', JSON.stringify(STACK)],
    ])('should refuse %s with 415 and store nothing', async (type, body) => {
      const res = await call('POST', '/api/stacks', { 'content-type': type }, body);
      expect(code(res)).toEqual([415, 'unsupported_media_type']);
      expect(res.json().error.message).toContain('send content-type: application/json');
      expect(code(await call('PUT', '/api/secrets/X', { 'content-type': type }, body))).toEqual([415, 'unsupported_media_type']);
      await nothingStored();
    });

    it('should refuse a body without a content type', async () => {
      const res = await call('POST', '/api/stacks', { 'content-length': '13' }, '{"name":"x"}\n');
      expect(code(res)).toEqual([415, 'unsupported_media_type']);
      expect(res.json().error.message).toBe(
        'Mission Control takes request bodies as JSON only: send the header content-type: application/json.',
      );
    });

    it('should take JSON, with or without a charset, and body-less POSTs', async () => {
      expect((await json('POST', '/api/stacks/validate', STACK)).statusCode).toBe(200);
      const charset = await call(
        'POST',
        '/api/stacks/validate',
        { 'content-type': 'application/json; charset=utf-8' },
        JSON.stringify(STACK),
      );
      expect(charset.statusCode).toBe(200);
      // deploy, provision, ingress carry no body: they reach their handler (here: nothing to deploy to)
      const ingress = await call('POST', '/api/cluster/ingress');
      expect([415, 401, 403]).not.toContain(ingress.statusCode);
      expect(ingress.json().error.code).not.toBe('unsupported_media_type');
    });
  });

  describe('Origin and Sec-Fetch-Site', () => {
    it.each([
      ['a page on another port', { origin: 'http://127.0.0.1:3000' }],
      ['a page on another host', { origin: 'https://evil.example' }],
      ['a sandboxed frame', { origin: 'null' }],
      ['another site, without Origin', { 'sec-fetch-site': 'cross-site' }],
      ['the same site from another origin', { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' }],
      ['the same site without Origin', { 'sec-fetch-site': 'same-site' }],
      ['another site, even with our Origin', { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' }],
      ['an unknown Sec-Fetch-Site', { 'sec-fetch-site': 'elsewhere' }],
    ])('should refuse a state change from %s with 403', async (_from, headers) => {
      const res = await json('POST', '/api/stacks', STACK, headers);
      expect(code(res)).toEqual([403, 'cross_origin_refused']);
      expect(res.json().error.message).toContain('OTTERNAUTS_PUBLIC_URL');
      expect(code(await json('PUT', '/api/secrets/X', { value: 'x' }, headers))).toEqual([403, 'cross_origin_refused']);
      expect(code(await call('POST', '/api/cluster/ingress', headers))).toEqual([403, 'cross_origin_refused']);
      expect(code(await call('DELETE', '/api/stacks/whatever', headers))).toEqual([403, 'cross_origin_refused']);
      await nothingStored();
    });

    it('should refuse it before asking for the token', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/stacks/x/deploy', headers: { origin: 'http://127.0.0.1:3000' } });
      expect(res.statusCode).toBe(403);
    });

    it.each([
      ['a JSON read', '/api/servers'],
      ['an event stream', '/api/servers/some-id/events'],
      ['a log stream', '/api/stacks/some-id/services/web/logs'],
      ['health', '/api/health'],
      ['an unknown API path', '/api/nothing-here'],
    ])('should refuse %s a page on another site asks for', async (_what, url) => {
      expect(
        code(await call('GET', url, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' })),
      ).toEqual([403, 'cross_origin_refused']);
      expect(
        code(await call('GET', url, { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors', origin: 'http://127.0.0.1:3000' })),
      ).toEqual([403, 'cross_origin_refused']);
      expect(
        code(await call('GET', url, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' })),
      ).toEqual([403, 'cross_origin_refused']);
    });

    it('should let a person follow a link to an API page (the linking page reads nothing)', async () => {
      const res = await call('GET', '/api/health', {
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
      });
      expect(res.statusCode).toBe(200);
    });

    it('should serve the dashboard files to any site', async () => {
      for (const url of ['/', '/servers']) {
        const res = await call('GET', url, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
        expect([url, res.statusCode]).toEqual([url, 200]);
      }
    });

    it.each([
      ['the dashboard (same origin)', { origin: 'http://localhost', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }],
      ['curl or the CLI (no Origin, no Sec-Fetch-*)', {}],
      ['Node fetch (Sec-Fetch-Mode only)', { 'sec-fetch-mode': 'cors' }],
      ['an address typed by the person', { 'sec-fetch-site': 'none' }],
    ])('should take a state change from %s', async (_from, headers) => {
      const created = await json('PUT', '/api/secrets/FROM_OK', { value: 'x' }, headers);
      expect(created.statusCode).toBe(200);
      expect((await call('DELETE', '/api/secrets/FROM_OK', headers)).statusCode).toBe(204);
    });
  });

  describe('the Host header', () => {
    it.each([
      ['a rebinding name', 'rebind.test:8080'],
      ['a rebinding name on the default port', 'rebind.test'],
      ['another port of localhost', 'localhost:8081'],
      ['a userinfo trick', 'evil.test@localhost:8080'],
      ['a trailing dot', 'localhost.:8080'],
    ])('should answer %s with 421 on every path', async (_what, host) => {
      for (const url of ['/api/servers', '/api/health', '/', '/servers', '/api/openapi.json', '/api/nothing']) {
        const res = await call('GET', url, { host });
        expect([url, ...code(res)]).toEqual([url, 421, 'misdirected_request']);
        expect(res.json().error.message).toContain('OTTERNAUTS_ALLOWED_HOSTS');
        expect(res.body).not.toContain('<html');
      }
      expect(code(await json('POST', '/api/stacks', STACK, { host }))).toEqual([421, 'misdirected_request']);
      await nothingStored();
    });

    it('should refuse a missing or empty Host on a real socket', async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.getHttpServer().address() as net.AddressInfo).port;
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
          socket
            .on('data', (d: Buffer) => chunks.push(d))
            .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
            .on('error', reject);
        });
      expect(await raw('GET /api/servers HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 [^]*"misdirected_request"/);
      expect(await raw('GET /api/servers HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n')).toMatch(
        /^HTTP\/1\.1 421 [^]*"misdirected_request"/,
      );
      expect(await raw(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 421 /);
      expect(await raw('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    });

    it.each(['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', 'localhost:80'])('should serve %s', async (host) => {
      expect((await call('GET', '/api/health', { host })).statusCode).toBe(200);
      expect((await call('GET', '/api/servers', { host })).statusCode).toBe(200);
    });
  });

  describe('framing', () => {
    it.each(['/', '/servers', '/api/health', '/api/docs', '/api/servers', '/api/nothing'])(
      'should forbid other sites to frame %s',
      async (url) => {
        const res = (await t.app.inject({ method: 'GET', url, headers: { ...auth } })) as unknown as { headers: Record<string, string> };
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      },
    );
  });
});

describe('the HTTP guard with OTTERNAUTS_PUBLIC_URL and OTTERNAUTS_ALLOWED_HOSTS', () => {
  let t: TestApp;
  const call = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      payload: payload as string,
    }) as unknown as Promise<Answer>;

  beforeAll(async () => {
    t = await startTestApp(tempDir('guard-public'), {
      OTTERNAUTS_ADMIN_TOKEN: TOKEN,
      OTTERNAUTS_HOST: '0.0.0.0',
      OTTERNAUTS_PUBLIC_URL: 'https://mc.example.com',
      OTTERNAUTS_ALLOWED_HOSTS: 'localhost:80, Ops.Example.com:8443',
    });
  });
  afterAll(() => t.app.close());

  it('should answer the public name and the allowed hosts', async () => {
    for (const host of ['mc.example.com', 'mc.example.com:443', 'ops.example.com:8443', '127.0.0.1:8080']) {
      expect([host, (await call('GET', '/api/servers', { host })).statusCode]).toEqual([host, 200]);
    }
    for (const host of ['mc.example.com:8080', 'ops.example.com', 'example.com']) {
      expect([host, (await call('GET', '/api/servers', { host })).statusCode]).toEqual([host, 421]);
    }
  });

  it('should take state changes from the public origin only', async () => {
    const put = (origin: string) =>
      call(
        'PUT',
        '/api/secrets/PUBLIC',
        { host: 'mc.example.com', origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        { value: 'x' },
      );
    expect((await put('https://mc.example.com')).statusCode).toBe(200);
    expect((await put('https://ops.example.com:8443')).statusCode).toBe(200);
    expect((await put('https://mc.example.com:444')).statusCode).toBe(403);
    expect((await put('https://mc.example.com.evil.test')).statusCode).toBe(403);
  });
});
