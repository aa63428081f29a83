import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import { Downsampler } from './downsampler.js';
import { MetricsStore, type ServerMetricRow, type ServiceMetricRow } from './metrics.store.js';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0); // on a quarter hour
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const serverRow = (serverId: string, seconds: number, cpuPercent: number, extra: Partial<ServerMetricRow> = {}): ServerMetricRow => ({
  serverId,
  resolution: 0,
  at: at(seconds),
  cpuPercent,
  cpuCount: 2,
  memoryUsedBytes: 100,
  memoryTotalBytes: 1000,
  load1: 0.5,
  diskFreeBytes: 5e9,
  diskTotalBytes: 1e10,
  ...extra,
});
const serviceRow = (serverId: string, seconds: number, cpuPercent: number, containers = 1): ServiceMetricRow => ({
  stackName: 'shop',
  serviceName: 'shop_web',
  serverId,
  resolution: 0,
  at: at(seconds),
  cpuPercent,
  memoryBytes: 1000 * containers,
  containers,
});

describe(Downsampler.name, () => {
  let prisma: PrismaService;
  let store: MetricsStore;
  const config = {
    metricsRawRetentionSeconds: 3600,
    metricsMinuteRetentionSeconds: 86_400,
    metricsQuarterRetentionSeconds: 30 * 86_400,
  } as AppConfig;

  beforeAll(async () => {
    prisma = await migratedDatabase('downsampler');
    store = new MetricsStore(prisma);
  });
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    await prisma.serverMetric.deleteMany();
    await prisma.serviceMetric.deleteMany();
  });

  const points = async (resolution: number) =>
    (await prisma.serverMetric.findMany({ where: { resolution }, orderBy: [{ serverId: 'asc' }, { at: 'asc' }] })).map((r) => [
      r.serverId,
      (r.at.getTime() - T0) / 1000,
      r.cpuPercent,
    ]);

  it('should turn each complete minute into one averaged point per server, and leave the running minute alone', async () => {
    await store.insertPoints(
      [serverRow('a', 0, 10), serverRow('a', 30, 20), serverRow('b', 15, 50), serverRow('a', 60, 90), serverRow('a', 125, 70)],
      [],
    );
    const ds = new Downsampler(store, config);
    // 12:02:11: minutes 0 and 1 are complete (10 s of grace after their end), minute 2 is running
    expect((await ds.run(at(129))).minutePoints).toBe(2);
    expect((await ds.run(at(131))).minutePoints).toBe(1);
    expect(await points(60)).toEqual([
      ['a', 0, 15],
      ['a', 60, 90],
      ['b', 0, 50],
    ]);
    // nothing twice; the next run only adds the minute that has completed since
    expect((await ds.run(at(171))).minutePoints).toBe(0);
    expect((await ds.run(at(191))).minutePoints).toBe(1);
    expect((await ds.run(at(195))).minutePoints).toBe(0);
    expect(await points(60)).toContainEqual(['a', 120, 70]);
    expect(await prisma.serverMetric.count({ where: { resolution: 60 } })).toBe(4);
  });

  it('should average service rows per service and server, with the most containers seen', async () => {
    await store.insertPoints([], [serviceRow('a', 0, 10, 1), serviceRow('a', 30, 30, 2), serviceRow('b', 10, 5, 1)]);
    await new Downsampler(store, config).run(at(75));
    const rows = await prisma.serviceMetric.findMany({ where: { resolution: 60 }, orderBy: { serverId: 'asc' } });
    expect(rows.map((r) => [r.serverId, r.cpuPercent, r.memoryBytes, r.containers])).toEqual([
      ['a', 20, 1500, 2],
      ['b', 5, 1000, 1],
    ]);
  });

  it('should make a quarter-hour point once every minute of it is done, from the minute points', async () => {
    const raw = [];
    for (let s = 0; s < 1800; s += 30) raw.push(serverRow('a', s, s < 900 ? 10 : 40));
    await store.insertPoints(raw, []);
    const ds = new Downsampler(store, config);
    // 12:14:59: the first quarter is not complete yet
    expect((await ds.run(at(899))).quarterPoints).toBe(0);
    const r = await ds.run(at(915));
    expect(r.quarterPoints).toBe(1);
    expect(await points(900)).toEqual([['a', 0, 10]]);
    await ds.run(at(1815));
    expect(await points(900)).toEqual([
      ['a', 0, 10],
      ['a', 900, 40],
    ]);
  });

  it('should catch up after a stop and pick up where the stored points end', async () => {
    const raw = [];
    for (let s = 0; s < 3000; s += 30) raw.push(serverRow('a', s, 1));
    await store.insertPoints(raw, []);
    // a fresh Downsampler (a restart) learns where it left off from the points themselves
    await new Downsampler(store, config).run(at(1210));
    await new Downsampler(store, config).run(at(3010));
    expect(await prisma.serverMetric.count({ where: { resolution: 60 } })).toBe(50);
    expect(await prisma.serverMetric.count({ where: { resolution: 900 } })).toBe(3);
  });

  it('should prune each resolution by its retention setting, in both tables', async () => {
    const day = 86_400;
    await store.insertPoints(
      [
        serverRow('a', -3700, 1),
        serverRow('a', -3500, 2),
        { ...serverRow('a', -day - 60, 3), resolution: 60 },
        { ...serverRow('a', -day + 60, 4), resolution: 60 },
        { ...serverRow('a', -31 * day, 5), resolution: 900 },
        { ...serverRow('a', -29 * day, 6), resolution: 900 },
      ],
      [serviceRow('a', -3700, 1), serviceRow('a', -3500, 2)],
    );
    const r = await new Downsampler(store, config).run(at(0));
    expect((await prisma.serverMetric.findMany({ orderBy: { at: 'asc' } })).map((x) => [x.resolution, x.cpuPercent])).toEqual(
      expect.arrayContaining([
        [900, 6],
        [60, 4],
        [0, 2],
      ]),
    );
    // each is gone from its own resolution (after it went into the next coarser one)
    for (const [resolution, gone] of [
      [0, 1],
      [60, 3],
      [900, 5],
    ])
      expect(await prisma.serverMetric.count({ where: { cpuPercent: gone, resolution } })).toBe(0);
    expect(await prisma.serviceMetric.count({ where: { resolution: 0 } })).toBe(1);
    expect(r.pruned).toBeGreaterThanOrEqual(4);
  });
});
