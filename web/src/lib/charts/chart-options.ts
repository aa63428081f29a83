import type uPlot from 'uplot';
import { formatBytes, formatPercent } from '#lib/metrics/format.ts';

export type ChartUnit = 'percent' | 'bytes';

/** Colours read off the page's CSS variables (canvas cannot resolve var() or light-dark()). */
export interface ChartColors {
  lines: string[];
  axis: string;
  grid: string;
}

/**
 * Line styles so lines differ by more than colour: the first (the sum, or the first server)
 * solid and thicker, the others dashed each their own way.
 */
export const DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 3], [10, 3, 2, 3], [1, 5], [12, 6]];

export function lineStyle(index: number, colors: ChartColors): { stroke: string; dash: number[]; width: number } {
  return {
    stroke: colors.lines[index % colors.lines.length] ?? colors.axis,
    dash: [...DASHES[index % DASHES.length]],
    width: index === 0 ? 2.25 : 1.5,
  };
}

/** Tick steps for bytes in powers of two (256 MiB, 512 MiB, 1 GiB) rather than uPlot's decimal ones (488 KiB). */
export const BYTE_INCRS: readonly number[] = Array.from({ length: 6 }, (_, power) =>
  [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((step) => step * 1024 ** power),
).flat();

export function formatValue(unit: ChartUnit, value: number | null | undefined): string {
  return unit === 'bytes' ? formatBytes(value) : formatPercent(value);
}

export interface ChartOptionsInput {
  labels: readonly string[];
  unit: ChartUnit;
  width: number;
  height: number;
  colors: ChartColors;
  /** a fixed top for the y axis (100 for shares of a whole); otherwise it follows the data */
  max?: number;
  /** the data index under the cursor, or null when the cursor left */
  oncursor?: (index: number | null) => void;
}

/** uPlot's options for one time series chart in the dashboard's look. */
export function chartOptions(input: ChartOptionsInput): uPlot.Options {
  const { labels, unit, colors, max } = input;
  const axis: uPlot.Axis = {
    stroke: colors.axis,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: '12px system-ui, sans-serif',
  };
  return {
    width: input.width,
    height: input.height,
    // The text beside the chart is the legend (and what a screen reader reads).
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, dataMax) => [0, max ?? niceTop(dataMax)] },
    },
    axes: [
      axis,
      {
        ...axis,
        size: 72,
        ...(unit === 'bytes' ? { incrs: [...BYTE_INCRS] } : {}),
        values: (_u, splits) => splits.map((v) => formatValue(unit, v)),
      },
    ],
    series: [
      {},
      ...labels.map((label, index) => ({
        label,
        ...lineStyle(index, colors),
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => formatValue(unit, v),
      })),
    ],
    hooks: input.oncursor ? { setCursor: [(u: uPlot) => input.oncursor?.(u.cursor.idx ?? null)] } : {},
  };
}

/** A little headroom above the highest value; an idle service still gets a visible axis. */
export function niceTop(dataMax: number | null | undefined): number {
  if (dataMax === null || dataMax === undefined || !Number.isFinite(dataMax) || dataMax <= 0) return 1;
  return dataMax * 1.15;
}
