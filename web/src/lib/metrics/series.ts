import { shareOf } from '#lib/metrics/format.ts';
import type { ServerSeries, ServiceSeries } from '#lib/metrics/metrics.types.ts';

/**
 * uPlot's columnar data: the x values (UNIX seconds), then one y column per line. In a y
 * column, null is a gap uPlot breaks the line at; undefined only aligns lines whose points
 * fall at different times, and uPlot draws straight across it.
 */
export type Columns = [number[], ...(number | null | undefined)[][]];

export interface Line<P> {
  label: string;
  points: readonly P[];
}

/** One chart: its lines' labels, the columns to draw and each line's newest value (the text beside it). */
export interface ChartData {
  labels: string[];
  columns: Columns;
  latest: (number | null)[];
}

const seconds = (at: string) => Math.floor(new Date(at).getTime() / 1000);

/**
 * Lines with their own timestamps onto one shared x column: every timestamp any line has,
 * ascending. Where a line has no point of its own it is only aligned (undefined), unless
 * its points on either side are more than `gapSeconds` apart: then nobody measured it
 * there (a server out of reach), and the line breaks (null) rather than pretend.
 */
export function toColumns<P extends { at: string }>(
  lines: readonly Line<P>[],
  value: (point: P) => number | null,
  gapSeconds = Number.POSITIVE_INFINITY,
): Columns {
  const byLine = lines.map((line) => {
    const values = new Map<number, number | null>();
    for (const point of line.points) {
      const x = seconds(point.at);
      if (Number.isFinite(x)) values.set(x, finiteOrNull(value(point)));
    }
    return values;
  });
  const xs = [...new Set(byLine.flatMap((values) => [...values.keys()]))].sort((a, b) => a - b);
  return [xs, ...byLine.map((values) => fill(xs, values, gapSeconds))];
}

function fill(xs: number[], values: Map<number, number | null>, gapSeconds: number): (number | null | undefined)[] {
  const own = xs.filter((x) => values.has(x));
  const column: (number | null | undefined)[] = [];
  let next = 0; // index in `own` of the first own x at or after the current x
  for (const x of xs) {
    while (next < own.length && own[next] < x) next += 1;
    if (values.has(x)) {
      column.push(values.get(x) ?? null);
      continue;
    }
    const before = own[next - 1];
    const after = own[next];
    column.push(before !== undefined && after !== undefined && after - before > gapSeconds ? null : undefined);
  }
  return column;
}

/** A line's newest measured value (a first sample without a CPU figure does not count). */
export function latestValue<P extends { at: string }>(points: readonly P[], value: (point: P) => number | null): number | null {
  let newest: { x: number; v: number } | null = null;
  for (const point of points) {
    const v = finiteOrNull(value(point));
    const x = seconds(point.at);
    if (v !== null && (newest === null || x >= newest.x)) newest = { x, v };
  }
  return newest?.v ?? null;
}

export function chartOf<P extends { at: string }>(
  lines: readonly Line<P>[],
  value: (point: P) => number | null,
  gapSeconds?: number,
): ChartData {
  return {
    labels: lines.map((line) => line.label),
    columns: toColumns(lines, value, gapSeconds),
    latest: lines.map((line) => latestValue(line.points, value)),
  };
}

/** Points further apart than this many resolutions mean samples were missed. */
export const GAP_RESOLUTIONS = 3;

/**
 * A service's CPU and memory: the replicas' sum first, then one line per node it runs on.
 * `resolutionSeconds` is the answer's: points further apart than GAP_RESOLUTIONS of it break the line.
 */
export function serviceCharts(service: ServiceSeries, sumLabel: string, resolutionSeconds?: number): { cpu: ChartData; memory: ChartData } {
  const gap = gapFor(resolutionSeconds);
  const lines = [
    { label: sumLabel, points: service.points },
    ...service.nodes.map((node) => ({ label: node.serverName, points: node.points })),
  ];
  return {
    cpu: chartOf(lines, (p) => p.cpuPercent, gap),
    memory: chartOf(lines, (p) => p.memoryBytes, gap),
  };
}

/** Servers side by side: CPU, memory used and disk used, each in percent so big and small servers compare. */
export function serverCharts(
  servers: readonly ServerSeries[],
  resolutionSeconds?: number,
): { cpu: ChartData; memory: ChartData; disk: ChartData } {
  const gap = gapFor(resolutionSeconds);
  const lines = servers.map((server) => ({ label: server.name, points: server.points }));
  return {
    cpu: chartOf(lines, (p) => p.cpuPercent, gap),
    memory: chartOf(lines, (p) => shareOf(p.memoryUsedBytes, p.memoryTotalBytes), gap),
    disk: chartOf(lines, (p) => shareOf(p.diskTotalBytes - p.diskFreeBytes, p.diskTotalBytes), gap),
  };
}

/** True when no line of the chart has a single measured value yet. */
export function isEmpty(chart: ChartData): boolean {
  return chart.columns.slice(1).every((column) => column.every((v) => v === null || v === undefined));
}

function gapFor(resolutionSeconds: number | undefined): number | undefined {
  return resolutionSeconds && resolutionSeconds > 0 ? resolutionSeconds * GAP_RESOLUTIONS : undefined;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}
