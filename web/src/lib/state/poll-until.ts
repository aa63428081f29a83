import { Poller } from '#lib/state/poller.ts';

export interface PollUntilOptions {
  intervalMs: number;
  /** One round; resolves true once there is nothing more to wait for. */
  task: () => Promise<boolean>;
  shouldRun?: () => boolean;
}

/**
 * A Poller that ends itself: it runs the task now and after each interval until the task says
 * it is finished (a build ended, its log is complete), so a finished thing costs no requests.
 */
export class PollUntil {
  #poller: Poller;
  #finished = false;

  constructor(options: PollUntilOptions) {
    this.#poller = new Poller({
      intervalMs: options.intervalMs,
      shouldRun: options.shouldRun,
      task: async () => {
        if (await options.task()) {
          this.#finished = true;
          this.#poller.stop();
        }
      },
    });
  }

  get active(): boolean {
    return this.#poller.active;
  }

  get finished(): boolean {
    return this.#finished;
  }

  start(): void {
    this.#finished = false;
    this.#poller.start();
  }

  stop(): void {
    this.#poller.stop();
  }
}
