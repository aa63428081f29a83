export interface PollerOptions {
  /** Milliseconds between the end of one run and the start of the next. */
  intervalMs: number;
  task: () => Promise<void>;
  /** Injected so tests (and pages hidden in a background tab) can decide; defaults to "always". */
  shouldRun?: () => boolean;
}

/**
 * Runs a task now and then again after each interval, never two at once: the next run is
 * scheduled only when the previous one has settled, so a slow Mission Control is not
 * flooded. Pages start it in onMount and stop it in onDestroy.
 */
export class Poller {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private generation = 0;

  constructor(private readonly options: PollerOptions) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    void this.tick(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(generation: number): Promise<void> {
    this.timer = null;
    if (this.options.shouldRun?.() ?? true) {
      try {
        await this.options.task();
      } catch {
        // The task reports its own errors; polling carries on.
      }
    }
    // stop() (and a later start()) while the task ran must not leave a stray timer behind.
    if (!this.running || generation !== this.generation) return;
    this.timer = setTimeout(() => void this.tick(generation), this.options.intervalMs);
  }
}
