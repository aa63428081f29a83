import { EventEmitter } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import type { Event } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { EventActor, EventKind, EventSeverity, EventPhase } from './event-kinds.js';
import { eventFields } from './event-fields.js';
import type { EventInput, EventView } from './event.types.js';
import { badRequest } from '../errors/api-error.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { EventFilter } from './event-query.js';

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
    const fields = eventFields(input);
    const row = await this.prisma.event.create({ data: { ...fields, details: JSON.stringify(fields.details) } });
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

  /** Newest first, `filter.limit` of them after the cursor event; nextBefore pages on. */
  async list(filter: EventFilter): Promise<{ events: EventView[]; nextBefore: string | null }> {
    const where: Prisma.EventWhereInput[] = [];
    if (filter.kinds.length) where.push({ kind: { in: filter.kinds } });
    if (filter.severities.length) where.push({ severity: { in: filter.severities } });
    if (filter.stackId) where.push({ stackId: filter.stackId });
    if (filter.serverId) where.push({ serverId: filter.serverId });
    if (filter.before) {
      const cursor = await this.prisma.event.findUnique({ where: { id: filter.before }, select: { id: true, at: true } });
      if (!cursor) {
        const message = 'no event with this id (it may have been pruned); leave it out to start from the newest';
        throw badRequest('invalid_filter', `before: ${message}`, [{ field: 'before', message }]);
      }
      // same order as the listing: at, then id, both descending
      where.push({ OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] });
    }
    const rows = await this.prisma.event.findMany({
      where: { AND: where },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit).map(toEventView);
    return { events: page, nextBefore: rows.length > filter.limit ? page[page.length - 1].id : null };
  }

  /** Deletes events older than `before`, except the ones named (the openings of open incidents). */
  async prune(before: Date, keep: string[]): Promise<number> {
    const { count } = await this.prisma.event.deleteMany({ where: { at: { lt: before }, id: { notIn: keep } } });
    return count;
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
