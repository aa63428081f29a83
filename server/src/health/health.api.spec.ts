import fs from 'node:fs';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const TOKEN = 'a-very-long-admin-token-for-health';

describe('GET /api/health', () => {
  const apps: Array<{ t: TestApp; dir: string }> = [];
  const health = async (env: Record<string, string>) => {
    const dir = tempDir('health');
    const t = await startTestApp(dir, env);
    apps.push({ t, dir });
    // no credential: health is the one open call, also in token mode
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    return res.json<{ status: string; version: string; onManagedCluster: unknown }>();
  };
  afterAll(async () => {
    for (const { t, dir } of apps) {
      await t.app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should report onManagedCluster true when OTTERNAUTS_ON_CLUSTER=1', async () => {
    expect(await health({ OTTERNAUTS_ON_CLUSTER: '1', OTTERNAUTS_ADMIN_TOKEN: TOKEN })).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      onManagedCluster: true,
    });
  });

  it.each([
    ['unset', {}],
    ['0', { OTTERNAUTS_ON_CLUSTER: '0' }],
  ])('should report onManagedCluster false when OTTERNAUTS_ON_CLUSTER is %s', async (_case, env) => {
    expect((await health(env)).onManagedCluster).toBe(false);
  });
});
