import { describe, expect, it } from '@jest/globals';
import type { ServerPoint, ServerSeries, ServicePoint, ServiceSeries } from '#lib/metrics/metrics.types.ts';
import { chartOf, isEmpty, latestValue, serverCharts, serviceCharts, toColumns } from '#lib/metrics/series.ts';

const T0 = Date.UTC(2026, 11, 2, 1, 0, 0);
const at = (offsetSeconds: number) => new Date(T0 + offsetSeconds * 1000).toISOString();
const x = (offsetSeconds: number) => T0 / 1000 + offsetSeconds;

function servicePoint(offset: number, cpuPercent: number, memoryBytes: number, containers = 1): ServicePoint {
  return { at: at(offset), cpuPercent, memoryBytes, containers };
}

function serverPoint(offset: number, overrides: Partial<ServerPoint> = {}): ServerPoint {
  return {
    at: at(offset),
    cpuPercent: 10,
    cpuCount: 2,
    memoryUsedBytes: 1024,
    memoryTotalBytes: 4096,
    load1: 0.2,
    diskFreeBytes: 750,
    diskTotalBytes: 1000,
    ...overrides,
  };
}

describe(toColumns.name, () => {
  it('should put every line on one ascending x column in UNIX seconds', () => {
    const columns = toColumns(
      [
        { label: 'a', points: [servicePoint(60, 3, 0), servicePoint(0, 1, 0)] },
        { label: 'b', points: [servicePoint(30, 7, 0)] },
      ],
      (p) => p.cpuPercent,
    );

    expect(columns).toEqual([
      [x(0), x(30), x(60)],
      [1, undefined, 3],
      [undefined, 7, undefined],
    ]);
  });

  it('should draw across points of other lines (undefined) but break where samples were missed (null)', () => {
    const steady = { label: 'a', points: [0, 5, 10, 15, 120, 125].map((s) => servicePoint(s, 1, 0)) };
    const offset = { label: 'b', points: [2, 7, 12, 17, 122].map((s) => servicePoint(s, 2, 0)) };

    const [xs, a, b] = toColumns([steady, offset], (p) => p.cpuPercent, 15);

    expect(xs).toEqual([0, 2, 5, 7, 10, 12, 15, 17, 120, 122, 125].map(x));
    expect(a).toEqual([1, undefined, 1, undefined, 1, undefined, 1, null, 1, undefined, 1]);
    expect(b).toEqual([undefined, 2, undefined, 2, undefined, 2, undefined, 2, null, 2, undefined]);
  });

  it('should keep a missing CPU figure as a gap, never as 0', () => {
    const columns = toColumns(
      [{ label: 'a', points: [serverPoint(0, { cpuPercent: null }), serverPoint(30, { cpuPercent: 2 })] }],
      (p) => p.cpuPercent,
    );

    expect(columns[1]).toEqual([null, 2]);
  });

  it('should answer an empty x column for lines without points', () => {
    expect(toColumns([{ label: 'a', points: [] as ServicePoint[] }], (p) => p.cpuPercent)).toEqual([[], []]);
  });
});

describe(latestValue.name, () => {
  it('should pick the newest measured value whatever the order of the points', () => {
    const points = [serverPoint(60, { cpuPercent: null }), serverPoint(30, { cpuPercent: 4 }), serverPoint(0, { cpuPercent: 9 })];

    expect(latestValue(points, (p) => p.cpuPercent)).toBe(4);
  });

  it('should answer null when nothing was measured', () => {
    expect(latestValue([serverPoint(0, { cpuPercent: null })], (p) => p.cpuPercent)).toBeNull();
  });
});

describe(serviceCharts.name, () => {
  const service: ServiceSeries = {
    name: 'web',
    fullName: 'shop_web',
    points: [servicePoint(0, 30, 300, 2), servicePoint(30, 50, 320, 2)],
    nodes: [
      { serverId: 's1', serverName: 'node-1', points: [servicePoint(0, 10, 100), servicePoint(30, 20, 110)] },
      { serverId: 's2', serverName: 'node-2', points: [servicePoint(0, 20, 200), servicePoint(30, 30, 210)] },
    ],
  };

  it('should draw the replicas sum first and then each node', () => {
    const { cpu, memory } = serviceCharts(service, 'All replicas');

    expect(cpu.labels).toEqual(['All replicas', 'node-1', 'node-2']);
    expect(cpu.columns).toEqual([
      [x(0), x(30)],
      [30, 50],
      [10, 20],
      [20, 30],
    ]);
    expect(memory.columns).toEqual([
      [x(0), x(30)],
      [300, 320],
      [100, 110],
      [200, 210],
    ]);
  });

  it('should give the newest value of every line for the text beside the chart', () => {
    const { cpu, memory } = serviceCharts(service, 'All replicas');

    expect(cpu.latest).toEqual([50, 20, 30]);
    expect(memory.latest).toEqual([320, 110, 210]);
  });
});

describe(serverCharts.name, () => {
  const servers: ServerSeries[] = [
    { id: 's1', name: 'node-1', latest: null, points: [serverPoint(0), serverPoint(30, { cpuPercent: 40, memoryUsedBytes: 2048 })] },
    { id: 's2', name: 'node-2', latest: null, points: [serverPoint(30, { diskFreeBytes: 100 })] },
  ];

  it('should chart CPU, memory used and disk used in percent, one line per server', () => {
    const { cpu, memory, disk } = serverCharts(servers);

    expect(cpu.labels).toEqual(['node-1', 'node-2']);
    expect(cpu.columns).toEqual([
      [x(0), x(30)],
      [10, 40],
      [undefined, 10],
    ]);
    expect(memory.columns).toEqual([
      [x(0), x(30)],
      [25, 50],
      [undefined, 25],
    ]);
    expect(disk.columns).toEqual([
      [x(0), x(30)],
      [25, 25],
      [undefined, 90],
    ]);
  });

  it('should break a server line where it missed more than three resolutions of samples', () => {
    const gappy: ServerSeries = { id: 's1', name: 'node-1', latest: null, points: [serverPoint(0), serverPoint(300)] };
    const other: ServerSeries = { id: 's2', name: 'node-2', latest: null, points: [serverPoint(150)] };

    expect(serverCharts([gappy, other], 30).cpu.columns[1]).toEqual([10, null, 10]);
    expect(serverCharts([gappy, other], 120).cpu.columns[1]).toEqual([10, undefined, 10]);
  });
});

describe(isEmpty.name, () => {
  it('should tell a chart without any measured value from one with a value', () => {
    expect(isEmpty(chartOf([{ label: 'a', points: [serverPoint(0, { cpuPercent: null })] }], (p) => p.cpuPercent))).toBe(true);
    expect(isEmpty(chartOf([{ label: 'a', points: [servicePoint(0, 0, 0)] }], (p) => p.cpuPercent))).toBe(false);
  });
});
