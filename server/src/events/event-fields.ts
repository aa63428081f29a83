import { EVENT_KINDS, phaseOf } from './event-kinds.js';
import type { EventInput, EventView } from './event.types.js';

/**
 * What is stored for an event a capability hands in: the kind's own severity and phase
 * unless it says otherwise, 'system' as the actor, and null for whatever it does not name.
 * The in-memory book of the incident specs stores through this too, so it keeps what
 * Mission Control keeps.
 */
export function eventFields(input: EventInput): Omit<EventView, 'id' | 'at'> {
  return {
    kind: input.kind,
    severity: input.severity ?? EVENT_KINDS[input.kind].severity,
    message: input.message,
    stackId: input.stackId ?? null,
    stackName: input.stackName ?? null,
    service: input.service ?? null,
    serverId: input.serverId ?? null,
    serverName: input.serverName ?? null,
    deploymentId: input.deploymentId ?? null,
    incidentKey: input.incidentKey ?? null,
    phase: phaseOf(input.kind),
    actor: input.actor ?? 'system',
    details: input.details ?? {},
  };
}
