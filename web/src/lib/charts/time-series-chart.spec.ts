import { describe, expect, it } from '@jest/globals';
import { renderComponent, textOf } from '#lib/testing/render-component.ts';
import type { ChartData } from '#lib/metrics/series.ts';

const data: ChartData = {
  labels: ['All replicas', 'node-1', 'node-2'],
  columns: [
    [1764637200, 1764637230],
    [30, 52.5],
    [10, 20],
    [20, null],
  ],
  latest: [52.5, 20, 20],
};

describe('TimeSeriesChart', () => {
  it('should name the chart and read its newest values out as text', async () => {
    const html = await renderComponent('components/TimeSeriesChart.svelte', { title: 'CPU of web', data, unit: 'percent' });

    expect(html).toContain('<figcaption class="svelte-');
    expect(html).toContain('role="img" aria-label="CPU of web, latest: All replicas 52.5 %, node-1 20 %, node-2 20 %"');
    expect(textOf(html)).toContain('CPU of web Latest All replicas 52.5 % node-1 20 % node-2 20 %');
  });

  it('should format byte values in binary units', async () => {
    const memory: ChartData = { labels: ['All replicas'], columns: [[1764637200], [256 * 1024 ** 2]], latest: [256 * 1024 ** 2] };

    const html = await renderComponent('components/TimeSeriesChart.svelte', { title: 'Memory of web', data: memory, unit: 'bytes' });

    expect(textOf(html)).toContain('All replicas 256 MiB');
  });

  it('should show a dash, not 0, for a line without a measured value', async () => {
    const first: ChartData = { labels: ['node-1'], columns: [[1764637200], [null]], latest: [null] };

    const html = await renderComponent('components/TimeSeriesChart.svelte', { title: 'CPU of web', data: first, unit: 'percent' });

    expect(textOf(html)).toContain('node-1 –');
  });

  it('should label every line once in the values list', async () => {
    const html = await renderComponent('components/TimeSeriesChart.svelte', { title: 'CPU of web', data, unit: 'percent' });

    expect(html.match(/<li[ >]/g)).toHaveLength(3);
    expect(html).toContain('aria-label="CPU of web, values"');
  });
});

describe('RangeChoice', () => {
  it('should offer the three ranges as radios with the chosen one checked', async () => {
    const html = await renderComponent('components/RangeChoice.svelte', { name: 'r', value: '24h', onchange: () => {} });

    expect(textOf(html)).toBe('Time range 1 h 24 h 7 d');
    expect(html.match(/type="radio"/g)).toHaveLength(3);
    expect(html).toMatch(/value="24h" checked/);
    expect(html).not.toMatch(/value="1h" checked/);
  });
});
