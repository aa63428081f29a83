import { api, type Schemas } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { activeDeployment } from '#lib/deployments/deployments.ts';
import type { SourceBody } from '#lib/git/source-form.ts';
import { DeploymentWatch } from '#lib/state/deployment-watch.svelte.ts';
import { Poller } from '#lib/state/poller.ts';

type Stack = Schemas['StackDto'];
type Deployment = Schemas['DeploymentDto'];

/** Mission Control caches live status for a few seconds; asking more often shows nothing new. */
export const STACK_POLL_MS = 5000;

/**
 * Everything the stack page shows. While it is open it polls GET /api/stacks/:id only; the
 * history and the diff are read again after an action, and while a launch runs its own
 * watch polls GET /api/deployments/:id.
 */
export class StackPage {
  stack = $state.raw<Stack | null>(null);
  deployments = $state.raw<Deployment[] | null>(null);
  diff = $state.raw<Schemas['StackDiffDto'] | null>(null);
  watch = $state.raw<DeploymentWatch | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);
  actionError = $state.raw<ApiErrorInfo | null>(null);
  busy = $state(false);

  #poller = new Poller({
    intervalMs: STACK_POLL_MS,
    task: () => this.loadStack(),
    shouldRun: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
  });

  constructor(readonly id: string) {}

  get path() {
    return { params: { path: { id: this.id } } };
  }

  start(): void {
    this.#poller.start();
    void this.loadDeployments();
    void this.loadDiff();
  }

  stop(): void {
    this.#poller.stop();
    this.watch?.stop();
  }

  loadStack = async (): Promise<void> => {
    const result = await outcome(api.GET('/api/stacks/{id}', this.path));
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const wasDeploying = this.stack?.status === 'deploying';
    this.stack = result.data;
    this.error = null;
    // Someone else started a launch (or the page opened during one): find it and follow it.
    if (result.data.status === 'deploying' && !this.watch && !wasDeploying) void this.loadDeployments();
  };

  loadDeployments = async (): Promise<void> => {
    const result = await outcome(api.GET('/api/stacks/{id}/deployments', this.path));
    if (!result.ok) return;
    this.deployments = result.data;
    const active = activeDeployment(result.data);
    if (active && !this.watch) this.#follow(active.id);
  };

  loadDiff = async (): Promise<void> => {
    const result = await outcome(api.GET('/api/stacks/{id}/diff', this.path));
    if (result.ok) this.diff = result.data;
  };

  /** Saves the file; resolves to the stored stack, or null (actionError says why). */
  async save(configuration: string): Promise<Stack | null> {
    return this.#act(async () => {
      const result = await outcome(api.PUT('/api/stacks/{id}', { ...this.path, body: { configuration } }));
      if (!result.ok) return result.error;
      this.stack = result.data;
      await this.loadDiff();
      return null;
    }).then((ok) => (ok ? this.stack : null));
  }

  /** Deploys the stored file; a Git stack its followed ref, or `ref` when given. */
  deploy(ref?: string): Promise<boolean> {
    return this.#launch(() => api.POST('/api/stacks/{id}/deploy', ref ? { ...this.path, body: { ref } } : this.path));
  }

  /** Moves the stack to a repository, or changes its source there. */
  setSource(source: SourceBody): Promise<boolean> {
    return this.#act(async () => {
      const result = await outcome(api.PUT('/api/stacks/{id}', { ...this.path, body: { source } }));
      if (!result.ok) return result.error;
      this.stack = result.data;
      await this.loadDiff();
      return null;
    });
  }

  /** Keeps the file as it is now, as a pasted one: the repository is no longer read. */
  async toPasted(): Promise<ApiErrorInfo | null> {
    const configuration = this.stack?.configuration;
    if (configuration === undefined) return null;
    const result = await outcome(api.PUT('/api/stacks/{id}', { ...this.path, body: { configuration } }));
    if (!result.ok) return result.error;
    this.stack = result.data;
    await this.loadDiff();
    return null;
  }

  rollback(deployment: Deployment): Promise<boolean> {
    return this.#launch(() => api.POST('/api/stacks/{id}/rollback', { ...this.path, body: { deploymentId: deployment.id } }));
  }

  async remove(): Promise<ApiErrorInfo | null> {
    const result = await outcome(api.DELETE('/api/stacks/{id}', this.path));
    if (result.ok) this.stop();
    return result.error;
  }

  dismissProgress(): void {
    this.watch?.stop();
    this.watch = null;
  }

  async #launch(call: () => Promise<{ data?: Schemas['DeployAcceptedDto']; error?: unknown; response: Response }>): Promise<boolean> {
    return this.#act(async () => {
      const result = await outcome(call());
      if (!result.ok) return result.error;
      this.dismissProgress();
      this.#follow(result.data.deploymentId);
      await Promise.all([this.loadStack(), this.loadDeployments()]);
      return null;
    });
  }

  async #act(action: () => Promise<ApiErrorInfo | null>): Promise<boolean> {
    this.busy = true;
    this.actionError = null;
    try {
      this.actionError = await action();
      return this.actionError === null;
    } finally {
      this.busy = false;
    }
  }

  #follow(deploymentId: string): void {
    this.watch = new DeploymentWatch(deploymentId, () => {
      void Promise.all([this.loadStack(), this.loadDeployments(), this.loadDiff()]);
    });
    this.watch.start();
  }
}
