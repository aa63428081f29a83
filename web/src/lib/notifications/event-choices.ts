import { KIND_GROUPS, KINDS, type KindGroup } from '#lib/events/kinds.ts';

/**
 * The events a channel can pick, by group. Resolutions sit right after the problem they end:
 * picking "degraded" without "recovered" is allowed, but the two are read together.
 */
export function eventChoices(): { group: KindGroup; kinds: string[] }[] {
  return KIND_GROUPS.map((group) => {
    const kinds = Object.keys(KINDS).filter((k) => KINDS[k].group === group && !KINDS[k].resolves && k !== 'notification.test');
    const ordered = kinds.flatMap((kind) => [kind, ...Object.keys(KINDS).filter((k) => KINDS[k].resolves === kind)]);
    return { group, kinds: ordered };
  }).filter((g) => g.kinds.length > 0);
}

/** The kinds a channel with events [] gets: every warning or error, their ends, and failed deploys. */
export function defaultEventKinds(): string[] {
  const problems = Object.keys(KINDS).filter((k) => KINDS[k].severity === 'warning' || KINDS[k].severity === 'error');
  return Object.keys(KINDS).filter(
    (k) => problems.includes(k) || (KINDS[k].resolves !== undefined && problems.includes(KINDS[k].resolves)),
  );
}
