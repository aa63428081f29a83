// The events API's shapes as the contract gives them (GET /api/events, /open, /kinds).
// Switch to the generated types of src/lib/api/schema.d.ts once those routes are in it.

export type EventSeverity = 'info' | 'success' | 'warning' | 'error';
export type EventPhase = 'open' | 'resolved';

export interface EventView {
  id: string;
  at: string;
  kind: string;
  /** an EventSeverity; typed wider because a newer server may send one this dashboard does not know */
  severity: string;
  message: string;
  stackId: string | null;
  stackName: string | null;
  /** the full Swarm service name (stack_service) */
  service: string | null;
  serverId: string | null;
  serverName: string | null;
  deploymentId: string | null;
  incidentKey: string | null;
  /** an EventPhase or null */
  phase: string | null;
  actor: string;
  details: Record<string, unknown>;
}

export interface EventPage {
  events: EventView[];
  nextBefore: string | null;
}

export interface OpenIncidents {
  incidents: EventView[];
}

export interface EventsQuery {
  kind?: string;
  severity?: string;
  stackId?: string;
  serverId?: string;
  before?: string;
  limit?: number;
}
