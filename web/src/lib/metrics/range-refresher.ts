import type { MetricsRange } from '#lib/metrics/metrics.types.ts';
import { DEFAULT_LIVE_INTERVAL_SECONDS, DEFAULT_RANGE, refreshPlan } from '#lib/metrics/ranges.ts';
import { Poller } from '#lib/state/poller.ts';

export interface RangeRefresherOptions<T> {
  /** One read of the series; rejects (or throws) on failure. */
  fetch: (range: MetricsRange, live: boolean) => Promise<T>;
  /** Gets only answers for the range shown now: a slow answer for the old range is dropped. */
  apply: (value: T, range: MetricsRange) => void;
  /** Tab visible? Hidden tabs do not ask (and so stop being watched live). */
  isVisible?: () => boolean;
  range?: MetricsRange;
  liveIntervalSeconds?: number;
}

/**
 * Keeps a chart's series fresh while its page is open: reads now, then on the range's
 * rhythm (live=1 every live interval for 1 h). Changing the range reads at once.
 */
export class RangeRefresher<T> {
  #range: MetricsRange;
  #liveIntervalSeconds: number;
  #poller: Poller | null = null;
  #generation = 0;

  constructor(private readonly options: RangeRefresherOptions<T>) {
    this.#range = options.range ?? DEFAULT_RANGE;
    this.#liveIntervalSeconds = options.liveIntervalSeconds ?? DEFAULT_LIVE_INTERVAL_SECONDS;
  }

  get range(): MetricsRange {
    return this.#range;
  }

  get running(): boolean {
    return this.#poller?.active ?? false;
  }

  start(): void {
    if (this.running) return;
    const plan = refreshPlan(this.#range, this.#liveIntervalSeconds);
    const generation = ++this.#generation;
    const range = this.#range;
    this.#poller = new Poller({
      intervalMs: plan.everyMs,
      shouldRun: this.options.isVisible,
      task: async () => {
        const value = await this.options.fetch(range, plan.live);
        if (generation === this.#generation) this.options.apply(value, range);
      },
    });
    this.#poller.start();
  }

  stop(): void {
    this.#generation += 1;
    this.#poller?.stop();
    this.#poller = null;
  }

  setRange(range: MetricsRange): void {
    if (range === this.#range) return;
    this.#range = range;
    this.#restart();
  }

  /** Mission Control's live interval, once known (the sampler's settings). */
  setLiveInterval(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds === this.#liveIntervalSeconds) return;
    this.#liveIntervalSeconds = seconds;
    if (this.#range === '1h') this.#restart();
  }

  #restart(): void {
    const wasRunning = this.running;
    this.stop();
    if (wasRunning) this.start();
  }
}
