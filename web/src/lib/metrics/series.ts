import { shareOf } from '#lib/metrics/format.ts';
import type { ServerSeries, ServiceSeries } from '#lib/metrics/metrics.types.ts';

/** uPlot's columnar data: the x values (UNIX seconds), then one y column per line (null: no sample). */
export type Columns = [number[], ...(number | null)[][]];

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
 * ascending, and null where a line has no point (uPlot breaks the line there rather than
 * drawing a value nobody measured).
 */
export function toColumns<P extends { at: string }>(lines: readonly Line<P>[], value: (point: P) => number | null): Columns {
  const byLine = lines.map((line) => {
    const values = new Map<number, number | null>();
    for (const point of line.points) {
      const x = seconds(point.at);
      if (Number.isFinite(x)) values.set(x, finiteOrNull(value(point)));
    }
    return values;
  });
  const xs = [...new Set(byLine.flatMap((values) => [...values.keys()]))].sort((a, b) => a - b);
  return [xs, ...byLine.map((values) => xs.map((x) => values.get(x) ?? null))];
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

export function chartOf<P extends { at: string }>(lines: readonly Line<P>[], value: (point: P) => number | null): ChartData {
  return {
    labels: lines.map((line) => line.label),
    columns: toColumns(lines, value),
    latest: lines.map((line) => latestValue(line.points, value)),
  };
}

/** A service's CPU and memory: the replicas' sum first, then one line per node it runs on. */
export function serviceCharts(service: ServiceSeries, sumLabel: string): { cpu: ChartData; memory: ChartData } {
  const lines = [
    { label: sumLabel, points: service.points },
    ...service.nodes.map((node) => ({ label: node.serverName, points: node.points })),
  ];
  return {
    cpu: chartOf(lines, (p) => p.cpuPercent),
    memory: chartOf(lines, (p) => p.memoryBytes),
  };
}

/** Servers side by side: CPU, memory used and disk used, each in percent so big and small servers compare. */
export function serverCharts(servers: readonly ServerSeries[]): { cpu: ChartData; memory: ChartData; disk: ChartData } {
  const lines = servers.map((server) => ({ label: server.name, points: server.points }));
  return {
    cpu: chartOf(lines, (p) => p.cpuPercent),
    memory: chartOf(lines, (p) => shareOf(p.memoryUsedBytes, p.memoryTotalBytes)),
    disk: chartOf(lines, (p) => shareOf(p.diskTotalBytes - p.diskFreeBytes, p.diskTotalBytes)),
  };
}

/** True when no line of the chart has a single measured value yet. */
export function isEmpty(chart: ChartData): boolean {
  return chart.columns.slice(1).every((column) => column.every((v) => v === null));
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}
