import net from 'node:net';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

// The webhook route is the one API route a caller without the admin token reaches (Git hosts
// cannot send it; the body's signature stands in). Public is decided by the route the router
// MATCHED: an encoded spelling of it is the same route, and nothing near it became public.

const TOKEN = 'a-very-long-admin-token-for-the-hook-route';
const UNKNOWN_HOOK = "No webhook at this address: copy the webhook URL again from the stack's page in Mission Control.";

interface Answer {
  statusCode: number;
  body: string;
  json(): any;
}

describe('the webhook route and the HTTP guard', () => {
  let t: TestApp;
  const send = (method: string, url: string, headers: Record<string, string> = {}, payload?: string | Buffer) =>
    t.app.inject({ method: method as 'POST', url, headers, payload }) as unknown as Promise<Answer>;
  const post = (url: string, headers: Record<string, string> = {}, payload = '{"zen":"hi"}') =>
    send('POST', url, { 'content-type': 'application/json', ...headers }, payload);
  const verdict = (res: Answer) => [res.statusCode, res.json().error?.code, res.json().error?.message];

  beforeAll(async () => {
    t = await startTestApp(tempDir('hook-route'), { OTTERNAUTS_ADMIN_TOKEN: TOKEN });
  });
  afterAll(() => t.app.close());

  it.each(['/api/hooks/nope', '/api/%68ooks/nope', '/api/hooks/%6eope', '/%61pi/hooks/nope', '/api/hooks/nope;x'])(
    'should let %s reach the webhook handler without the token',
    async (url) => {
      expect(verdict(await post(url))).toEqual([404, 'not_found', UNKNOWN_HOOK]);
    },
  );

  it.each([
    ['GET', '/api/hooks/nope'],
    ['PUT', '/api/hooks/nope'],
    ['DELETE', '/api/hooks/nope'],
    ['PATCH', '/api/hooks/nope'],
    ['OPTIONS', '/api/hooks/nope'],
    ['POST', '/api/hooks'],
    ['POST', '/api/hooks/'],
    ['POST', '/api/hooks/nope/'],
    ['POST', '/api/hooks/nope/more'],
    ['POST', '/api/%68ooks'],
    ['POST', '/API/hooks/nope'],
    ['POST', '//api/hooks/nope'],
    ['POST', '/api/hooks//nope'],
    ['POST', '/api/hooksx/nope'],
    ['POST', '/api/stacks/nope/webhook'],
    ['GET', '/api/stacks/nope/webhook'],
    ['GET', '/api/stacks/nope/deliveries'],
  ])('should keep %s %s behind the token', async (method, url) => {
    const res = await send(
      method,
      url,
      method === 'POST' ? { 'content-type': 'application/json' } : {},
      method === 'POST' ? '{}' : undefined,
    );
    expect([method, url, res.statusCode, res.json().error.code]).toEqual([method, url, 401, 'unauthorized']);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'payload=%7B%7D'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}\r\n--x--\r\n'],
    ['text/plain', '{}'],
  ])('should refuse a %s webhook with 415, saying which setting to change', async (type, body) => {
    const res = await send('POST', '/api/hooks/nope', { 'content-type': type }, body);
    expect(verdict(res)).toEqual([
      415,
      'unsupported_media_type',
      `Mission Control takes webhooks as JSON only, not ${JSON.stringify(type)}: in the Git host's webhook settings, pick the content type application/json.`,
    ]);
  });

  it('should decide the same on a raw socket, byte for byte as a client sends it', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.getHttpServer().address() as net.AddressInfo).port;
    const raw = (target: string) =>
      new Promise<number>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(
            `POST ${target} HTTP/1.1\r\nHost: localhost:80\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
          ),
        );
        socket
          .on('data', (d: Buffer) => chunks.push(d))
          .on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString())?.[1])))
          .on('error', reject);
      });
    const seen = [];
    for (const target of [
      '/api/hooks/nope',
      '/api/%68ooks/nope',
      '/api/hooks/',
      '/api/hooks/nope/..',
      '/api/hooks/../secrets',
      '/api/hooks/%2e%2e/secrets',
      '/api/hooks/nope/%2e%2e/../secrets',
    ]) {
      seen.push([target, await raw(target)]);
    }
    expect(seen).toEqual([
      ['/api/hooks/nope', 404],
      ['/api/%68ooks/nope', 404],
      ['/api/hooks/', 401],
      ['/api/hooks/nope/..', 401],
      ['/api/hooks/../secrets', 401],
      ['/api/hooks/%2e%2e/secrets', 401],
      ['/api/hooks/nope/%2e%2e/../secrets', 401],
    ]);
  });

  it('should still turn away a foreign page and a foreign Host', async () => {
    expect((await post('/api/hooks/nope', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post('/api/hooks/nope', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post('/api/hooks/nope', { host: 'evil.example' })).statusCode).toBe(421);
  });

  it('should take 25 MiB on the webhook route and keep 2 MiB everywhere else', async () => {
    const json = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes) });
    expect(verdict(await post('/api/hooks/nope', {}, json(3 * 1024 * 1024)))[0]).toBe(404);
    expect((await post('/api/hooks/nope', {}, json(26 * 1024 * 1024))).statusCode).toBe(413);
    const other = await post('/api/stacks/validate', { authorization: `Bearer ${TOKEN}` }, json(3 * 1024 * 1024));
    expect(other.statusCode).toBe(413);
  });
});
