import { networkError, toApiError, type ApiErrorInfo } from '#lib/api/errors.ts';
import { Poller } from '#lib/state/poller.ts';

/** What an openapi-fetch call resolves to. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface ResourceOptions {
  /** Reload every so many milliseconds while the page is open and visible. */
  pollMs?: number;
}

/**
 * One thing a page reads from Mission Control: its data, the last error and whether the
 * first load is still running. A failed refresh keeps the data already shown.
 */
export class Resource<T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state.raw<ApiErrorInfo | null>(null);
  loading = $state(false);
  loaded = $state(false);

  readonly #loader: () => Promise<ApiResult<T>>;
  readonly #poller: Poller | null;

  constructor(loader: () => Promise<ApiResult<T>>, options: ResourceOptions = {}) {
    this.#loader = loader;
    this.#poller = options.pollMs
      ? new Poller({
          intervalMs: options.pollMs,
          task: () => this.load(),
          shouldRun: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
        })
      : null;
  }

  load = async (): Promise<void> => {
    this.loading = !this.loaded;
    try {
      const { data, error, response } = await this.#loader();
      if (response.ok) {
        this.data = data;
        this.error = null;
        this.loaded = true;
      } else {
        this.error = toApiError(response.status, error);
      }
    } catch {
      this.error = networkError();
    } finally {
      this.loading = false;
    }
  };

  /** Call from onMount: loads once, or starts polling when pollMs was given. */
  start(): void {
    if (this.#poller) this.#poller.start();
    else void this.load();
  }

  /** Call from onDestroy. */
  stop(): void {
    this.#poller?.stop();
  }
}
