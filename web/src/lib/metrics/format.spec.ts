import { describe, expect, it } from '@jest/globals';
import { formatBytes, formatLoad, formatPercent, shareOf } from '#lib/metrics/format.ts';

describe(formatBytes.name, () => {
  it('should count in binary units with at most three significant figures', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(120 * 1024 ** 2)).toBe('120 MiB');
    expect(formatBytes(12.34 * 1024 ** 3)).toBe('12.3 GiB');
    expect(formatBytes(1.234 * 1024 ** 3)).toBe('1.23 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2 TiB');
  });

  it('should show a dash for a missing or unreadable figure', () => {
    expect(formatBytes(null)).toBe('–');
    expect(formatBytes(undefined)).toBe('–');
    expect(formatBytes(Number.NaN)).toBe('–');
  });

  it('should never show a negative size', () => {
    expect(formatBytes(-5)).toBe('0 B');
  });
});

describe(formatPercent.name, () => {
  it('should keep one decimal below 100 and none above', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.42)).toBe('0.4 %');
    expect(formatPercent(12.46)).toBe('12.5 %');
    expect(formatPercent(50)).toBe('50 %');
    expect(formatPercent(183.6)).toBe('184 %');
  });

  it('should show a dash for a first sample without a CPU figure', () => {
    expect(formatPercent(null)).toBe('–');
  });
});

describe(shareOf.name, () => {
  it('should answer the used share of the total, clamped to 0..100', () => {
    expect(shareOf(1, 4)).toBe(25);
    expect(shareOf(5, 4)).toBe(100);
  });

  it('should answer null when the total is unknown', () => {
    expect(shareOf(1, 0)).toBeNull();
  });
});

describe(formatLoad.name, () => {
  it('should print two decimals like uptime', () => {
    expect(formatLoad(0.5)).toBe('0.50');
    expect(formatLoad(null)).toBe('–');
  });
});
