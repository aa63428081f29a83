import { EventEmitter } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import type { Event } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { EVENT_KINDS, phaseOf, type EventActor, type EventKind, type EventSeverity, type EventPhase } from './event-kinds.js';
import type { EventInput, EventView } from './event.types.js';

/**
 * The one place events are written. Listeners (notifications, the timeline's stream) hear
 * each event after it is stored; a listener's failure never fails the thing that happened.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger('events');
  private readonly emitter = new EventEmitter();

  constructor(private readonly prisma: PrismaService) {
    this.emitter.setMaxListeners(0);
  }

  async record(input: EventInput): Promise<EventView> {
    const row = await this.prisma.event.create({
      data: {
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
        details: JSON.stringify(input.details ?? {}),
      },
    });
    const view = toEventView(row);
    for (const listener of this.emitter.listeners('event') as ((e: EventView) => unknown)[]) {
      try {
        void Promise.resolve(listener(view)).catch((err: unknown) => this.logger.warn({ err, kind: view.kind }, 'event listener failed'));
      } catch (err) {
        this.logger.warn({ err, kind: view.kind }, 'event listener failed');
      }
    }
    return view;
  }

  /** Records without letting a database hiccup fail the caller (user actions, watchers). */
  async tryRecord(input: EventInput): Promise<EventView | null> {
    try {
      return await this.record(input);
    } catch (err) {
      this.logger.warn({ err, kind: input.kind }, 'could not record an event');
      return null;
    }
  }

  onEvent(listener: (event: EventView) => unknown): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

export function toEventView(row: Event): EventView {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind as EventKind,
    severity: row.severity as EventSeverity,
    message: row.message,
    stackId: row.stackId,
    stackName: row.stackName,
    service: row.service,
    serverId: row.serverId,
    serverName: row.serverName,
    deploymentId: row.deploymentId,
    incidentKey: row.incidentKey,
    phase: row.phase as EventPhase | null,
    actor: row.actor as EventActor,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
