import { api } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { anyBuildActive } from '#lib/builds/builds.ts';
import type { Build } from '#lib/builds/dto.ts';
import { PollUntil } from '#lib/state/poll-until.ts';

/** A build's figures change every second or two while it runs; after that they are final. */
export const BUILDS_POLL_MS = 1000;

/** The builds of one deployment: read every second while one is under way, then no more. */
export class DeploymentBuilds {
  builds = $state.raw<Build[] | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);

  #poll = new PollUntil({ intervalMs: BUILDS_POLL_MS, task: () => this.#load() });

  constructor(readonly deploymentId: string) {}

  start(): void {
    this.#poll.start();
  }

  stop(): void {
    this.#poll.stop();
  }

  async #load(): Promise<boolean> {
    const result = await outcome(api.GET('/api/deployments/{id}/builds', { params: { path: { id: this.deploymentId } } }));
    if (!result.ok) {
      this.error = result.error;
      // a deployment that is gone will not come back; anything else is worth asking again
      return result.error.status === 404;
    }
    this.builds = result.data;
    this.error = null;
    return !anyBuildActive(result.data);
  }
}
