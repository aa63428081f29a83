import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort } from '../testing/closed-port.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('POST /api/servers/scan rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(tempDir('scan-limit'));
  });
  afterAll(() => t.app.close());

  it('should answer 429 rate_limited with retry-after once a client has spent its burst', async () => {
    const port = await closedPort();
    const scan = () => t.app.inject({ method: 'POST', url: '/api/servers/scan', payload: { hostname: '127.0.0.1', port } });
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await scan());
    expect(answers.slice(0, 20).map((r) => r.statusCode)).not.toContain(429);
    const refused = answers[20];
    expect(refused.statusCode).toBe(429);
    // a token comes back every 3 s; the scans themselves took a moment of that
    const wait = String(refused.headers['retry-after']);
    expect(['1', '2', '3']).toContain(wait);
    expect(refused.json().error).toMatchObject({
      code: 'rate_limited',
      message: `Too many server scans from this address (at most 20 at once, 20 a minute): try again in ${wait} s.`,
    });
  });
});
