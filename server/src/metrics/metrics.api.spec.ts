import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { LatestSamples } from './metrics.types.js';
import { MetricsSampler } from './metrics-sampler.js';

// The /api/metrics routes on the real application and SQLite file. Rows are written as the
// sampler and the downsampler write them; the sampling itself is metrics-sampler.spec.ts's.

interface Answer {
  statusCode: number;
  json(): any;
}

describe('/api/metrics', () => {
  let t: TestApp;
  let prisma: PrismaService;
  let stackId: string;
  let otn1: string;
  let otn2: string;
  const now = Date.now();
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  const get = async (url: string) => {
    const res = (await t.app.inject({ method: 'GET', url })) as unknown as Answer;
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await startTestApp(tempDir('metrics-api'), { OTTERNAUTS_METRICS_INTERVAL: '30', OTTERNAUTS_METRICS_LIVE_INTERVAL: '5' });
    prisma = t.app.get(PrismaService);
    const cluster = await prisma.cluster.create({ data: {} });
    const server = (name: string, position: number) =>
      prisma.server.create({
        data: {
          clusterId: cluster.id,
          name,
          hostname: `10.77.0.${11 + position}`,
          sshUser: 'root',
          sshPrivateKey: Buffer.from('x'),
          hostKeyFingerprint: 'SHA256:x',
          status: 'ready',
          position,
        },
      });
    otn1 = (await server('otn1', 0)).id;
    otn2 = (await server('otn2', 1)).id;
    stackId = (await prisma.stack.create({ data: { clusterId: cluster.id, name: 'shop', configuration: 'services: {}\n' } })).id;
    const host = (serverId: string, resolution: number, at: Date, cpuPercent: number) => ({
      serverId,
      resolution,
      at,
      cpuPercent,
      cpuCount: 2,
      memoryUsedBytes: 1e9,
      memoryTotalBytes: 4e9,
      load1: 0.3,
      diskFreeBytes: 2e10,
      diskTotalBytes: 5e10,
    });
    await prisma.serverMetric.createMany({
      data: [
        host(otn1, 0, ago(120), 10),
        host(otn1, 0, ago(90), 20),
        host(otn2, 0, ago(100), 30),
        host(otn1, 0, ago(4000), 99),
        host(otn1, 60, ago(3600), 15),
        host(otn1, 900, ago(86_400 * 2), 12),
      ],
    });
    // shop_web: one replica on each server, the raw samples of each server at their own moments
    const svc = (serviceName: string, serverId: string, resolution: number, at: Date, cpuPercent: number, memoryBytes: number) => ({
      stackName: serviceName.split('_')[0],
      serviceName,
      serverId,
      resolution,
      at,
      cpuPercent,
      memoryBytes,
      containers: 1,
    });
    const bucket = (seconds: number) => new Date(Math.floor((now - seconds * 1000) / 30_000) * 30_000 + 1000);
    await prisma.serviceMetric.createMany({
      data: [
        svc('shop_web', otn1, 0, bucket(120), 40, 100),
        svc('shop_web', otn2, 0, new Date(+bucket(120) + 20_000), 10, 300),
        svc('shop_web', otn1, 0, bucket(90), 50, 100),
        svc('shop_db', otn2, 0, bucket(90), 1, 1000),
        svc('other_web', otn1, 0, bucket(90), 77, 1),
        svc('shop_web', otn1, 60, ago(7200), 33, 100),
      ],
    });
  });
  afterAll(() => t.app.close());

  describe('GET /api/metrics/servers', () => {
    it('should answer every server with its raw points of the last hour by default', async () => {
      const { status, body } = await get('/api/metrics/servers');
      expect(status).toBe(200);
      expect(body).toMatchObject({ range: '1h', resolutionSeconds: 30 });
      expect(body.servers.map((s: any) => [s.name, s.points.map((p: any) => p.cpuPercent)])).toEqual([
        ['otn1', [10, 20]],
        ['otn2', [30]],
      ]);
      expect(Object.keys(body.servers[0].points[0]).sort()).toEqual(
        ['at', 'cpuCount', 'cpuPercent', 'diskFreeBytes', 'diskTotalBytes', 'load1', 'memoryTotalBytes', 'memoryUsedBytes'].sort(),
      );
      // nothing sampled since this start: the newest stored sample stands in
      expect(body.servers[0].latest).toMatchObject({ cpuPercent: 20 });
    });

    it('should read 60 s points for 24h and 900 s points for 7d', async () => {
      const day = (await get('/api/metrics/servers?range=24h')).body;
      expect(day.resolutionSeconds).toBe(60);
      expect(day.servers[0].points.map((p: any) => p.cpuPercent)).toEqual([15]);
      const week = (await get('/api/metrics/servers?range=7d')).body;
      expect(week.resolutionSeconds).toBe(900);
      expect(week.servers[0].points.map((p: any) => p.cpuPercent)).toEqual([12]);
    });

    it.each(['1d', '30m', '', '1H'])('should refuse range=%j with a 400 naming the field', async (range) => {
      const { status, body } = await get(`/api/metrics/servers?range=${encodeURIComponent(range)}`);
      expect(status).toBe(400);
      expect(body.error.details).toEqual([expect.objectContaining({ field: 'range', message: 'must be 1h, 24h or 7d' })]);
    });

    it('should refuse a live value other than 0 or 1, and an unknown parameter', async () => {
      expect((await get('/api/metrics/servers?live=yes')).body.error.details).toEqual([expect.objectContaining({ field: 'live' })]);
      expect((await get('/api/metrics/servers?window=1h')).status).toBe(400);
    });

    it('should mark every server as watched with live=1', async () => {
      await get('/api/metrics/servers?live=1');
      const sampler = (await get('/api/metrics/sampler')).body;
      expect(sampler).toMatchObject({ intervalSeconds: 30, liveIntervalSeconds: 5 });
      for (const s of sampler.servers) {
        expect(s).toMatchObject({ samples: 0, commands: 0, lastError: null, source: null });
        // max(15 s, 3 x the live interval) from now
        expect(new Date(s.watchedUntil).getTime() - Date.now()).toBeGreaterThan(10_000);
        expect(new Date(s.watchedUntil).getTime() - Date.now()).toBeLessThanOrEqual(15_000);
      }
    });
  });

  describe('GET /api/metrics/servers/:id', () => {
    it('should answer one server', async () => {
      const { status, body } = await get(`/api/metrics/servers/${otn2}?range=1h`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ range: '1h', resolutionSeconds: 30, server: { id: otn2, name: 'otn2', latest: { cpuPercent: 30 } } });
      expect(body.server.points).toHaveLength(1);
    });

    it('should answer 404 for an unknown server, and 400 for a bad range first', async () => {
      expect((await get('/api/metrics/servers/nope')).status).toBe(404);
      expect((await get('/api/metrics/servers/nope?range=2h')).status).toBe(400);
    });
  });

  describe('GET /api/metrics/stacks/:id', () => {
    it("should sum each service across servers per bucket, with each server's own series", async () => {
      const { status, body } = await get(`/api/metrics/stacks/${stackId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ range: '1h', resolutionSeconds: 30, stack: { id: stackId, name: 'shop' } });
      expect(body.services.map((s: any) => [s.name, s.fullName])).toEqual([
        ['db', 'shop_db'],
        ['web', 'shop_web'],
      ]);
      const web = body.services[1];
      // bucket 1: otn1 40 + otn2 10; bucket 2: otn1 50 + otn2 held from the bucket before
      expect(web.points.map((p: any) => [p.cpuPercent, p.memoryBytes, p.containers])).toEqual([
        [50, 400, 2],
        [60, 400, 2],
      ]);
      expect(web.nodes.map((n: any) => [n.serverName, n.points.map((p: any) => p.cpuPercent)])).toEqual([
        ['otn1', [40, 50]],
        ['otn2', [10]],
      ]);
      expect(JSON.stringify(body)).not.toContain('other_web');
    });

    it('should read the 60 s points for 24h', async () => {
      const { body } = await get(`/api/metrics/stacks/${stackId}?range=24h`);
      expect(body.resolutionSeconds).toBe(60);
      expect(body.services.map((s: any) => [s.fullName, s.points.map((p: any) => p.cpuPercent)])).toEqual([['shop_web', [33]]]);
    });

    it('should watch the servers its containers ran on at the last samples', async () => {
      const sampler = t.app.get(MetricsSampler);
      expect(t.app.get(LatestSamples)).toBe(sampler);
      (sampler as any).servers.set(otn2, {
        name: 'otn2',
        samples: 1,
        commands: 1,
        latest: { serverId: otn2, containers: [{ stackName: 'shop' }] },
      });
      (sampler as any).watched.clear();
      await get(`/api/metrics/stacks/${stackId}?live=1`);
      const watched = (await get('/api/metrics/sampler')).body.servers.filter((s: any) => s.watchedUntil).map((s: any) => s.serverName);
      expect(watched).toEqual(['otn2']);
    });

    it('should answer 404 for an unknown stack and 400 for a bad range', async () => {
      expect((await get('/api/metrics/stacks/nope')).status).toBe(404);
      const bad = await get(`/api/metrics/stacks/${stackId}?range=week`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('range');
    });
  });
});
