import type { Client } from 'openapi-fetch';
import { api } from '#lib/api/client.ts';
import type { EventPage, EventsQuery, OpenIncidents } from '#lib/events/types.ts';

type Json<T> = { content: { 'application/json': T } };
type ErrorBody = Json<{ error: { code: string; message: string; details?: { field?: string; message: string }[] } }>;

/**
 * The events routes as the contract describes them, typed by hand until they are in
 * schema.d.ts; the same client (admin token, 401 prompt) answers them.
 */
interface EventPaths {
  '/api/events': {
    get: { parameters: { query?: EventsQuery }; responses: { 200: Json<EventPage>; 400: ErrorBody } };
  };
  '/api/events/open': {
    get: { parameters: Record<string, never>; responses: { 200: Json<OpenIncidents> } };
  };
}

const client = api as unknown as Client<EventPaths>;

export function listEvents(query: EventsQuery) {
  return client.GET('/api/events', { params: { query } });
}

export function listOpenIncidents() {
  return client.GET('/api/events/open', {});
}
