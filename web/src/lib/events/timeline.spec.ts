import { describe, expect, it } from '@jest/globals';
import { appendOlder, byDay, countNew, eventFacts, eventLinks, mergeNewest, severityTone, shortServiceName } from './timeline.ts';
import type { EventView } from './types.ts';

function event(id: string, at: string, overrides: Partial<EventView> = {}): EventView {
  return {
    id,
    at,
    kind: 'deploy.failed',
    severity: 'error',
    message: `event ${id}`,
    stackId: null,
    stackName: null,
    service: null,
    serverId: null,
    serverName: null,
    deploymentId: null,
    incidentKey: null,
    phase: null,
    actor: 'system',
    details: {},
    ...overrides,
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 1, minute)).toISOString();
const ids = (list: EventView[]) => list.map((e) => e.id);

describe(appendOlder.name, () => {
  it('should put the older page below, each event once, newest first', () => {
    const shown = [event('c', at(30)), event('b', at(20))];
    const older = [event('b', at(20)), event('a', at(10))];
    expect(ids(appendOlder(shown, older))).toEqual(['c', 'b', 'a']);
  });
});

describe(mergeNewest.name, () => {
  it('should put new events on top and keep the older pages and their cursor', () => {
    const shown = [event('c', at(30)), event('b', at(20)), event('a', at(10))];
    const newest = [event('e', at(50)), event('d', at(40)), event('c', at(30))];
    const merged = mergeNewest(shown, 'a', newest, 'c');
    expect(ids(merged.events)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(merged.nextBefore).toBe('a');
  });

  it('should start again from the newest page when it does not reach what is shown (a gap)', () => {
    const shown = [event('b', at(20)), event('a', at(10))];
    const newest = [event('z', at(59)), event('y', at(58))];
    expect(mergeNewest(shown, 'a', newest, 'y')).toEqual({ events: newest, nextBefore: 'y' });
  });

  it('should take the newest page as everything when it has no cursor', () => {
    const shown = [event('b', at(20)), event('a', at(10))];
    const newest = [event('c', at(30)), event('b', at(20))];
    expect(mergeNewest(shown, null, newest, null)).toEqual({ events: newest, nextBefore: null });
  });

  it('should replace an event with its newer copy', () => {
    const shown = [event('a', at(10), { message: 'old' })];
    const newest = [event('b', at(20)), event('a', at(10), { message: 'new' })];
    expect(mergeNewest(shown, 'x', newest, 'a').events.map((e) => e.message)).toEqual(['event b', 'new']);
  });
});

describe(countNew.name, () => {
  it('should count the events that were not shown before', () => {
    const before = [event('a', at(10))];
    expect(countNew(before, [event('c', at(30)), event('b', at(20)), ...before])).toBe(2);
    expect(countNew(before, before)).toBe(0);
  });
});

describe(byDay.name, () => {
  it('should split by local day, name today and yesterday, and keep the order', () => {
    const now = new Date(2026, 11, 2, 12, 0);
    const list = [
      event('c', new Date(2026, 11, 2, 9, 0).toISOString()),
      event('b', new Date(2026, 11, 2, 0, 5).toISOString()),
      event('a', new Date(2026, 11, 1, 23, 55).toISOString()),
      event('z', new Date(2026, 10, 28, 8, 0).toISOString()),
    ];
    const sections = byDay(list, now);
    expect(sections.map((s) => [s.day, s.relative, ids(s.events)])).toEqual([
      ['2026-12-02', 'today', ['c', 'b']],
      ['2026-12-01', 'yesterday', ['a']],
      ['2026-11-28', null, ['z']],
    ]);
  });
});

describe(severityTone.name, () => {
  it('should colour by severity and leave an unknown one neutral', () => {
    expect(['error', 'warning', 'success', 'info', 'fatal'].map(severityTone)).toEqual(['bad', 'busy', 'good', 'idle', 'idle']);
  });
});

describe(eventLinks.name, () => {
  it('should link the stack, the service card on its page and the server', () => {
    const links = eventLinks(
      event('a', at(1), { stackId: 'st 1', stackName: 'shop', service: 'shop_web', serverId: 'srv1', serverName: 'outpost-1' }),
    );
    expect(links).toEqual({
      stack: { href: '/stacks/st%201', label: 'shop' },
      service: { href: '/stacks/st%201#service-web', label: 'shop_web' },
      server: { href: '/servers#server-srv1', label: 'outpost-1' },
      deployment: null,
    });
  });

  it('should show a name without an id as plain text', () => {
    const links = eventLinks(event('a', at(1), { stackName: 'gone', service: 'gone_web' }));
    expect(links.stack).toBeNull();
    expect(links.service).toEqual({ href: null, label: 'gone_web' });
    expect(links.server).toBeNull();
    expect(eventLinks(event('a', at(1), { deploymentId: 'd1' })).deployment).toBeNull();
  });

  it('should link a deployment to its entry in the stack’s history, with its version', () => {
    expect(eventLinks(event('a', at(1), { stackId: 's1', deploymentId: 'd1', details: { version: 3 } })).deployment).toEqual({
      href: '/stacks/s1#deployment-d1',
      version: '3',
    });
  });

  it('should strip only the stack prefix from a service name', () => {
    expect(shortServiceName('shop_web', 'shop')).toBe('web');
    expect(shortServiceName('shopping_web', 'shop')).toBe('shopping_web');
    expect(shortServiceName('web', null)).toBe('web');
  });
});

describe(eventFacts.name, () => {
  it('should show a deploy’s version, trigger, commit and reason in order', () => {
    const facts = eventFacts(
      event('a', at(1), {
        details: {
          reason: 'Failed to pull image',
          version: 3,
          trigger: 'push',
          commit: { sha: '4f2a9c1e0b', subject: 'Bump shop', ref: 'main' },
        },
      }),
    );
    expect(facts).toEqual([
      { label: 'activity.fact.version', value: '3' },
      { label: 'activity.fact.trigger', value: 'push', valueKey: 'history.trigger.push' },
      { label: 'activity.fact.commit', value: '4f2a9c1', mono: true },
      { label: 'activity.fact.commitSubject', value: 'Bump shop' },
      { label: 'activity.fact.ref', value: 'main', mono: true },
      { label: 'activity.fact.reason', value: 'Failed to pull image', block: true },
    ]);
  });

  it('should read a commit given as a plain sha with its subject beside it', () => {
    const facts = eventFacts(event('a', at(1), { details: { commit: 'abcdef1234', commitSubject: 'Fix' } }));
    expect(facts.map((f) => f.value)).toEqual(['abcdef1', 'Fix']);
  });

  it('should show health output, restarts, exit codes and free disk', () => {
    const facts = eventFacts(
      event('a', at(1), { details: { output: 'curl: (7) refused\n', restarts: 4, lastExitCode: 137, diskFreeBytes: 4_200_000_000 } }),
    );
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['activity.fact.restarts', '4'],
      ['activity.fact.exitCode', '137'],
      ['activity.fact.freeDisk', '4.2 GB'],
      ['activity.fact.output', 'curl: (7) refused\n'],
    ]);
  });

  it('should skip empty, unknown and non-text details', () => {
    expect(
      eventFacts(event('a', at(1), { details: { version: '', trigger: null, secretValue: 'x', restarts: Number.NaN, nested: {} } })),
    ).toEqual([]);
  });
});
