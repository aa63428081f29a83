import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { EVENT_KINDS, type EventKind } from './event-kinds.js';
import type { EventInput, EventView } from './event.types.js';
import { EventsService, toEventView } from './events.service.js';

/** An event that opens or resolves an incident: the key is given separately. */
export type IncidentInput = Omit<EventInput, 'incidentKey' | 'kind'>;

/** `<open kind>:<subject>`, such as service.degraded:shop_web or server.unreachable:<server id>. */
export function incidentKey(openKind: EventKind, subject: string): string {
  return `${openKind}:${subject}`;
}

/**
 * Which incidents are open, from the Event table: the newest event of each key says it. Kept in
 * memory and reloaded at start, so a restart of Mission Control neither opens an incident again
 * nor resolves one twice (each is one notification). Every open and resolve goes through here.
 */
@Injectable()
export class IncidentBook implements OnModuleInit {
  private readonly logger = new Logger('incidents');
  private readonly open = new Map<string, EventView>();
  /** keys with an open or resolve being written: a second caller in the meantime does nothing */
  private readonly writing = new Set<string>();
  private loaded?: Promise<void>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): Promise<void> {
    return this.load();
  }

  /** Reads the open incidents once; later calls wait for that read. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const newest = await this.prisma.event.findMany({
        where: { incidentKey: { not: null }, phase: { not: null } },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        distinct: ['incidentKey'],
      });
      for (const row of newest) if (row.phase === 'open') this.open.set(row.incidentKey!, toEventView(row));
      if (this.open.size) this.logger.log({ open: this.open.size }, 'open incidents reloaded');
    })();
    return this.loaded;
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  get(key: string): EventView | undefined {
    return this.open.get(key);
  }

  /** The opening event of every open incident, newest first. */
  list(): EventView[] {
    return [...this.open.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
  }

  /** Records the opening event unless the incident is open already; answers it, or null when nothing was recorded. */
  async openIncident(kind: EventKind, subject: string, input: IncidentInput): Promise<EventView | null> {
    if (!('opens' in EVENT_KINDS[kind])) throw new Error(`${kind} does not open an incident`);
    await this.load();
    const key = incidentKey(kind, subject);
    if (this.open.has(key) || this.writing.has(key)) return null;
    this.writing.add(key);
    try {
      const view = await this.events.tryRecord({ ...input, kind, incidentKey: key });
      if (view) this.open.set(key, view);
      return view;
    } finally {
      this.writing.delete(key);
    }
  }

  /** Records the resolution of an open incident; nothing when it is not open. */
  async resolveIncident(kind: EventKind, subject: string, input: IncidentInput): Promise<EventView | null> {
    const resolves = (EVENT_KINDS[kind] as { resolves?: EventKind }).resolves;
    if (!resolves) throw new Error(`${kind} does not resolve an incident`);
    await this.load();
    const key = incidentKey(resolves, subject);
    if (!this.open.has(key) || this.writing.has(key)) return null;
    this.writing.add(key);
    try {
      const opened = this.open.get(key)!;
      const view = await this.events.tryRecord({
        ...input,
        kind,
        incidentKey: key,
        details: { ...input.details, openedAt: opened.at.toISOString(), openEventId: opened.id },
      });
      if (view) this.open.delete(key);
      return view;
    } finally {
      this.writing.delete(key);
    }
  }

  /** Open incidents of one kind, as subject -> opening event (for watchers that look for what ended). */
  openOf(kind: EventKind): Map<string, EventView> {
    const prefix = `${kind}:`;
    const out = new Map<string, EventView>();
    for (const [key, view] of this.open) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), view);
    return out;
  }

  /** Ids of the opening events of open incidents: pruning keeps them, or a restart would forget the incident. */
  openEventIds(): string[] {
    return [...this.open.values()].map((v) => v.id);
  }
}
