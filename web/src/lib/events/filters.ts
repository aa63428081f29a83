import { isKindGroup, isSeverity, KIND_GROUPS, kindsOfGroups, SEVERITIES, type KindGroup, type Severity } from '#lib/events/kinds.ts';
import type { EventsQuery, EventView } from '#lib/events/types.ts';

/** What the timeline shows; empty lists mean "all". Kept in the page's URL query so a link shares it. */
export interface ActivityFilters {
  groups: KindGroup[];
  severities: Severity[];
  stackId: string | null;
  serverId: string | null;
}

export const NO_FILTERS: ActivityFilters = { groups: [], severities: [], stackId: null, serverId: null };

/** How many events a page of the timeline asks for (the API allows up to 200). */
export const PAGE_SIZE = 50;

function listParam<T extends string>(params: URLSearchParams, name: string, known: (v: string) => v is T, order: readonly T[]): T[] {
  const given = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(known);
  // Every value once, in a fixed order: ?type=a,b and ?type=b,a are the same view.
  return order.filter((value) => given.includes(value));
}

function idParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim() ?? '';
  return value === '' ? null : value;
}

/**
 * Reads the filters from a URL query. Values the dashboard does not know (an old link, a typo)
 * are dropped rather than refused: the page still opens, showing what it can.
 */
export function filtersFromQuery(params: URLSearchParams): ActivityFilters {
  const groups = listParam(params, 'type', isKindGroup, KIND_GROUPS);
  const severities = listParam(params, 'severity', isSeverity, SEVERITIES);
  // Every group (or severity) chosen is the same as none chosen.
  return {
    groups: groups.length === KIND_GROUPS.length ? [] : groups,
    severities: severities.length === SEVERITIES.length ? [] : severities,
    stackId: idParam(params, 'stack'),
    serverId: idParam(params, 'server'),
  };
}

/** The URL query for the filters; defaults are left out, so no filter is a bare /activity. */
export function filtersToQuery(filters: ActivityFilters): URLSearchParams {
  const params = new URLSearchParams();
  const normal = filtersFromQuery(rawQuery(filters));
  if (normal.groups.length > 0) params.set('type', normal.groups.join(','));
  if (normal.severities.length > 0) params.set('severity', normal.severities.join(','));
  if (normal.stackId) params.set('stack', normal.stackId);
  if (normal.serverId) params.set('server', normal.serverId);
  return params;
}

function rawQuery(filters: ActivityFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.groups.length > 0) params.set('type', filters.groups.join(','));
  if (filters.severities.length > 0) params.set('severity', filters.severities.join(','));
  if (filters.stackId) params.set('stack', filters.stackId);
  if (filters.serverId) params.set('server', filters.serverId);
  return params;
}

/** "?type=deploys" or "" for the page's address. */
export function filtersSearch(filters: ActivityFilters): string {
  const query = filtersToQuery(filters).toString();
  return query === '' ? '' : `?${query}`;
}

export function sameFilters(a: ActivityFilters, b: ActivityFilters): boolean {
  return filtersToQuery(a).toString() === filtersToQuery(b).toString();
}

export function hasFilters(filters: ActivityFilters): boolean {
  return filtersToQuery(filters).toString() !== '';
}

/** The query of GET /api/events for one page: `before` is the cursor of the page before it. */
export function eventsQuery(filters: ActivityFilters, before: string | null = null, limit = PAGE_SIZE): EventsQuery {
  const query: EventsQuery = { limit };
  if (filters.groups.length > 0) query.kind = kindsOfGroups(filters.groups).join(',');
  if (filters.severities.length > 0) query.severity = filters.severities.join(',');
  if (filters.stackId) query.stackId = filters.stackId;
  if (filters.serverId) query.serverId = filters.serverId;
  if (before) query.before = before;
  return query;
}

/**
 * Whether an event passes the filters, for the open incidents: GET /api/events/open answers all
 * of them, and the list on top should agree with the timeline under it.
 */
export function matchesFilters(event: EventView, filters: ActivityFilters): boolean {
  if (filters.groups.length > 0 && !kindsOfGroups(filters.groups).includes(event.kind)) return false;
  if (filters.severities.length > 0 && !(filters.severities as string[]).includes(event.severity)) return false;
  if (filters.stackId && event.stackId !== filters.stackId) return false;
  if (filters.serverId && event.serverId !== filters.serverId) return false;
  return true;
}

/** Adds or removes one value of a multiple choice, keeping the fixed order. */
export function toggled<T extends string>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] {
  return order.filter((item) => (item === value ? on : list.includes(item)));
}
