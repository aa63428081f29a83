import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { HostResolver } from './host-resolver.js';

// The channels API on the real application and a real SQLite file. No message is sent here
// (notifications.int.spec.ts sends for real); names resolve through a table, localhost through the system.
describe('/api/notifications', () => {
  let t: TestApp;
  let prisma: PrismaService;
  const dir = tempDir('notifications-api');
  const call = async (method: string, url: string, payload?: object) => {
    const res = (await t.app.inject({ method: method as 'POST', url, payload })) as unknown as { statusCode: number; body: string };
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, raw: res.body };
  };
  const fields = (body: { error: { details: { field?: string }[] } }) => body.error.details.map((d) => d.field);
  const count = () => prisma.notificationChannel.count();

  beforeAll(async () => {
    t = await startTestApp(dir, { OTTERNAUTS_NOTIFY_ALLOW: 'allowed.example.com' });
    prisma = t.app.get(PrismaService);
    const table: Record<string, string[]> = {
      'hooks.example.com': ['203.0.113.10'],
      'ntfy.lan': ['192.168.1.5'],
      'rebind.example.com': ['127.0.0.1'],
      'allowed.example.com': ['127.0.0.1'],
      'smtp.example.com': ['203.0.113.25'],
      'ntfy.sh': ['203.0.113.80'],
    };
    t.app.get(HostResolver).resolve = async (host) => {
      if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
      const list = table[host];
      if (!list) throw new Error(`ENOTFOUND ${host}`);
      return list.map((address) => ({ address, family: 4 }));
    };
  });
  afterAll(async () => {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('webhook', () => {
    it('should create a webhook channel, show its generated signing secret once and never the URL', async () => {
      const res = await call('POST', '/api/notifications/channels', {
        name: 'ops hook',
        kind: 'webhook',
        secrets: { url: 'https://hooks.example.com/T0K3N/path?key=s3cr3t' },
        events: ['deploy.failed', 'service.degraded'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'ops hook',
        kind: 'webhook',
        settings: {},
        secretsSet: ['signingSecret', 'url'],
        target: 'hooks.example.com',
        events: ['deploy.failed', 'service.degraded'],
        stacks: [],
        enabled: true,
        lastDelivery: null,
      });
      expect(res.body.signingSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(res.raw).not.toContain('T0K3N');
      expect(res.raw).not.toContain('s3cr3t');

      const one = await call('GET', `/api/notifications/channels/${res.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body.signingSecret).toBeUndefined();
      expect(one.raw).not.toContain(res.body.signingSecret);
      expect(one.raw).not.toContain('T0K3N');
      const all = await call('GET', '/api/notifications/channels');
      expect(all.raw).not.toContain('T0K3N');
      expect(all.body.map((c: { name: string }) => c.name)).toContain('ops hook');

      // sealed in the vault: the row holds neither the URL nor the secret in clear
      const row = await prisma.notificationChannel.findUniqueOrThrow({ where: { id: res.body.id } });
      const stored = Buffer.from(row.secrets!).toString('latin1');
      expect(stored).not.toContain('T0K3N');
      expect(stored).not.toContain(res.body.signingSecret);
    });

    it('should keep a signing secret the user chose and not echo it', async () => {
      const res = await call('POST', '/api/notifications/channels', {
        name: 'own secret',
        kind: 'webhook',
        secrets: { url: 'http://hooks.example.com/x', signingSecret: 'a-secret-of-my-own-1234' },
      });
      expect(res.status).toBe(201);
      expect(res.body.signingSecret).toBeUndefined();
      expect(res.raw).not.toContain('a-secret-of-my-own-1234');
      expect(res.body.secretsSet).toEqual(['signingSecret', 'url']);
    });

    it.each([
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is the cloud metadata address'],
      ['http://2130706433/hook', '127.0.0.1 is a loopback address'],
      ['http://0x7f.1/hook', '127.0.0.1 is a loopback address'],
      ['http://127.1/hook', '127.0.0.1 is a loopback address'],
      ['http://[::ffff:127.0.0.1]/hook', 'is a loopback address'],
      ['http://[::1]:8080/hook', '::1 is a loopback address'],
      ['http://[fd00:ec2::254]/', 'cloud metadata'],
      ['http://[fe80::1]/', 'link-local'],
      ['http://169.254.10.1/', 'link-local'],
      ['http://0.0.0.0:9000/', 'unspecified'],
      ['http://localhost:9000/', 'localhost resolves to 127.0.0.1, which is a loopback address'],
      ['http://rebind.example.com/', 'rebind.example.com resolves to 127.0.0.1'],
      ['http://nowhere.example.com/', 'nowhere.example.com does not resolve'],
    ])('should refuse %s naming secrets.url, and store nothing', async (url, message) => {
      const before = await count();
      const res = await call('POST', '/api/notifications/channels', { name: 'sneaky', kind: 'webhook', secrets: { url } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'secrets.url', message: expect.stringContaining(message) }]);
      expect(res.body.error.message).toMatch(/^secrets\.url: /);
      expect(await count()).toBe(before);
    });

    it('should let OTTERNAUTS_NOTIFY_ALLOW open a named host that resolves to loopback', async () => {
      const res = await call('POST', '/api/notifications/channels', {
        name: 'allowed',
        kind: 'webhook',
        secrets: { url: 'http://allowed.example.com:8080/in' },
      });
      expect(res.status).toBe(201);
      expect(res.body.target).toBe('allowed.example.com');
    });

    it('should refuse a URL that is not http(s) or carries credentials', async () => {
      for (const [url, message] of [
        ['ftp://hooks.example.com/x', 'not ftp'],
        ['https://user:pw@hooks.example.com/x', 'must not carry a user name or password'],
        ['not a url', 'does not parse'],
      ]) {
        const res = await call('POST', '/api/notifications/channels', { name: 'bad', kind: 'slack', secrets: { url } });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toEqual([{ field: 'secrets.url', message: expect.stringContaining(message) }]);
      }
      const missing = await call('POST', '/api/notifications/channels', { name: 'bad', kind: 'discord' });
      expect(missing.body.error.details).toEqual([{ field: 'secrets.url', message: 'is required' }]);
    });
  });

  describe('validation', () => {
    it('should name every bad field at once', async () => {
      const res = await call('POST', '/api/notifications/channels', {
        name: 'mail',
        kind: 'email',
        settings: {
          host: 'smtp.example.com',
          port: 70000,
          security: 'ssl',
          from: 'not-an-address',
          to: ['ok@example.com', 'nope'],
          colour: 'red',
        },
        secrets: { password: 'pw', token: 'x' },
        events: ['deploy.failed', 'deploy.exploded', 'notification.test'],
        stacks: ['no-such-stack'],
      });
      expect(res.status).toBe(400);
      expect(fields(res.body).sort()).toEqual(
        [
          'events[1]',
          'events[2]',
          'secrets.token',
          'settings.colour',
          'settings.from',
          'settings.port',
          'settings.security',
          'settings.to[1]',
          'stacks[0]',
        ].sort(),
      );
      expect(res.body.error.details).toContainEqual({
        field: 'events[1]',
        message: 'deploy.exploded is not an event kind (GET /api/events/kinds lists them)',
      });
      expect(await prisma.notificationChannel.count({ where: { name: 'mail' } })).toBe(0);
    });

    it('should refuse an unknown kind, a bad name and unknown top-level fields', async () => {
      const kind = await call('POST', '/api/notifications/channels', { name: 'x', kind: 'pager' });
      expect(kind.status).toBe(400);
      expect(fields(kind.body)).toEqual(['kind']);
      const name = await call('POST', '/api/notifications/channels', {
        name: ' spaced',
        kind: 'slack',
        secrets: { url: 'https://hooks.example.com/a' },
      });
      expect(fields(name.body)).toEqual(['name']);
      const extra = await call('POST', '/api/notifications/channels', {
        name: 'x',
        kind: 'slack',
        secrets: { url: 'https://hooks.example.com/a' },
        colour: 1,
      });
      expect(extra.body.error.details).toEqual([{ field: 'colour', message: 'is not a known field' }]);
    });

    it('should refuse a second channel with the same name', async () => {
      const res = await call('POST', '/api/notifications/channels', {
        name: 'ops hook',
        kind: 'slack',
        secrets: { url: 'https://hooks.example.com/b' },
      });
      expect(res.status).toBe(409);
      expect(fields(res.body)).toEqual(['name']);
    });

    it('should check ntfy topics and servers, defaulting to ntfy.sh', async () => {
      const bad = await call('POST', '/api/notifications/channels', {
        name: 'push',
        kind: 'ntfy',
        settings: { topic: 'has space', server: 'http://169.254.169.254' },
      });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['settings.topic']);
      const meta = await call('POST', '/api/notifications/channels', {
        name: 'push',
        kind: 'ntfy',
        settings: { topic: 'ops', server: 'http://169.254.169.254' },
      });
      expect(meta.body.error.details).toEqual([{ field: 'settings.server', message: expect.stringContaining('cloud metadata') }]);
      const lan = await call('POST', '/api/notifications/channels', {
        name: 'push',
        kind: 'ntfy',
        settings: { topic: 'ops_alerts', server: 'http://ntfy.lan:8080/' },
        secrets: { token: 'tk_abc' },
      });
      expect(lan.status).toBe(201);
      expect(lan.body).toMatchObject({
        settings: { server: 'http://ntfy.lan:8080', topic: 'ops_alerts' },
        secretsSet: ['token'],
        target: 'ntfy.lan',
      });
      const public_ = await call('POST', '/api/notifications/channels', {
        name: 'push public',
        kind: 'ntfy',
        settings: { topic: 'otters' },
      });
      expect(public_.body).toMatchObject({ settings: { server: 'https://ntfy.sh', topic: 'otters' }, secretsSet: [], target: 'ntfy.sh' });
    });

    it('should refuse an SMTP host on loopback however it is spelled', async () => {
      for (const host of ['127.0.0.1', '2130706433', 'localhost', '[::1]', '::ffff:127.0.0.1', '169.254.169.254']) {
        const res = await call('POST', '/api/notifications/channels', {
          name: 'mail',
          kind: 'email',
          settings: { host, security: 'starttls', from: 'otto@example.com', to: ['ops@example.com'] },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toEqual([{ field: 'settings.host', message: expect.stringMatching(/loopback|metadata/) }]);
      }
    });
  });

  describe('update and delete', () => {
    it('should keep secrets left out, replace given ones and remove null ones', async () => {
      const made = await call('POST', '/api/notifications/channels', {
        name: 'mail box',
        kind: 'email',
        settings: { host: 'smtp.example.com', security: 'tls', username: 'otto', from: 'otto@example.com', to: ['ops@example.com'] },
        secrets: { password: 'hunter2hunter2' },
      });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ settings: { port: 465, security: 'tls' }, secretsSet: ['password'], target: 'smtp.example.com' });
      const id = made.body.id;

      const renamed = await call('PUT', `/api/notifications/channels/${id}`, { name: 'mail room', enabled: false });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        name: 'mail room',
        enabled: false,
        secretsSet: ['password'],
        settings: { host: 'smtp.example.com' },
      });

      const cleared = await call('PUT', `/api/notifications/channels/${id}`, { secrets: { password: null } });
      expect(cleared.body.secretsSet).toEqual([]);

      const kind = await call('PUT', `/api/notifications/channels/${id}`, { kind: 'slack' });
      expect(kind.status).toBe(400);
      expect(fields(kind.body)).toEqual(['kind']);

      const refused = await call('PUT', `/api/notifications/channels/${id}`, {
        settings: { host: '169.254.169.254', security: 'tls', from: 'otto@example.com', to: ['ops@example.com'] },
      });
      expect(refused.status).toBe(400);
      expect((await call('GET', `/api/notifications/channels/${id}`)).body.settings.host).toBe('smtp.example.com');

      const del = await call('DELETE', `/api/notifications/channels/${id}`);
      expect(del.status).toBe(204);
      expect((await call('GET', `/api/notifications/channels/${id}`)).status).toBe(404);
      expect((await call('DELETE', `/api/notifications/channels/${id}`)).status).toBe(404);
    });

    it('should keep a webhook URL when only the events change', async () => {
      const made = await call('POST', '/api/notifications/channels', {
        name: 'keeper',
        kind: 'webhook',
        secrets: { url: 'https://hooks.example.com/keep' },
      });
      const res = await call('PUT', `/api/notifications/channels/${made.body.id}`, { events: ['deploy.succeeded'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ events: ['deploy.succeeded'], secretsSet: ['signingSecret', 'url'], target: 'hooks.example.com' });
      const cannot = await call('PUT', `/api/notifications/channels/${made.body.id}`, { secrets: { url: null } });
      expect(cannot.body.error.details).toEqual([{ field: 'secrets.url', message: 'is required and cannot be removed' }]);
    });

    it('should answer deliveries newest first and check the limit', async () => {
      const made = await call('POST', '/api/notifications/channels', {
        name: 'quiet one',
        kind: 'slack',
        secrets: { url: 'https://hooks.example.com/q' },
      });
      const res = await call('GET', `/api/notifications/channels/${made.body.id}/deliveries?limit=5`);
      expect(res).toMatchObject({ status: 200, body: [] });
      const bad = await call('GET', `/api/notifications/channels/${made.body.id}/deliveries?limit=0`);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['limit']);
      expect((await call('GET', '/api/notifications/channels/nope/deliveries')).status).toBe(404);
      expect((await call('POST', '/api/notifications/channels/nope/test')).status).toBe(404);
    });
  });
});
