import type { EventActor, EventKind, EventPhase, EventSeverity } from './event-kinds.js';

/** What a capability hands to EventsService.record. Names are copied in: the record outlives what it names. */
export interface EventInput {
  kind: EventKind;
  message: string;
  /** defaults to the kind's own severity */
  severity?: EventSeverity;
  stackId?: string | null;
  stackName?: string | null;
  /** the full Swarm service name (stack_service) */
  service?: string | null;
  serverId?: string | null;
  serverName?: string | null;
  deploymentId?: string | null;
  /** problems and their resolutions: the same key (such as service.degraded:shop_web) */
  incidentKey?: string | null;
  actor?: EventActor;
  /** small, JSON-serialisable, never secrets */
  details?: Record<string, unknown>;
}

/** An event as stored and as the API returns it. */
export interface EventView {
  id: string;
  at: Date;
  kind: EventKind;
  severity: EventSeverity;
  message: string;
  stackId: string | null;
  stackName: string | null;
  service: string | null;
  serverId: string | null;
  serverName: string | null;
  deploymentId: string | null;
  incidentKey: string | null;
  phase: EventPhase | null;
  actor: EventActor;
  details: Record<string, unknown>;
}
