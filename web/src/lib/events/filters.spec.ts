import { describe, expect, it } from '@jest/globals';
import {
  eventsQuery,
  filtersFromQuery,
  filtersSearch,
  filtersToQuery,
  hasFilters,
  matchesFilters,
  NO_FILTERS,
  sameFilters,
  toggled,
  type ActivityFilters,
} from './filters.ts';
import { KIND_GROUPS, SEVERITIES } from './kinds.ts';
import type { EventView } from './types.ts';

const query = (text: string) => new URLSearchParams(text);

function event(overrides: Partial<EventView> = {}): EventView {
  return {
    id: 'e1',
    at: '2026-12-02T01:00:00.000Z',
    kind: 'service.degraded',
    severity: 'warning',
    message: 'Service web of shop runs 1 of 2 replicas',
    stackId: 'stack-1',
    stackName: 'shop',
    service: 'shop_web',
    serverId: null,
    serverName: null,
    deploymentId: null,
    incidentKey: 'service.degraded:shop_web',
    phase: 'open',
    actor: 'system',
    details: {},
    ...overrides,
  };
}

describe(filtersFromQuery.name, () => {
  it('should read every filter from the query', () => {
    expect(filtersFromQuery(query('type=deploys,services&severity=error&stack=s1&server=v2'))).toEqual({
      groups: ['deploys', 'services'],
      severities: ['error'],
      stackId: 's1',
      serverId: 'v2',
    });
  });

  it('should drop unknown values, repeats and blanks instead of refusing the page', () => {
    expect(filtersFromQuery(query('type=deploys,metrics,deploys&severity=fatal, warning&stack=&server=%20'))).toEqual({
      groups: ['deploys'],
      severities: ['warning'],
      stackId: null,
      serverId: null,
    });
  });

  it('should accept repeated parameters and keep a fixed order', () => {
    expect(filtersFromQuery(query('type=servers&type=deploys')).groups).toEqual(['deploys', 'servers']);
  });

  it('should treat every group or severity chosen as none chosen', () => {
    const all = filtersFromQuery(query(`type=${KIND_GROUPS.join(',')}&severity=${SEVERITIES.join(',')}`));
    expect(all).toEqual(NO_FILTERS);
  });

  it('should give no filters for an empty query', () => {
    expect(filtersFromQuery(query(''))).toEqual(NO_FILTERS);
  });
});

describe(filtersToQuery.name, () => {
  it('should round-trip through the URL', () => {
    const filters: ActivityFilters = {
      groups: ['certificates', 'changes'],
      severities: ['warning', 'error'],
      stackId: 'a b',
      serverId: 'x',
    };
    const back = filtersFromQuery(query(filtersToQuery(filters).toString()));
    expect(back).toEqual({ ...filters, severities: ['error', 'warning'] });
  });

  it('should leave defaults out, so no filter is the bare page', () => {
    expect(filtersToQuery(NO_FILTERS).toString()).toBe('');
    expect(filtersSearch(NO_FILTERS)).toBe('');
    expect(filtersSearch({ ...NO_FILTERS, groups: ['deploys'] })).toBe('?type=deploys');
    expect(filtersSearch({ ...NO_FILTERS, groups: [...KIND_GROUPS] })).toBe('');
  });

  it('should encode ids so they survive the query string', () => {
    expect(filtersSearch({ ...NO_FILTERS, stackId: 'a&b=c' })).toBe('?stack=a%26b%3Dc');
  });
});

describe(sameFilters.name, () => {
  it('should compare what the filters mean, not their order', () => {
    expect(sameFilters({ ...NO_FILTERS, severities: ['warning', 'error'] }, { ...NO_FILTERS, severities: ['error', 'warning'] })).toBe(
      true,
    );
    expect(sameFilters(NO_FILTERS, { ...NO_FILTERS, stackId: 's' })).toBe(false);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, serverId: 'v' })).toBe(true);
  });
});

describe(eventsQuery.name, () => {
  it('should ask for the kinds of the chosen groups and the chosen severities', () => {
    expect(eventsQuery({ groups: ['deploys'], severities: ['error', 'warning'], stackId: 's1', serverId: null })).toEqual({
      limit: 50,
      kind: 'deploy.started,deploy.succeeded,deploy.failed,deploy.timed_out',
      severity: 'error,warning',
      stackId: 's1',
    });
  });

  it('should pass the cursor and the page size', () => {
    expect(eventsQuery(NO_FILTERS, 'evt_40', 20)).toEqual({ limit: 20, before: 'evt_40' });
    expect(eventsQuery(NO_FILTERS)).toEqual({ limit: 50 });
  });
});

describe(matchesFilters.name, () => {
  it('should keep an event that passes every filter', () => {
    expect(matchesFilters(event(), { groups: ['services'], severities: ['warning'], stackId: 'stack-1', serverId: null })).toBe(true);
    expect(matchesFilters(event(), NO_FILTERS)).toBe(true);
  });

  it('should drop an event that fails any one filter', () => {
    expect(matchesFilters(event(), { ...NO_FILTERS, groups: ['deploys'] })).toBe(false);
    expect(matchesFilters(event(), { ...NO_FILTERS, severities: ['error'] })).toBe(false);
    expect(matchesFilters(event(), { ...NO_FILTERS, stackId: 'stack-2' })).toBe(false);
    expect(matchesFilters(event(), { ...NO_FILTERS, serverId: 'srv-1' })).toBe(false);
    expect(matchesFilters(event({ serverId: 'srv-1' }), { ...NO_FILTERS, serverId: 'srv-1' })).toBe(true);
  });
});

describe(toggled.name, () => {
  it('should add and remove one value, keeping the fixed order', () => {
    expect(toggled(['services'], 'deploys', true, KIND_GROUPS)).toEqual(['deploys', 'services']);
    expect(toggled(['deploys', 'services'], 'deploys', false, KIND_GROUPS)).toEqual(['services']);
    expect(toggled(['deploys'], 'deploys', true, KIND_GROUPS)).toEqual(['deploys']);
  });
});
