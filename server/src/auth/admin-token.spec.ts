import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const TOKEN = 'a-very-long-admin-token-for-tests';

describe('the admin token', () => {
  let t: TestApp;
  const call = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers }) as unknown as Promise<{ statusCode: number; json(): any }>;

  beforeAll(async () => {
    t = await startTestApp(tempDir('auth'), { OTTERNAUTS_ADMIN_TOKEN: TOKEN });
  });
  afterAll(() => t.app.close());

  it('should leave health open', async () => {
    expect((await call('/api/health')).statusCode).toBe(200);
  });

  it('should refuse every other /api call without the token, with the error body', async () => {
    const res = await call('/api/secrets');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    expect((await call('/api/openapi.json')).statusCode).toBe(401);
  });

  it('should refuse a wrong token and accept the right one', async () => {
    const wrong = await call('/api/secrets', { authorization: 'Bearer not-the-token-at-all-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('That admin token is not the one Mission Control was started with.');
    expect((await call('/api/secrets', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('should accept the dashboard cookie for the documentation only', async () => {
    const cookie = { cookie: `otternauts_token=${TOKEN}` };
    for (const url of ['/api/openapi.json', '/api/docs', '/api/docs-yaml', '/%61pi/openapi.json']) {
      expect([url, (await call(url, cookie)).statusCode]).toEqual([url, 200]);
      expect([url, (await call(url)).statusCode]).toEqual([url, 401]);
    }
    expect((await call('/api/secrets', cookie)).statusCode).toBe(401);
    expect((await call('/api/secrets', { cookie: 'otternauts_token=%E0%A4%A' })).statusCode).toBe(401);
    const post = await t.app.inject({ method: 'POST', url: '/api/openapi.json', headers: cookie });
    expect(post.statusCode).toBe(401);
  });

  it('should serve the dashboard without the token (it asks for it)', async () => {
    const res = await call('/servers');
    expect(res.statusCode).toBe(200);
  });
});
