import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort } from '../testing/closed-port.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('Git host scans are rate-limited like server scans', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(tempDir('repo-scan-limit'));
  });
  afterAll(() => t.app.close());

  it('should answer 429 with retry-after once a client has spent its burst, on every route that scans', async () => {
    const port = await closedPort();
    const url = `ssh://git@127.0.0.1:${port}/a.git`;
    const scans = [];
    for (let i = 0; i < 20; i++) scans.push(await t.app.inject({ method: 'POST', url: '/api/repositories/scan', payload: { url } }));
    expect([...new Set(scans.map((r) => r.statusCode))]).toEqual([502]);
    const refused = [
      await t.app.inject({ method: 'POST', url: '/api/repositories/scan', payload: { url } }),
      await t.app.inject({
        method: 'POST',
        url: '/api/repositories',
        payload: { name: 'a', url, access: 'deploy_key', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' },
      }),
      await t.app.inject({
        method: 'PUT',
        url: '/api/repositories/x/host-key',
        payload: { fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' },
      }),
    ];
    for (const res of refused) {
      expect([res.statusCode, res.json().error.code]).toEqual([429, 'rate_limited']);
      expect(['1', '2', '3']).toContain(String(res.headers['retry-after']));
      expect(res.json().error.message).toContain('Too many Git host scans from this address');
    }
    // an https repository scans nothing, so it is still added
    const https = await t.app.inject({
      method: 'POST',
      url: '/api/repositories',
      payload: { name: 'b', url: 'https://example.com/b.git', access: 'public' },
    });
    expect(https.statusCode).toBe(201);
  });
});
