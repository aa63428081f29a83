import { api, type Schemas } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { isSettled } from '#lib/deployments/deployments.ts';
import { Poller } from '#lib/state/poller.ts';

type Deployment = Schemas['DeploymentDto'];

/** A launch in progress: GET /api/deployments/:id every second until it succeeds or fails. */
export class DeploymentWatch {
  deployment = $state.raw<Deployment | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);
  #poller: Poller;
  #settled = false;

  constructor(
    readonly id: string,
    private readonly onSettled: (deployment: Deployment) => void,
  ) {
    this.#poller = new Poller({ intervalMs: 1000, task: this.#load });
  }

  start(): void {
    this.#poller.start();
  }

  stop(): void {
    this.#poller.stop();
  }

  #load = async (): Promise<void> => {
    const result = await outcome(api.GET('/api/deployments/{id}', { params: { path: { id: this.id } } }));
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.deployment = result.data;
    this.error = null;
    if (isSettled(result.data.status) && !this.#settled) {
      this.#settled = true;
      this.stop();
      this.onSettled(result.data);
    }
  };
}
