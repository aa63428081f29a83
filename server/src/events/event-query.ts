import { badRequest } from '../errors/api-error.js';
import { EVENT_KIND_NAMES, isEventKind, type EventKind, type EventSeverity } from './event-kinds.js';

export const SEVERITIES: readonly EventSeverity[] = ['info', 'success', 'warning', 'error'];
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** What `GET /api/events` filters by, checked. */
export interface EventFilter {
  kinds: EventKind[];
  severities: EventSeverity[];
  stackId: string | null;
  serverId: string | null;
  before: string | null;
  limit: number;
}

export interface RawEventQuery {
  kind?: string;
  severity?: string;
  stackId?: string;
  serverId?: string;
  before?: string;
  limit?: string;
}

/** "a,b" or repeated parameters (Fastify gives an array then) -> trimmed, non-empty words. */
function list(value: string | string[] | undefined): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts
    .flatMap((p) => String(p).split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function single(field: string, value: unknown): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw badRequest('invalid_filter', `${field}: give it once`, [{ field, message: 'give it once' }]);
  return value;
}

/** Reads the query string; an unknown kind or severity, or a bad limit, is a 400 naming it. */
export function parseEventQuery(q: RawEventQuery): EventFilter {
  const kinds = list(q.kind);
  const badKind = kinds.find((k) => !isEventKind(k));
  if (badKind !== undefined) {
    const message = `unknown event kind ${badKind}; known kinds: ${EVENT_KIND_NAMES.join(', ')}`;
    throw badRequest('invalid_filter', `kind: ${message}`, [{ field: 'kind', message }]);
  }
  const severities = list(q.severity);
  const badSeverity = severities.find((s) => !SEVERITIES.includes(s as EventSeverity));
  if (badSeverity !== undefined) {
    const message = `unknown severity ${badSeverity}; use ${SEVERITIES.join(', ')}`;
    throw badRequest('invalid_filter', `severity: ${message}`, [{ field: 'severity', message }]);
  }
  const rawLimit = single('limit', q.limit);
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > MAX_LIMIT) {
      const message = `must be a whole number from 1 to ${MAX_LIMIT}`;
      throw badRequest('invalid_filter', `limit: ${message}`, [{ field: 'limit', message }]);
    }
  }
  return {
    kinds: kinds as EventKind[],
    severities: severities as EventSeverity[],
    stackId: single('stackId', q.stackId),
    serverId: single('serverId', q.serverId),
    before: single('before', q.before),
    limit,
  };
}
