import { triggerLabel } from '#lib/deployments/triggers.ts';
import type { Tone } from '#lib/git/deliveries.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { EventView } from '#lib/events/types.ts';

const TONES: Record<string, Tone> = { error: 'bad', warning: 'busy', success: 'good', info: 'idle' };

/** The badge colour of a severity; an unknown one (a newer server) is neutral. */
export function severityTone(severity: string): Tone {
  return TONES[severity] ?? 'idle';
}

/** Newest first, each event once: pages overlap when events arrive between two reads. */
function newestFirst(events: readonly EventView[]): EventView[] {
  const seen = new Set<string>();
  const out: EventView[] = [];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
  }
  return out.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The list after "Load more": the older page goes below what is shown. */
export function appendOlder(shown: readonly EventView[], older: readonly EventView[]): EventView[] {
  return newestFirst([...shown, ...older]);
}

/**
 * The list after a live refresh read the newest page again. When that page reaches back into
 * what is shown, the new events go on top and the older pages stay; when it does not (more new
 * events than a page), what is shown has a gap, so the newest page replaces it and the cursor
 * starts again from there.
 */
export function mergeNewest(
  shown: readonly EventView[],
  shownCursor: string | null,
  newest: readonly EventView[],
  newestCursor: string | null,
): { events: EventView[]; nextBefore: string | null } {
  // No cursor: the newest page is every event there is.
  if (shown.length === 0 || newestCursor === null) return { events: newestFirst(newest), nextBefore: newestCursor };
  const ids = new Set(shown.map((e) => e.id));
  if (!newest.some((e) => ids.has(e.id))) return { events: newestFirst(newest), nextBefore: newestCursor };
  // Events the newest page holds replace their older copies (none change today, but a newer
  // server may fill in details later).
  const fresh = new Map(newest.map((e) => [e.id, e]));
  return { events: newestFirst([...newest, ...shown.map((e) => fresh.get(e.id) ?? e)]), nextBefore: shownCursor };
}

/** Events that arrived since the last look, for "3 new events" on a live page. */
export function countNew(before: readonly EventView[], after: readonly EventView[]): number {
  const ids = new Set(before.map((e) => e.id));
  return after.filter((e) => !ids.has(e.id)).length;
}

export interface DaySection {
  /** yyyy-mm-dd in local time: a stable key */
  day: string;
  /** "today", "yesterday", or null for an older day (shown as a date) */
  relative: 'today' | 'yesterday' | null;
  date: Date;
  events: EventView[];
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Splits a newest-first list into days (local time), keeping the order. */
export function byDay(events: readonly EventView[], now: Date = new Date()): DaySection[] {
  const today = localDay(now);
  const yesterday = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const sections: DaySection[] = [];
  for (const event of events) {
    const date = new Date(event.at);
    const day = Number.isNaN(date.getTime()) ? 'unknown' : localDay(date);
    let section = sections.at(-1);
    if (!section || section.day !== day) {
      section = { day, relative: day === today ? 'today' : day === yesterday ? 'yesterday' : null, date, events: [] };
      sections.push(section);
    }
    section.events.push(event);
  }
  return sections;
}

/** "Tuesday, 1 December 2026" for a day heading. */
export function formatDay(date: Date, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** The short service name inside its stack (shop_web in stack shop is web), for the stack page's anchor. */
export function shortServiceName(service: string, stackName: string | null): string {
  return stackName && service.startsWith(`${stackName}_`) ? service.slice(stackName.length + 1) : service;
}

export interface EventLinks {
  stack: { href: string; label: string } | null;
  service: { href: string | null; label: string } | null;
  server: { href: string; label: string } | null;
  /** the deployment's entry in its stack's history */
  deployment: { href: string; version: string | null } | null;
}

/**
 * Where an event's names lead: its stack's page, the service's card on it, and the server's
 * entry on the servers page. A name whose thing has no id (removed since) is plain text.
 */
export function eventLinks(event: EventView): EventLinks {
  const stackHref = event.stackId ? `/stacks/${encodeURIComponent(event.stackId)}` : null;
  const stackLabel = event.stackName ?? event.stackId;
  const short = event.service ? shortServiceName(event.service, event.stackName) : null;
  return {
    stack: stackHref && stackLabel ? { href: stackHref, label: stackLabel } : null,
    service: event.service ? { href: stackHref ? `${stackHref}#service-${short}` : null, label: event.service } : null,
    server: event.serverId ? { href: `/servers#server-${event.serverId}`, label: event.serverName ?? event.serverId } : null,
    deployment:
      stackHref && event.deploymentId
        ? { href: `${stackHref}#deployment-${event.deploymentId}`, version: text(event.details.version) }
        : null,
  };
}

export interface EventFact {
  label: MessageKey;
  value: string;
  /** the value in words, when the dashboard knows it (a trigger such as push) */
  valueKey?: MessageKey | null;
  /** long text (health-check output, a reason) shown as a block */
  block?: boolean;
  mono?: boolean;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function commitOf(details: Record<string, unknown>): { sha: string | null; subject: string | null; ref: string | null } {
  const commit = details.commit;
  if (commit && typeof commit === 'object') {
    const c = commit as Record<string, unknown>;
    return { sha: text(c.sha), subject: text(c.subject) ?? text(c.message), ref: text(c.ref) };
  }
  return {
    sha: text(commit) ?? text(details.commitSha) ?? text(details.sha),
    subject: text(details.commitSubject) ?? text(details.subject),
    ref: text(details.ref),
  };
}

function bytes(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = value;
  let unit = 0;
  while (n >= 1000 && unit < units.length - 1) {
    n /= 1000;
    unit += 1;
  }
  return `${n >= 10 || unit === 0 ? Math.round(n) : n.toFixed(1)} ${units[unit]}`;
}

/**
 * The details worth showing under an event, in a fixed order: what the server put in
 * `details` for deploys (version, trigger, commit, reason), health (output), crash loops
 * (restarts, exit code), disks and certificates. Keys it does not know are left out.
 */
export function eventFacts(event: EventView): EventFact[] {
  const d = event.details ?? {};
  const facts: EventFact[] = [];
  const add = (label: MessageKey, value: string | null, extra: Partial<EventFact> = {}) => {
    if (value !== null) facts.push({ label, value, ...extra });
  };
  add('activity.fact.version', text(d.version));
  const trigger = text(d.trigger);
  add('activity.fact.trigger', trigger, { valueKey: triggerLabel(trigger) });
  const commit = commitOf(d);
  add('activity.fact.commit', commit.sha ? commit.sha.slice(0, 7) : null, { mono: true });
  add('activity.fact.commitSubject', commit.subject);
  add('activity.fact.ref', commit.ref, { mono: true });
  add('activity.fact.domain', text(d.domain), { mono: true });
  add('activity.fact.restarts', text(d.restarts));
  add('activity.fact.exitCode', text(d.lastExitCode));
  add('activity.fact.freeDisk', bytes(d.diskFreeBytes ?? d.freeBytes));
  add('activity.fact.retryAfter', text(d.retryAfter));
  add('activity.fact.reason', text(d.reason) ?? text(d.error), { block: true });
  add('activity.fact.output', text(d.output), { block: true, mono: true });
  return facts;
}
