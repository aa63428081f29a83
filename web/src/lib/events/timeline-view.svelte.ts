import { networkError, toApiError, type ApiErrorInfo } from '#lib/api/errors.ts';
import { listEvents, listOpenIncidents } from '#lib/events/api.ts';
import { eventsQuery, matchesFilters, NO_FILTERS, type ActivityFilters } from '#lib/events/filters.ts';
import { appendOlder, countNew, mergeNewest } from '#lib/events/timeline.ts';
import type { EventView } from '#lib/events/types.ts';
import { Poller } from '#lib/state/poller.ts';

/** Live refresh while the page is open: events are a few a minute at most, so 10 s is plenty. */
export const LIVE_REFRESH_MS = 10_000;

type Read<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

async function read<T>(call: () => Read<T>): Promise<{ data: T; error: null } | { data: null; error: ApiErrorInfo }> {
  try {
    const { data, error, response } = await call();
    if (response.ok && data !== undefined) return { data, error: null };
    return { data: null, error: toApiError(response.status, error) };
  } catch {
    return { data: null, error: networkError() };
  }
}

/**
 * The activity page's data: the open incidents and the timeline under the filters, one page
 * at a time (the cursor is the last event's id), refreshed live. Answers that arrive after
 * the filters changed are dropped, so a slow read never shows the wrong view.
 */
export class TimelineView {
  events = $state.raw<EventView[]>([]);
  allIncidents = $state.raw<EventView[]>([]);
  nextBefore = $state<string | null>(null);
  loaded = $state(false);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state.raw<ApiErrorInfo | null>(null);
  moreError = $state.raw<ApiErrorInfo | null>(null);
  /** New events the last live refresh brought, for the status line */
  arrived = $state(0);
  filters = $state.raw<ActivityFilters>(NO_FILTERS);
  incidents = $derived(this.allIncidents.filter((event) => matchesFilters(event, this.filters)));

  #generation = 0;
  readonly #poller = new Poller({
    intervalMs: LIVE_REFRESH_MS,
    task: () => this.refresh(),
    shouldRun: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
  });

  /** Shows the view for these filters from its newest event. */
  show = async (filters: ActivityFilters): Promise<void> => {
    const generation = ++this.#generation;
    this.filters = filters;
    this.loading = true;
    // A "load more" of the old view may still run: its answer is dropped, its button starts over.
    this.loadingMore = false;
    this.moreError = null;
    const [page, open] = await Promise.all([read(() => listEvents(eventsQuery(filters))), read(() => listOpenIncidents())]);
    if (generation !== this.#generation) return;
    this.loading = false;
    if (open.data) this.allIncidents = open.data.incidents;
    if (page.error) {
      this.error = page.error;
      return;
    }
    this.error = open.error;
    this.events = page.data.events;
    this.nextBefore = page.data.nextBefore;
    this.arrived = 0;
    this.loaded = true;
  };

  loadMore = async (): Promise<void> => {
    if (!this.nextBefore || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    this.moreError = null;
    const page = await read(() => listEvents(eventsQuery(this.filters, this.nextBefore)));
    if (generation !== this.#generation) return;
    this.loadingMore = false;
    if (page.error) {
      this.moreError = page.error;
      return;
    }
    this.events = appendOlder(this.events, page.data.events);
    this.nextBefore = page.data.nextBefore;
  };

  /** The live part: the newest page and the open incidents again, merged into what is shown. */
  refresh = async (): Promise<void> => {
    // The first read (or one after the filters changed) is still on its way: it is the refresh.
    if (this.loading) return;
    if (!this.loaded) return this.show(this.filters);
    const generation = this.#generation;
    const [page, open] = await Promise.all([read(() => listEvents(eventsQuery(this.filters))), read(() => listOpenIncidents())]);
    if (generation !== this.#generation) return;
    if (open.data) this.allIncidents = open.data.incidents;
    // A failed refresh keeps what is shown and says so; the next one may work.
    this.error = page.error ?? open.error;
    if (!page.data) return;
    const merged = mergeNewest(this.events, this.nextBefore, page.data.events, page.data.nextBefore);
    this.arrived = countNew(this.events, merged.events);
    this.events = merged.events;
    this.nextBefore = merged.nextBefore;
  };

  /** Call from onMount, after the first show(): refreshes every LIVE_REFRESH_MS while visible. */
  startLive(): void {
    this.#poller.start();
  }

  stop(): void {
    this.#poller.stop();
  }
}
