import type { MetricsRange } from '#lib/metrics/metrics.types.ts';

export const METRIC_RANGES: readonly MetricsRange[] = ['1h', '24h', '7d'];
export const DEFAULT_RANGE: MetricsRange = '1h';

/** What Mission Control samples at when nothing is watched, and when a page is (its defaults). */
export const DEFAULT_INTERVAL_SECONDS = 30;
export const DEFAULT_LIVE_INTERVAL_SECONDS = 5;

export function parseRange(value: string | null | undefined): MetricsRange {
  return METRIC_RANGES.find((range) => range === value) ?? DEFAULT_RANGE;
}

export interface RefreshPlan {
  everyMs: number;
  /** ask with live=1, so Mission Control samples what the page shows every live interval */
  live: boolean;
}

/**
 * 1 h is live: re-read with live=1 every live interval. 24 h reads 1-minute points and 7 d
 * 15-minute points, so asking more often than a new point can appear shows nothing new.
 */
export function refreshPlan(range: MetricsRange, liveIntervalSeconds = DEFAULT_LIVE_INTERVAL_SECONDS): RefreshPlan {
  if (range === '1h') return { everyMs: Math.max(1, liveIntervalSeconds) * 1000, live: true };
  if (range === '24h') return { everyMs: 60_000, live: false };
  return { everyMs: 900_000, live: false };
}
