import { api } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { LogTail } from '#lib/builds/log-tail.ts';
import { PollUntil } from '#lib/state/poll-until.ts';

/** Mission Control flushes build output at most once a second: asking faster shows nothing new. */
export const BUILD_LOG_POLL_MS = 1000;

/** One build's log: the lines after the last one read, every second until the build has ended. */
export class BuildLogWatch {
  lines = $state.raw<string[]>([]);
  missed = $state(0);
  done = $state(false);
  error = $state.raw<ApiErrorInfo | null>(null);

  #tail = new LogTail();
  #poll = new PollUntil({ intervalMs: BUILD_LOG_POLL_MS, task: () => this.#read() });

  constructor(
    readonly deploymentId: string,
    readonly buildId: string,
  ) {}

  start(): void {
    this.#poll.start();
  }

  stop(): void {
    this.#poll.stop();
  }

  async #read(): Promise<boolean> {
    const result = await outcome(
      api.GET('/api/deployments/{id}/builds/{buildId}/log', {
        params: { path: { id: this.deploymentId, buildId: this.buildId }, query: { after: String(this.#tail.next) } },
      }),
    );
    if (!result.ok) {
      this.error = result.error;
      return result.error.status === 404;
    }
    this.error = null;
    if (this.#tail.add(result.data)) {
      this.lines = this.#tail.lines;
      this.missed = this.#tail.missed;
      this.done = this.#tail.done;
    }
    return result.data.done;
  }
}
