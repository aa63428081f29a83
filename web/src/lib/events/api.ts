import { api } from '#lib/api/client.ts';
import type { EventsQuery } from '#lib/events/types.ts';

export function listEvents(query: EventsQuery) {
  return api.GET('/api/events', { params: { query } });
}

export function listOpenIncidents() {
  return api.GET('/api/events/open');
}
