import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { EventView } from './event.types.js';
import { EventsModule } from './events.module.js';
import { EventsService } from './events.service.js';
import { IncidentBook } from './incident-book.js';

// The events API and what user actions record, on the real application and a real SQLite file.

const SECRET_VALUE = 'hunter2-otter-Zq9!vault-only';
const FILE = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n';

describe('/api/events', () => {
  const dir = tempDir('events-api');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dir);
  });
  afterAll(() => t?.app.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json<any>() };
  };
  const all = async (): Promise<EventView[]> => (await get('/api/events?limit=200')).body.events;
  const until = async (what: string, done: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  describe('user actions', () => {
    it('should record secrets, stacks and a failed deployment with names only, never a secret value', async () => {
      expect((await t.app.inject({ method: 'PUT', url: '/api/secrets/DB_PASSWORD', payload: { value: SECRET_VALUE } })).statusCode).toBe(
        200,
      );
      expect(
        (await t.app.inject({ method: 'PUT', url: '/api/secrets/DB_PASSWORD', payload: { value: `${SECRET_VALUE}2` } })).statusCode,
      ).toBe(200);
      const created = await t.app.inject({ method: 'POST', url: '/api/stacks', payload: { name: 'shop', configuration: FILE } });
      expect(created.statusCode).toBe(201);
      const stackId = created.json<{ id: string }>().id;
      const changed = await t.app.inject({ method: 'PUT', url: `/api/stacks/${stackId}`, payload: { configuration: `${FILE}    # v2\n` } });
      expect(changed.statusCode).toBe(200);
      // no manager here: the deployment fails in its first step, with the reason in its events
      const deploy = await t.app.inject({ method: 'POST', url: `/api/stacks/${stackId}/deploy`, payload: {} });
      expect(deploy.statusCode).toBe(202);
      const deploymentId = deploy.json<{ deploymentId: string }>().deploymentId;
      await until('deploy.failed', async () => (await all()).some((e) => e.kind === 'deploy.failed'));
      expect((await t.app.inject({ method: 'DELETE', url: `/api/stacks/${stackId}` })).statusCode).toBe(204);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/secrets/DB_PASSWORD' })).statusCode).toBe(204);

      const events = await all();
      expect(events.map((e) => e.kind).reverse()).toEqual([
        'secret.set',
        'secret.set',
        'stack.created',
        'stack.changed',
        'deploy.started',
        'deploy.failed',
        'stack.removed',
        'secret.removed',
      ]);
      const byKind = (k: string) => events.filter((e) => e.kind === k);
      expect(byKind('secret.set').map((e) => e.message)).toEqual([
        'Secret DB_PASSWORD was given a new value',
        'Secret DB_PASSWORD was added',
      ]);
      expect(byKind('stack.created')[0]).toMatchObject({
        stackId,
        stackName: 'shop',
        actor: 'admin',
        message: 'Stack shop was created from a pasted file',
      });
      expect(byKind('deploy.started')[0]).toMatchObject({
        deploymentId,
        stackName: 'shop',
        actor: 'api',
        details: { version: 1, trigger: 'api' },
      });
      expect(byKind('deploy.failed')[0]).toMatchObject({ deploymentId, severity: 'error', details: { version: 1, trigger: 'api' } });
      expect(byKind('deploy.failed')[0].message).toMatch(/^Deploy of shop failed \(version 1\): .*no manager/);
      expect(byKind('deploy.failed')[0].details.reason).toMatch(/no manager/);
      // names only: neither the value nor the file (which could hold one) is in any event
      const stored = JSON.stringify(await t.app.get(PrismaService).event.findMany());
      expect(stored).toContain('DB_PASSWORD');
      expect(stored).not.toContain(SECRET_VALUE.slice(0, 12));
      expect(stored).not.toContain('nginx:1.27');
    });
  });

  describe('GET /api/events', () => {
    it('should filter by kind, severity, stack and server, newest first, and page with nextBefore', async () => {
      const events = t.app.get(EventsService);
      for (let i = 0; i < 5; i++)
        await events.record({ kind: 'server.added', message: `Server n${i} was added`, serverId: 'srv-filter', serverName: `n${i}` });
      await events.record({ kind: 'disk.low', message: 'Disk low on n1', serverId: 'srv-filter', incidentKey: 'disk.low:srv-filter' });

      const warnings = await get('/api/events?severity=warning&serverId=srv-filter');
      expect(warnings.body.events.map((e: EventView) => e.kind)).toEqual(['disk.low']);
      const both = await get('/api/events?kind=server.added,disk.low&serverId=srv-filter&limit=4');
      expect(both.body.events.map((e: EventView) => e.message)).toEqual([
        'Disk low on n1',
        'Server n4 was added',
        'Server n3 was added',
        'Server n2 was added',
      ]);
      const next = await get(`/api/events?kind=server.added,disk.low&serverId=srv-filter&limit=4&before=${both.body.nextBefore}`);
      expect(next.body.events.map((e: EventView) => e.message)).toEqual(['Server n1 was added', 'Server n0 was added']);
      expect(next.body.nextBefore).toBeNull();
      expect((await get('/api/events?stackId=nothing-here')).body).toEqual({ events: [], nextBefore: null });
    });

    it('should answer 400 naming an unknown kind, severity, cursor or a bad limit', async () => {
      const kind = await get('/api/events?kind=deploy.failed,deploy.exploded');
      expect(kind.status).toBe(400);
      expect(kind.body.error.message).toMatch(/^kind: unknown event kind deploy\.exploded/);
      expect(kind.body.error.details.map((d: { field: string }) => d.field)).toEqual(['kind']);
      const severity = await get('/api/events?severity=fatal');
      expect(severity.status).toBe(400);
      expect(severity.body.error.message).toMatch(/^severity: unknown severity fatal; use info, success, warning, error/);
      for (const limit of ['0', '201', 'ten']) {
        const res = await get(`/api/events?limit=${limit}`);
        expect([res.status, res.body.error.message]).toEqual([400, 'limit: must be a whole number from 1 to 200']);
      }
      const before = await get('/api/events?before=no-such-event');
      expect(before.status).toBe(400);
      expect(before.body.error.message).toMatch(/^before: no event with this id/);
    });
  });

  describe('GET /api/events/kinds and /api/events/open', () => {
    it('should list every kind with its severity and phase', async () => {
      const { kinds } = (await get('/api/events/kinds')).body;
      expect(kinds).toContainEqual(expect.objectContaining({ kind: 'service.degraded', severity: 'warning', phase: 'open' }));
      expect(kinds).toContainEqual(expect.objectContaining({ kind: 'service.recovered', severity: 'success', phase: 'resolved' }));
      expect(kinds).toContainEqual(expect.objectContaining({ kind: 'deploy.failed', severity: 'error', phase: null }));
    });

    it('should list open incidents, keep them across a restart, and resolve them once', async () => {
      const book = t.app.get(IncidentBook);
      const opened = await book.openIncident('service.degraded', 'shop_api', {
        service: 'shop_api',
        message: 'Service api of shop is degraded',
      });
      expect(opened).not.toBeNull();
      expect(await book.openIncident('service.degraded', 'shop_api', { message: 'again' })).toBeNull();
      expect((await get('/api/events/open')).body.incidents.map((e: EventView) => e.incidentKey)).toContain('service.degraded:shop_api');

      await t.app.close();
      t = await startTestApp(dir);
      const reloaded = t.app.get(IncidentBook);
      expect((await get('/api/events/open')).body.incidents.map((e: EventView) => e.id)).toContain(opened!.id);
      expect(await reloaded.openIncident('service.degraded', 'shop_api', { message: 'again' })).toBeNull();
      expect(await reloaded.resolveIncident('service.recovered', 'shop_api', { message: 'Service api of shop recovered' })).not.toBeNull();
      expect(await reloaded.resolveIncident('service.recovered', 'shop_api', { message: 'twice' })).toBeNull();
      expect((await get('/api/events/open')).body.incidents.map((e: EventView) => e.incidentKey)).not.toContain(
        'service.degraded:shop_api',
      );
      expect((await get('/api/events?kind=service.degraded,service.recovered')).body.events.map((e: EventView) => e.phase)).toEqual([
        'resolved',
        'open',
      ]);
    });
  });

  describe('pruning', () => {
    it('should delete events older than the retention but keep the opening of an open incident', async () => {
      const prisma = t.app.get(PrismaService);
      const old = new Date(Date.now() - (t.config.eventRetentionSeconds + 60) * 1000);
      const gone = await prisma.event.create({ data: { kind: 'server.added', severity: 'info', message: 'long ago', at: old } });
      const kept = await prisma.event.create({
        data: { kind: 'disk.low', severity: 'warning', message: 'still low', at: old, incidentKey: 'disk.low:srv-old', phase: 'open' },
      });
      // the book knows it as open after a restart, as it would have if it opened in an earlier run
      await t.app.close();
      t = await startTestApp(dir);
      expect(await t.app.get(EventsModule).prune()).toBeGreaterThanOrEqual(1);
      const ids = (await t.app.get(PrismaService).event.findMany({ select: { id: true } })).map((e) => e.id);
      expect(ids).not.toContain(gone.id);
      expect(ids).toContain(kept.id);
      expect(ids.length).toBeGreaterThan(5);
    });
  });
});
