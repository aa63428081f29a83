import type { EventKind, EventSeverity } from '../events/event-kinds.js';
import type { EventView } from '../events/event.types.js';

/** What a delivery tells of, before any channel's format: every channel renders the same notice. */
export interface Notice {
  /** event | incident | resolved | summary | test */
  type: NoticeType;
  /** the event kind it is about (the last one for a summary); notification.test for a test */
  kind: EventKind;
  severity: EventSeverity;
  /** one line: an e-mail subject, a push title */
  title: string;
  /** a sentence or three in Otto's voice */
  text: string;
  /** what the event names: stack, service, server, version, commit, reason... in that order */
  facts: { label: string; value: string }[];
  /** the dashboard page that shows it, when OTTERNAUTS_PUBLIC_URL is set */
  link: string | null;
  at: Date;
  events: EventView[];
}

export type NoticeType = 'event' | 'incident' | 'resolved' | 'summary' | 'test';

const MAX_FACT = 500;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const clip = (s: string, n = MAX_FACT) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function version(e: EventView): string | null {
  return str(e.details.version);
}

/** The commit as details carry it: a sha string, or { sha, subject }. */
function commit(e: EventView): string | null {
  const d = e.details;
  const c = d.commit;
  const sha = str(typeof c === 'object' && c !== null ? (c as { sha?: unknown }).sha : c) ?? str(d.commitSha) ?? str(d.sha);
  const subject =
    str(typeof c === 'object' && c !== null ? (c as { subject?: unknown }).subject : null) ?? str(d.commitSubject) ?? str(d.subject);
  if (!sha) return null;
  return subject ? `${sha.slice(0, 7)} ${subject}` : sha.slice(0, 7);
}

function domain(e: EventView): string | null {
  return (
    str(e.details.domain) ?? (e.incidentKey?.startsWith('certificate.problem:') ? e.incidentKey.slice('certificate.problem:'.length) : null)
  );
}

/** What it is about, for titles: the service's full name, the server, the domain, the stack. */
function subject(e: EventView): string {
  return e.service ?? domain(e) ?? e.serverName ?? e.stackName ?? 'Mission Control';
}

/** The short name a person thinks of (`shop_web` → `web` in stack shop) is in the facts; titles use the full one. */
function titleOf(e: EventView): string {
  const v = version(e);
  const ver = v ? ` (version ${v})` : '';
  const stack = e.stackName ?? 'a stack';
  const server = e.serverName ?? 'a server';
  switch (e.kind) {
    case 'deploy.started':
      return `Deploy of ${stack} started${ver}`;
    case 'deploy.succeeded':
      return `Deploy of ${stack} succeeded${ver}`;
    case 'deploy.failed':
      return `Deploy of ${stack} failed${ver}`;
    case 'deploy.timed_out':
      return `Deploy of ${stack} timed out${ver}`;
    case 'service.degraded':
      return `${subject(e)} is degraded`;
    case 'service.recovered':
      return `${subject(e)} recovered`;
    case 'service.unhealthy':
      return `${subject(e)} is unhealthy`;
    case 'service.healthy':
      return `${subject(e)} is healthy again`;
    case 'service.crash_loop':
      return `${subject(e)} is crash-looping`;
    case 'service.crash_loop_ended':
      return `${subject(e)} runs steadily again`;
    case 'server.unreachable':
      return `Server ${server} is unreachable`;
    case 'server.back':
      return `Server ${server} is back`;
    case 'cluster.unreachable':
      return 'The cluster is unreachable';
    case 'cluster.back':
      return 'The cluster answers again';
    case 'disk.low':
      return `Disk space is low on ${server}`;
    case 'disk.ok':
      return `Disk space on ${server} is fine again`;
    case 'certificate.problem':
      return `Certificate problem for ${subject(e)}`;
    case 'certificate.ok':
      return `Certificate for ${subject(e)} is fine again`;
    case 'host_key.refused':
      return `Host key of ${server} changed: connection refused`;
    default:
      return clip(e.message, 150);
  }
}

