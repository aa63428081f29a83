import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUP_LABELS, isKindGroup, isSeverity, KIND_GROUPS, KIND_NAMES, KINDS, kindLabel, kindsOfGroups, SEVERITIES } from './kinds.ts';

// The server's list of kinds, read as text (the dashboard never imports server code): a kind
// added there and not here would show as its raw name and belong to no filter group.
const here = path.dirname(fileURLToPath(import.meta.url));
const source = fs.readFileSync(path.resolve(here, '..', '..', '..', '..', 'server', 'src', 'events', 'event-kinds.ts'), 'utf8');
const body = source.slice(source.indexOf('EVENT_KINDS = {'), source.indexOf('} as const'));
const serverKinds = [...body.matchAll(/'([a-z_.]+)':\s*\{([^}]*)\}/g)].map(([, kind, fields]) => ({
  kind,
  severity: /severity:\s*'(\w+)'/.exec(fields)?.[1] ?? null,
  resolves: /resolves:\s*'([a-z_.]+)'/.exec(fields)?.[1] ?? null,
}));

describe('event kinds', () => {
  it('should read the server list (the check below is not vacuous)', () => {
    expect(serverKinds.length).toBeGreaterThan(20);
    expect(serverKinds.find((k) => k.kind === 'service.recovered')).toEqual({
      kind: 'service.recovered',
      severity: 'success',
      resolves: 'service.degraded',
    });
  });

  it('should know exactly the kinds the server records, with their severities and resolutions', () => {
    expect(KIND_NAMES.toSorted()).toEqual(serverKinds.map((k) => k.kind).toSorted());
    for (const { kind, severity, resolves } of serverKinds) {
      expect([kind, KINDS[kind].severity, KINDS[kind].resolves ?? null]).toEqual([kind, severity, resolves]);
    }
  });

  it('should put every kind in one group and give every group a label', () => {
    for (const kind of KIND_NAMES) expect(KIND_GROUPS).toContain(KINDS[kind].group);
    for (const group of KIND_GROUPS) expect(GROUP_LABELS[group]).toMatch(/^activity\.group\./);
  });

  it('should list the kinds of the groups asked for, and no others', () => {
    expect(kindsOfGroups(['deploys'])).toEqual(['deploy.started', 'deploy.succeeded', 'deploy.failed', 'deploy.timed_out']);
    expect(kindsOfGroups(['certificates'])).toEqual(['certificate.problem', 'certificate.ok']);
    expect(kindsOfGroups(['servers'])).toContain('host_key.refused');
    expect(kindsOfGroups(['servers'])).not.toContain('server.added');
    expect(kindsOfGroups(['changes'])).toEqual(expect.arrayContaining(['server.added', 'stack.changed', 'secret.removed']));
    expect(kindsOfGroups([])).toEqual([]);
  });

  it('should label known kinds and leave unknown ones to be shown as they are', () => {
    expect(kindLabel('deploy.failed')).toBe('activity.kind.deployFailed');
    expect(kindLabel('service.exploded')).toBeNull();
  });

  it('should recognise only its own groups and severities', () => {
    expect(['deploys', 'Deploys', 'metrics'].filter(isKindGroup)).toEqual(['deploys']);
    expect(['error', 'warning', 'fatal', ''].filter(isSeverity)).toEqual(['error', 'warning']);
    expect(SEVERITIES).toHaveLength(4);
  });
});
