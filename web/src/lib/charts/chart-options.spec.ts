import { describe, expect, it, jest } from '@jest/globals';
import type uPlot from 'uplot';
import { chartOptions, formatValue, lineStyle, niceTop, type ChartColors } from '#lib/charts/chart-options.ts';

const colors: ChartColors = { lines: ['rgb(1, 1, 1)', 'rgb(2, 2, 2)'], axis: 'rgb(9, 9, 9)', grid: 'rgb(8, 8, 8)' };
const base = { width: 400, height: 160, colors };

describe(chartOptions.name, () => {
  it('should make one series per line after the time column, with its label', () => {
    const options = chartOptions({ ...base, labels: ['All replicas', 'node-1', 'node-2'], unit: 'percent' });

    expect(options.series).toHaveLength(4);
    expect(options.series.slice(1).map((s) => s.label)).toEqual(['All replicas', 'node-1', 'node-2']);
    expect(options.scales?.x?.time).toBe(true);
    expect(options.legend?.show).toBe(false);
  });

  it('should tell lines apart by dash as well as by colour', () => {
    const options = chartOptions({ ...base, labels: ['a', 'b', 'c'], unit: 'percent' });
    const [, first, second, third] = options.series;

    expect(first.dash).toEqual([]);
    expect(second.dash).not.toEqual(first.dash);
    expect(third.dash).not.toEqual(second.dash);
    expect(third.stroke).toBe('rgb(1, 1, 1)'); // colours cycle, dashes still differ
  });

  it('should label the y axis in the chart unit', () => {
    const options = chartOptions({ ...base, labels: ['a'], unit: 'bytes' });
    const values = options.axes?.[1].values as (u: uPlot, splits: number[]) => string[];

    expect(values({} as uPlot, [0, 512 * 1024 ** 2, 1024 ** 3])).toEqual(['0 B', '512 MiB', '1 GiB']);
  });

  it('should step a bytes axis in powers of two, a percent axis as uPlot likes', () => {
    const bytes = chartOptions({ ...base, labels: ['a'], unit: 'bytes' }).axes?.[1].incrs as number[];
    const percent = chartOptions({ ...base, labels: ['a'], unit: 'percent' }).axes?.[1].incrs;

    expect(bytes).toContain(256 * 1024);
    expect(bytes).toContain(1024 ** 3);
    expect(bytes).not.toContain(500 * 1024);
    expect(percent).toBeUndefined();
  });

  it('should start the y axis at 0 and end it at a fixed max when one is given', () => {
    const fixed = chartOptions({ ...base, labels: ['a'], unit: 'percent', max: 100 });
    const free = chartOptions({ ...base, labels: ['a'], unit: 'percent' });
    const range = (o: uPlot.Options) => o.scales?.y?.range as (u: uPlot, min: number, max: number) => [number, number];

    expect(range(fixed)({} as uPlot, 3, 40)).toEqual([0, 100]);
    expect(range(free)({} as uPlot, 3, 40)).toEqual([0, 46]);
  });

  it('should tell the cursor index to the page, null when the cursor leaves', () => {
    const oncursor = jest.fn();
    const options = chartOptions({ ...base, labels: ['a'], unit: 'percent', oncursor });
    const hook = options.hooks?.setCursor?.[0] as (u: uPlot) => void;

    hook({ cursor: { idx: 4 } } as unknown as uPlot);
    hook({ cursor: { idx: null } } as unknown as uPlot);

    expect(oncursor.mock.calls).toEqual([[4], [null]]);
  });
});

describe(lineStyle.name, () => {
  it('should draw the first line thicker than the others', () => {
    expect(lineStyle(0, colors).width).toBeGreaterThan(lineStyle(1, colors).width);
  });
});

describe(niceTop.name, () => {
  it('should leave headroom above the highest value and a visible axis for an idle line', () => {
    expect(niceTop(100)).toBeCloseTo(115);
    expect(niceTop(0)).toBe(1);
    expect(niceTop(null)).toBe(1);
  });
});

describe(formatValue.name, () => {
  it('should format by unit', () => {
    expect(formatValue('bytes', 2048)).toBe('2 KiB');
    expect(formatValue('percent', 12.5)).toBe('12.5 %');
  });
});