/** Otto's opening line: light, but it never makes a failure sound like a success. */
function lead(e: EventView): string {
  switch (e.severity) {
    case 'error':
      return 'Otto spotted trouble.';
    case 'warning':
      return 'Otto is keeping an eye on this.';
    case 'success':
      return 'Good news from Otto.';
    default:
      return 'Otto, reporting in.';
  }
}

function factsOf(e: EventView): Notice['facts'] {
  const d = e.details;
  const facts: Notice['facts'] = [];
  const add = (label: string, value: string | null) => {
    if (value) facts.push({ label, value: clip(value) });
  };
  add('Stack', e.stackName);
  add('Service', e.service);
  add('Server', e.serverName);
  add('Domain', domain(e));
  add('Version', version(e));
  add('Commit', commit(e));
  add('Trigger', str(d.trigger));
  add('Reason', str(d.reason) ?? str(d.error));
  if (typeof d.running === 'number' && typeof d.desired === 'number') add('Replicas', `${d.running} of ${d.desired} running`);
  add('Health-check output', str(d.output));
  add('Restarts', str(d.restarts));
  add('Last exit code', str(d.lastExitCode));
  return facts;
}

function linkOf(e: EventView | null, publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  const base = publicUrl.replace(/\/+$/, '');
  return e?.stackId ? `${base}/stacks/${encodeURIComponent(e.stackId)}` : `${base}/activity`;
}

function typeOf(e: EventView): NoticeType {
  return e.phase === 'open' ? 'incident' : e.phase === 'resolved' ? 'resolved' : 'event';
}

/** One event, told as it happened. */
export function noticeOf(e: EventView, publicUrl?: string): Notice {
  return {
    type: typeOf(e),
    kind: e.kind,
    severity: e.severity,
    title: titleOf(e),
    text: `${lead(e)} ${e.message}`,
    facts: factsOf(e),
    link: linkOf(e, publicUrl),
    at: e.at,
    events: [e],
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * What the quiet period held back, told once when it ends: how often it went each way and
 * where it stands now (the last event), so a flapping service is one message, not a storm.
 */
export function summaryOf(events: EventView[], quietSeconds: number, publicUrl?: string): Notice {
  const last = events[events.length - 1];
  const counts = new Map<string, number>();
  for (const e of events) counts.set(titleOf(e), (counts.get(titleOf(e)) ?? 0) + 1);
  const tally = [...counts.entries()].map(([t, n]) => `${t.replace(/^./, (c) => c.toLowerCase())} ${plural(n, 'time')}`);
  const minutes = quietSeconds >= 120 ? `${Math.round(quietSeconds / 60)} minutes` : plural(quietSeconds, 'second');
  const now = last.phase === 'resolved' ? `Right now it is fine: ${last.message}` : `Right now it is still a problem: ${last.message}`;
  return {
    type: 'summary',
    kind: last.kind,
    severity: last.severity,
    title: `${subject(last)} kept changing: ${plural(events.length, 'change')} in the quiet period`,
    text: `Otto held back ${plural(events.length, 'notification')} about ${subject(last)} to spare you a storm (quiet period: ${minutes}): ${tally.join(', ')}. ${now}`,
    facts: factsOf(last),
    link: linkOf(last, publicUrl),
    at: last.at,
    events,
  };
}

/** "Send test": says which channel it came through, so a mix-up between two channels shows. */
export function testNotice(channelName: string, at: Date, publicUrl?: string): Notice {
  return {
    type: 'test',
    kind: 'notification.test',
    severity: 'info',
    title: `Test notification from channel ${channelName}`,
    text: `Otto says hi! If you can read this, the channel ${channelName} works and Mission Control can reach you here.`,
    facts: [],
    link: linkOf(null, publicUrl),
    at,
    events: [],
  };
}
