import type { PrismaService } from '../../database/prisma.service.js';
import type { EventInput, EventView } from '../../events/event.types.js';
import { eventFields } from '../../events/event-fields.js';
import type { EventsService } from '../../events/events.service.js';
import { IncidentBook } from '../../events/incident-book.js';

/**
 * The real IncidentBook over an in-memory event table: `restart()` answers a new book over
 * the same rows, as a restarted Mission Control would read them back.
 */
export function memoryBook() {
  const rows: EventView[] = [];
  let n = 0;
  const events = {
    tryRecord(input: EventInput): Promise<EventView> {
      const view: EventView = {
        id: `e${String(++n).padStart(4, '0')}`,
        at: new Date(1_700_000_000_000 + n * 1000),
        ...eventFields(input),
      };
      rows.push(view);
      return Promise.resolve(view);
    },
  } as unknown as EventsService;
  const prisma = {
    event: {
      // the newest row per incident key, as the book asks for it
      findMany() {
        const newest = new Map<string, EventView>();
        for (const r of rows) if (r.incidentKey && r.phase) newest.set(r.incidentKey, r);
        return Promise.resolve([...newest.values()].map((r) => ({ ...r, details: JSON.stringify(r.details) })));
      },
    },
  } as unknown as PrismaService;
  const open = () => new IncidentBook(prisma, events);
  return { rows, book: open(), restart: open, kinds: () => rows.map((r) => r.kind) };
}
