import type { Outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { getSampler } from '#lib/metrics/metrics-api.ts';
import type { MetricsRange } from '#lib/metrics/metrics.types.ts';
import { RangeRefresher } from '#lib/metrics/range-refresher.ts';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_LIVE_INTERVAL_SECONDS, DEFAULT_RANGE } from '#lib/metrics/ranges.ts';

/**
 * The series one page section charts: read now, then live (1 h) or on the range's rhythm
 * while the section is mounted and the tab visible. A failed read keeps the charts shown.
 */
export class MetricsView<T> {
  range = $state<MetricsRange>(DEFAULT_RANGE);
  data = $state.raw<T | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);
  /** Mission Control's sampling intervals, for the empty state and the live note */
  intervalSeconds = $state(DEFAULT_INTERVAL_SECONDS);
  liveIntervalSeconds = $state(DEFAULT_LIVE_INTERVAL_SECONDS);

  readonly #refresher: RangeRefresher<Outcome<T>>;

  constructor(fetch: (range: MetricsRange, live: boolean) => Promise<Outcome<T>>) {
    this.#refresher = new RangeRefresher({
      fetch,
      apply: (result) => {
        if (result.ok) {
          this.data = result.data;
          this.error = null;
        } else {
          this.error = result.error;
        }
      },
      isVisible: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
    });
  }

  get live(): boolean {
    return this.range === '1h';
  }

  start(): void {
    this.#refresher.start();
    void getSampler().then((result) => {
      if (!result.ok) return;
      this.intervalSeconds = result.data.intervalSeconds;
      this.liveIntervalSeconds = result.data.liveIntervalSeconds;
      this.#refresher.setLiveInterval(result.data.liveIntervalSeconds);
    });
  }

  stop(): void {
    this.#refresher.stop();
  }

  setRange(range: MetricsRange): void {
    this.range = range;
    // The old range's lines would read as the new range's until the answer comes.
    this.data = null;
    this.#refresher.setRange(range);
  }
}
