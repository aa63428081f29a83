import type { paths } from '#lib/api/schema.d.ts';

// Shapes read off the events routes in schema.d.ts (regenerate: npm -w web run api:generate),
// like git/dto.ts: a renamed DTO class on the server changes nothing here.
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Answer<Op> = Op extends { responses: infer Rs } ? Json<Rs[Extract<keyof Rs, 200 | 201>]> : never;

export type EventPage = Answer<paths['/api/events']['get']>;
export type EventView = EventPage['events'][number];
export type OpenIncidents = Answer<paths['/api/events/open']['get']>;

/** GET /api/events's query: kinds and severities comma-separated, `before` the cursor. */
export interface EventsQuery {
  kind?: string;
  severity?: string;
  stackId?: string;
  serverId?: string;
  before?: string;
  limit?: number;
}
