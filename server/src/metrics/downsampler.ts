import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MetricsStore, type MetricTable, type ServerMetricRow, type ServiceMetricRow } from './metrics.store.js';

export const MINUTE_SECONDS = 60;
export const QUARTER_SECONDS = 900;
/** A minute is complete this long after it ended: a sample answered at :59.9 is stored by then. */
export const COMPLETE_AFTER_MS = 10_000;
/** Catching up after a long stop reads the source rows this many points at a time, not all at once. */
const POINTS_PER_CHUNK = 24;

export const bucketStart = (at: Date | number, seconds: number): number => {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor(ms / (seconds * 1000)) * seconds * 1000;
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function groups<T>(rows: T[], key: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return [...map.values()];
}

/** Points of `seconds` from finer rows: averages per server and bucket. */
export function averageServerRows(rows: ServerMetricRow[], seconds: number): ServerMetricRow[] {
  return groups(rows, (r) => `${r.serverId}\n${bucketStart(r.at, seconds)}`).map((g) => ({
    serverId: g[0].serverId,
    resolution: seconds,
    at: new Date(bucketStart(g[0].at, seconds)),
    cpuPercent: mean(g.map((r) => r.cpuPercent)),
    cpuCount: Math.max(...g.map((r) => r.cpuCount)),
    memoryUsedBytes: mean(g.map((r) => r.memoryUsedBytes)),
    memoryTotalBytes: mean(g.map((r) => r.memoryTotalBytes)),
    load1: mean(g.map((r) => r.load1)),
    diskFreeBytes: mean(g.map((r) => r.diskFreeBytes)),
    diskTotalBytes: mean(g.map((r) => r.diskTotalBytes)),
  }));
}

/** Points of `seconds` per (service, server) and bucket: averages, and the most containers seen. */
export function averageServiceRows(rows: ServiceMetricRow[], seconds: number): ServiceMetricRow[] {
  return groups(rows, (r) => `${r.stackName}\n${r.serviceName}\n${r.serverId}\n${bucketStart(r.at, seconds)}`).map((g) => ({
    stackName: g[0].stackName,
    serviceName: g[0].serviceName,
    serverId: g[0].serverId,
    resolution: seconds,
    at: new Date(bucketStart(g[0].at, seconds)),
    cpuPercent: mean(g.map((r) => r.cpuPercent)),
    memoryBytes: mean(g.map((r) => r.memoryBytes)),
    containers: Math.max(...g.map((r) => r.containers)),
  }));
}

export interface DownsampleResult {
  minutePoints: number;
  quarterPoints: number;
  pruned: number;
}

/**
 * Keeps the series small and complete: each complete minute of raw samples becomes a 60 s point,
 * each complete quarter hour of 60 s points a 900 s point, and every resolution is pruned by its
 * retention setting. Where it left off is read from the points themselves (the newest point of
 * a resolution), so a restart neither skips nor repeats a bucket.
 */
@Injectable()
export class Downsampler {
  constructor(
    private readonly store: MetricsStore,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<DownsampleResult> {
    const minutesDone = bucketStart(now.getTime() - COMPLETE_AFTER_MS, MINUTE_SECONDS);
    let minutePoints = 0;
    let quarterPoints = 0;
    for (const table of ['server', 'service'] as const) {
      minutePoints += await this.level(table, 0, MINUTE_SECONDS, minutesDone);
      // a quarter is complete once every minute in it has been through the level above
      quarterPoints += await this.level(table, MINUTE_SECONDS, QUARTER_SECONDS, minutesDone);
    }
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const pruned =
      (await this.store.prune(0, ago(this.config.metricsRawRetentionSeconds))) +
      (await this.store.prune(MINUTE_SECONDS, ago(this.config.metricsMinuteRetentionSeconds))) +
      (await this.store.prune(QUARTER_SECONDS, ago(this.config.metricsQuarterRetentionSeconds)));
    return { minutePoints, quarterPoints, pruned };
  }

  /** Turns the complete buckets of `to` seconds not made yet (up to `doneUntil`) into points. */
  private async level(table: MetricTable, from: number, to: number, doneUntil: number): Promise<number> {
    const newest = await this.store.edge(table, to, 'newest');
    const oldestSource = newest ? null : await this.store.edge(table, from, 'oldest');
    let start = newest ? newest.getTime() + to * 1000 : oldestSource ? bucketStart(oldestSource, to) : null;
    const end = bucketStart(doneUntil, to);
    let made = 0;
    while (start !== null && start < end) {
      const chunkEnd = Math.min(end, start + POINTS_PER_CHUNK * to * 1000);
      const [a, b] = [new Date(start), new Date(chunkEnd)];
      if (table === 'server') {
        const points = averageServerRows(await this.store.serverRows(from, a, b), to);
        await this.store.insertPoints(points, []);
        made += points.length;
      } else {
        const points = averageServiceRows(await this.store.serviceRows(from, a, b), to);
        await this.store.insertPoints([], points);
        made += points.length;
      }
      start = chunkEnd;
    }
    return made;
  }
}
