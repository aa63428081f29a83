import type { ServerMetric, ServiceMetric } from '../generated/prisma/client.js';
import { bucketStart } from './downsampler.js';
import type { NodeSample } from './metrics.types.js';

export const RANGES = ['1h', '24h', '7d'] as const;
export type MetricsRange = (typeof RANGES)[number];

/** Which stored resolution answers a range: raw for an hour, minutes for a day, quarters for a week. */
export function rangeWindow(
  range: MetricsRange,
  intervalSeconds: number,
): { resolution: number; resolutionSeconds: number; seconds: number } {
  if (range === '24h') return { resolution: 60, resolutionSeconds: 60, seconds: 86_400 };
  if (range === '7d') return { resolution: 900, resolutionSeconds: 900, seconds: 7 * 86_400 };
  return { resolution: 0, resolutionSeconds: intervalSeconds, seconds: 3600 };
}

/** A server's figures at one moment, as a sample brings them (without its names and containers). */
export type ServerPoint = Pick<
  NodeSample,
  'at' | 'cpuPercent' | 'cpuCount' | 'memoryUsedBytes' | 'memoryTotalBytes' | 'load1' | 'diskFreeBytes' | 'diskTotalBytes'
>;

export interface ServicePoint {
  at: Date;
  cpuPercent: number;
  memoryBytes: number;
  containers: number;
}

export const serverPoint = (r: ServerMetric | NodeSample): ServerPoint => ({
  at: r.at,
  cpuPercent: r.cpuPercent,
  cpuCount: r.cpuCount,
  memoryUsedBytes: r.memoryUsedBytes,
  memoryTotalBytes: r.memoryTotalBytes,
  load1: r.load1,
  diskFreeBytes: r.diskFreeBytes,
  diskTotalBytes: r.diskTotalBytes,
});

/** One server's rows of one service, one point per bucket (several raw samples in a bucket: their average). */
function perBucket(rows: ServiceMetric[], bucketSeconds: number): Map<number, ServicePoint> {
  const sums = new Map<number, ServicePoint & { n: number }>();
  for (const r of rows) {
    const at = bucketStart(r.at, bucketSeconds);
    const s = sums.get(at);
    if (s) {
      s.cpuPercent += r.cpuPercent;
      s.memoryBytes += r.memoryBytes;
      s.containers = Math.max(s.containers, r.containers);
      s.n += 1;
    } else sums.set(at, { at: new Date(at), cpuPercent: r.cpuPercent, memoryBytes: r.memoryBytes, containers: r.containers, n: 1 });
  }
  return new Map(
    [...sums].map(([at, s]) => [
      at,
      { at: s.at, cpuPercent: s.cpuPercent / s.n, memoryBytes: s.memoryBytes / s.n, containers: s.containers },
    ]),
  );
}

export interface ServiceSeries {
  points: ServicePoint[];
  nodes: { serverId: string; points: ServicePoint[] }[];
}

/**
 * One service's series: per server, and summed across servers per bucket. Servers are sampled
 * at their own moments, so a server's sample may fall into the bucket before or after its
 * usual one; a server without a point in a bucket counts with its point of the bucket before
 * (one bucket at most), so the sum does not dip every time the phases drift.
 */
export function serviceSeries(rows: ServiceMetric[], bucketSeconds: number): ServiceSeries {
  const byServer = new Map<string, ServiceMetric[]>();
  for (const r of rows) {
    const list = byServer.get(r.serverId);
    if (list) list.push(r);
    else byServer.set(r.serverId, [r]);
  }
  const nodes = [...byServer].map(([serverId, list]) => ({ serverId, buckets: perBucket(list, bucketSeconds) }));
  const times = [...new Set(nodes.flatMap((n) => [...n.buckets.keys()]))].sort((a, b) => a - b);
  const step = bucketSeconds * 1000;
  const points = times.map((at) => {
    const sum: ServicePoint = { at: new Date(at), cpuPercent: 0, memoryBytes: 0, containers: 0 };
    for (const node of nodes) {
      const p = node.buckets.get(at) ?? node.buckets.get(at - step);
      if (!p) continue;
      sum.cpuPercent += p.cpuPercent;
      sum.memoryBytes += p.memoryBytes;
      sum.containers += p.containers;
    }
    return sum;
  });
  return { points, nodes: nodes.map((n) => ({ serverId: n.serverId, points: [...n.buckets.values()].sort((a, b) => +a.at - +b.at) })) };
}
