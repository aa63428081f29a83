import { describe, expect, it } from '@jest/globals';
import { METRIC_RANGES, parseRange, refreshPlan } from '#lib/metrics/ranges.ts';

describe(parseRange.name, () => {
  it('should accept the three ranges Mission Control serves', () => {
    expect(METRIC_RANGES.map((r) => parseRange(r))).toEqual(['1h', '24h', '7d']);
  });

  it('should fall back to 1 h for anything else', () => {
    expect(parseRange('30d')).toBe('1h');
    expect(parseRange(null)).toBe('1h');
  });
});

describe(refreshPlan.name, () => {
  it('should read 1 h live every live interval', () => {
    expect(refreshPlan('1h', 5)).toEqual({ everyMs: 5000, live: true });
    expect(refreshPlan('1h', 2)).toEqual({ everyMs: 2000, live: true });
  });

  it('should read the downsampled ranges as often as a new point appears, without live', () => {
    expect(refreshPlan('24h', 5)).toEqual({ everyMs: 60_000, live: false });
    expect(refreshPlan('7d', 5)).toEqual({ everyMs: 900_000, live: false });
  });
});
