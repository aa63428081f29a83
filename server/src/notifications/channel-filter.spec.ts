import { describe, expect, it } from '@jest/globals';
import type { EventView } from '../events/event.types.js';
import { DEFAULT_KINDS, SUBSCRIBABLE_KINDS, wants, type Channel } from './channel-filter.js';

const channel = (over: Partial<Channel>): Channel => ({
  id: 'c1',
  name: 'ops',
  kind: 'webhook',
  settings: {},
  events: [],
  stacks: [],
  enabled: true,
  ...over,
});
const event = (over: Partial<EventView>): EventView => ({
  id: 'e1',
  at: new Date(),
  kind: 'deploy.failed',
  severity: 'error',
  message: 'x',
  stackId: 'shop',
  stackName: 'shop',
  service: null,
  serverId: null,
  serverName: null,
  deploymentId: null,
  incidentKey: null,
  phase: null,
  actor: 'system',
  details: {},
  ...over,
});

describe('wants', () => {
  it('should default to problems, their resolutions and failed deploys, not routine events', () => {
    expect(DEFAULT_KINDS).toEqual(
      expect.arrayContaining([
        'deploy.failed',
        'deploy.timed_out',
        'service.degraded',
        'service.recovered',
        'disk.low',
        'disk.ok',
        'host_key.refused',
        'certificate.ok',
      ]),
    );
    for (const k of ['deploy.started', 'deploy.succeeded', 'stack.created', 'secret.set', 'server.added', 'notification.test'] as const) {
      expect(DEFAULT_KINDS).not.toContain(k);
      expect(wants(channel({}), event({ kind: k, severity: 'info' }))).toBe(false);
    }
    expect(wants(channel({}), event({ kind: 'service.recovered', severity: 'success' }))).toBe(true);
  });

  it('should hear only the kinds a channel picked', () => {
    const c = channel({ events: ['deploy.succeeded'] });
    expect(wants(c, event({ kind: 'deploy.succeeded', severity: 'success' }))).toBe(true);
    expect(wants(c, event({ kind: 'deploy.failed' }))).toBe(false);
  });

  it('should hear only its stacks when it picked some, and then no stackless events', () => {
    const c = channel({ stacks: ['shop'] });
    expect(wants(c, event({ stackId: 'shop' }))).toBe(true);
    expect(wants(c, event({ stackId: 'blog' }))).toBe(false);
    expect(wants(c, event({ stackId: null, kind: 'server.unreachable' }))).toBe(false);
    expect(wants(channel({}), event({ stackId: null, kind: 'server.unreachable' }))).toBe(true);
  });

  it('should hear nothing when turned off, and never a test event', () => {
    expect(wants(channel({ enabled: false }), event({}))).toBe(false);
    expect(wants(channel({ events: ['notification.test'] }), event({ kind: 'notification.test', severity: 'info' }))).toBe(false);
    expect(SUBSCRIBABLE_KINDS).not.toContain('notification.test');
  });
});
