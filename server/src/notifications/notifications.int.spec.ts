import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { EventInput } from '../events/event.types.js';
import { EventsService } from '../events/events.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationClock } from './clock.js';
import { HostResolver } from './host-resolver.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { startTestSmtpSink, type TestSmtpSink } from './testing/smtp-sink.js';
import { startTestWebhookReceiver, type TestWebhookReceiver } from './testing/webhook-receiver.js';

// Notifications really sent: a real HTTP receiver on 127.0.0.1 (allowed through
// OTTERNAUTS_NOTIFY_ALLOW) that checks the signature as a receiver would, and a real SMTP
// server (Debian's aiosmtpd) with AUTH. The quiet period and retries run on a shifted clock.
describe('notifications, sent for real', () => {
  const dir = tempDir('notifications-int');
  const env = {
    OTTERNAUTS_NOTIFY_ALLOW: '127.0.0.1',
    OTTERNAUTS_NOTIFY_QUIET_PERIOD: '60',
    OTTERNAUTS_PUBLIC_URL: 'http://localhost:8080',
  };
  let t: TestApp;
  let sink: TestSmtpSink;
  const receivers: TestWebhookReceiver[] = [];
  const secrets: string[] = [];
  let shift = 0;

  const call = async (method: string, url: string, payload?: object) => {
    const res = (await t.app.inject({ method: method as 'POST', url, payload })) as unknown as { statusCode: number; body: string };
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, raw: res.body };
  };
  const dispatcher = () => t.app.get(NotificationDispatcher);
  const record = async (input: EventInput) => {
    const e = await t.app.get(EventsService).record(input);
    await dispatcher().settled();
    return e;
  };
  /** the dispatcher's own clock, moved forward: retries and quiet periods without sleeping */
  const useShiftedClock = () => {
    t.app.get(NotificationClock).now = () => new Date(Date.now() + shift * 1000);
  };
  const deliveries = async (channelId: string) => (await call('GET', `/api/notifications/channels/${channelId}/deliveries`)).body;
  const settledDeliveries = async (channelId: string, count: number) => {
    for (let i = 0; i < 100; i++) {
      const list = await deliveries(channelId);
      if (list.length >= count && list.every((d: { status: string; attempts: number }) => d.attempts > 0 || d.status !== 'pending'))
        return list;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('deliveries did not settle');
  };
  const webhookChannel = async (name: string, receiver: TestWebhookReceiver, extra: object = {}) => {
    const res = await call('POST', '/api/notifications/channels', { name, kind: 'webhook', secrets: { url: receiver.url }, ...extra });
    expect(res.status).toBe(201);
    receiver.setSecret(res.body.signingSecret);
    secrets.push(res.body.signingSecret);
    return res.body as { id: string; signingSecret: string };
  };
  const start = async () => {
    t = await startTestApp(dir, env);
    useShiftedClock();
  };

  beforeAll(async () => {
    await start();
    sink = await startTestSmtpSink({ auth: { username: 'otto', password: 'sm7p-pass-w0rd' } });
    secrets.push('sm7p-pass-w0rd');
  });
  afterAll(async () => {
    await t.app.close();
    await sink?.close();
    await Promise.all(receivers.map((r) => r.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should POST a signed deploy.failed to the webhook, with the delivery id and event in headers', async () => {
    const receiver = await startTestWebhookReceiver();
    receivers.push(receiver);
    const channel = await webhookChannel('hook', receiver, { events: ['deploy.failed'] });
    // not asked for: no delivery
    await record({ kind: 'deploy.succeeded', message: 'Deploy of shop version 2 succeeded.', stackName: 'shop', details: { version: 2 } });
    await record({
      kind: 'deploy.failed',
      message: 'Deploy of shop version 3 failed: image shop/web:3 not found',
      stackName: 'shop',
      details: {
        version: 3,
        commit: { sha: '4f2a9c1e0b7d3a5f9e8c', subject: 'Bump' },
        reason: 'image shop/web:3 not found',
        trigger: 'push',
      },
    });
    const [hook] = await receiver.waitFor(1);
    const [delivery] = await settledDeliveries(channel.id, 1);
    expect(hook.signatureValid).toBe(true);
    expect(hook.headers['x-otternauts-event']).toBe('deploy.failed');
    expect(hook.headers['x-otternauts-delivery']).toBe(delivery.id);
    expect(Number(hook.headers['x-otternauts-timestamp'])).toBeGreaterThan(1_700_000_000);
    expect(hook.json).toMatchObject({
      type: 'event',
      kind: 'deploy.failed',
      title: 'Deploy of shop failed (version 3)',
      link: 'http://localhost:8080/activity',
      facts: expect.arrayContaining([
        { label: 'Reason', value: 'image shop/web:3 not found' },
        { label: 'Commit', value: '4f2a9c1 Bump' },
      ]),
    });
    expect(delivery).toMatchObject({
      kind: 'event',
      status: 'sent',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
      title: 'Deploy of shop failed (version 3)',
    });
    expect(receiver.received).toHaveLength(1);
    const list = (await call('GET', '/api/notifications/channels')).body.find((c: { id: string }) => c.id === channel.id);
    expect(list.lastDelivery).toMatchObject({ id: delivery.id, status: 'sent' });
  });

  it('should tell an incident once when it opens and once when it resolves, then hold the flapping for one summary', async () => {
    const receiver = await startTestWebhookReceiver();
    receivers.push(receiver);
    const channel = await webhookChannel('flaps', receiver);
    const base = { service: 'shop_web', stackName: 'shop', incidentKey: 'service.degraded:shop_web' };
    const degraded = () => record({ ...base, kind: 'service.degraded', message: 'shop_web runs 1 of 2 replicas.' });
    const recovered = () => record({ ...base, kind: 'service.recovered', message: 'shop_web runs all 2 replicas again.' });
    shift = 0;
    await degraded();
    await recovered();
    await receiver.waitFor(2);
    await degraded();
    await recovered();
    await degraded();
    await dispatcher().runDue();
    // nothing more until the quiet period ends
    expect(receiver.received.map((r) => (r.json as { type: string }).type)).toEqual(['incident', 'resolved']);
    const held = await deliveries(channel.id);
    expect(held[0]).toMatchObject({ kind: 'summary', status: 'pending', attempts: 0, eventIds: expect.any(Array) });
    expect(held[0].eventIds).toHaveLength(3);

    shift = 61;
    await dispatcher().runDue();
    const got = await receiver.waitFor(3);
    expect(got).toHaveLength(3);
    const summary = got[2].json as { type: string; title: string; text: string; events: unknown[] };
    expect(summary.type).toBe('summary');
    expect(summary.title).toBe('shop_web kept changing: 3 changes in the quiet period');
    expect(summary.text).toContain('Otto held back 3 notifications about shop_web');
    expect(summary.text).toContain('shop_web is degraded 2 times, shop_web recovered 1 time. Right now it is still a problem');
    expect(summary.events).toHaveLength(3);
    expect(got.every((r) => r.signatureValid)).toBe(true);
    shift = 0;
  });

  it('should remember what it sent and what it holds across a restart', async () => {
    const receiver = await startTestWebhookReceiver();
    receivers.push(receiver);
    const channel = await webhookChannel('flaps after restart', receiver);
    const base = { service: 'shop_api', stackName: 'shop', incidentKey: 'service.degraded:shop_api' };
    shift = 0;
    await record({ ...base, kind: 'service.degraded', message: 'shop_api runs 0 of 1 replicas.' });
    await record({ ...base, kind: 'service.recovered', message: 'shop_api runs all 1 replicas again.' });
    await receiver.waitFor(2);
    await record({ ...base, kind: 'service.degraded', message: 'shop_api runs 0 of 1 replicas.' });

    await t.app.close();
    await start();
    // a restart neither forgets the quiet period nor starts a second summary
    await record({ ...base, kind: 'service.recovered', message: 'shop_api runs all 1 replicas again.' });
    await dispatcher().runDue();
    const list = await deliveries(channel.id);
    expect(list.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`)).toEqual([
      'summary:pending',
      'resolved:sent',
      'incident:sent',
    ]);
    expect(list[0].eventIds).toHaveLength(2);
    expect(receiver.received).toHaveLength(2);

    shift = 61;
    await dispatcher().runDue();
    const got = await receiver.waitFor(3);
    expect((got[2].json as { type: string; text: string }).text).toContain('Right now it is fine: shop_api runs all 1 replicas again.');
    shift = 0;
  });

  it('should retry a 503 after the backoff, keeping the same body and delivery id, and survive a restart', async () => {
    const receiver = await startTestWebhookReceiver({ status: (n) => (n === 1 ? 503 : 200) });
    receivers.push(receiver);
    const channel = await webhookChannel('flaky', receiver, { events: ['server.unreachable'] });
    shift = 0;
    await record({
      kind: 'server.unreachable',
      message: 'node-2 does not answer over SSH.',
      serverName: 'node-2',
      incidentKey: 'server.unreachable:s2',
    });
    await receiver.waitFor(1);
    const [first] = await settledDeliveries(channel.id, 1);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 503 });
    expect(first.lastError).toMatch(/^127\.0\.0\.1 \(127\.0\.0\.1\) answered 503/);
    const wait = (new Date(first.nextAttemptAt).getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(5);
    expect(wait).toBeLessThanOrEqual(10.5);

    // the pending row outlives the process
    await t.app.close();
    await start();
    shift = 5;
    await dispatcher().runDue();
    expect(receiver.received).toHaveLength(1);
    shift = 11;
    await dispatcher().runDue();
    const [a, b] = await receiver.waitFor(2);
    expect(b.body).toBe(a.body);
    expect(b.headers['x-otternauts-delivery']).toBe(a.headers['x-otternauts-delivery']);
    expect(b.signatureValid).toBe(true);
    const [done] = await settledDeliveries(channel.id, 1);
    expect(done).toMatchObject({ status: 'sent', attempts: 2, responseStatus: 200, lastError: null, nextAttemptAt: null });
    shift = 0;
  });

  it('should send a test at once and answer how it went, and record it on the timeline', async () => {
    const receiver = await startTestWebhookReceiver();
    receivers.push(receiver);
    const channel = await webhookChannel('tested', receiver);
    const res = await call('POST', `/api/notifications/channels/${channel.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'test',
      status: 'sent',
      attempts: 1,
      responseStatus: 200,
      title: 'Test notification from channel tested',
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].signatureValid).toBe(true);
    expect(receiver.received[0].headers['x-otternauts-event']).toBe('notification.test');
    const events = await t.app.get(PrismaService).event.findMany({ where: { kind: 'notification.test' } });
    expect(events.map((e) => e.message)).toContain('A test notification went out through tested.');
  });

  it('should answer a failed test with the reason, without retrying it', async () => {
    const receiver = await startTestWebhookReceiver({ status: () => 404 });
    receivers.push(receiver);
    const channel = await webhookChannel('gone', receiver);
    const res = await call('POST', `/api/notifications/channels/${channel.id}/test`);
    expect(res.body).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 404, nextAttemptAt: null });
    expect(res.body.lastError).toBe('127.0.0.1 (127.0.0.1) answered 404 Not Found');
  });

  it('should connect to the address it checked, and refuse at send when DNS now points at loopback', async () => {
    const receiver = await startTestWebhookReceiver();
    receivers.push(receiver);
    const dns = t.app.get(HostResolver);
    const original = dns.resolve;
    try {
      // a name the system cannot resolve: reaching the receiver proves the pinned address was used
      dns.resolve = async () => [{ address: '127.0.0.1', family: 4 }];
      const url = receiver.url.replace('127.0.0.1', 'hooks.otternauts.test');
      const made = await call('POST', '/api/notifications/channels', { name: 'pinned', kind: 'slack', secrets: { url } });
      expect(made.status).toBe(201);
      const sent = await call('POST', `/api/notifications/channels/${made.body.id}/test`);
      expect(sent.body).toMatchObject({ status: 'sent' });
      expect(receiver.received[0].headers.host).toBe(`hooks.otternauts.test:${receiver.port}`);
      expect(receiver.received[0].json).toMatchObject({ text: expect.stringContaining('Test notification from channel pinned') });

      dns.resolve = async () => [{ address: '127.0.0.2', family: 4 }];
      const refused = await call('POST', `/api/notifications/channels/${made.body.id}/test`);
      expect(refused.body).toMatchObject({ status: 'failed', responseStatus: null });
      expect(refused.body.lastError).toBe(
        'refused: hooks.otternauts.test resolves to 127.0.0.2, which is a loopback address; notifications may not go there unless OTTERNAUTS_NOTIFY_ALLOW lists the host, address or range',
      );
      expect(receiver.received).toHaveLength(1);
    } finally {
      dns.resolve = original;
    }
  });

  it('should e-mail a failed deploy through a real SMTP server with AUTH', async () => {
    const made = await call('POST', '/api/notifications/channels', {
      name: 'mail',
      kind: 'email',
      settings: {
        host: '127.0.0.1',
        port: sink.port,
        security: 'none',
        username: 'otto',
        from: 'otto@otternauts.test',
        to: ['ops@otternauts.test', 'dev@otternauts.test'],
      },
      secrets: { password: 'sm7p-pass-w0rd' },
      events: ['deploy.failed'],
    });
    expect(made.status).toBe(201);
    expect(made.raw).not.toContain('sm7p-pass-w0rd');
    await record({
      kind: 'deploy.failed',
      message: 'Deploy of shop version 3 failed: Service web is unhealthy: connection refused',
      stackId: null,
      stackName: 'shop',
      details: { version: 3, reason: 'Service web is unhealthy: connection refused' },
    });
    const [mail] = await sink.waitFor(1);
    expect(mail).toMatchObject({
      mailFrom: 'otto@otternauts.test',
      rcptTos: ['ops@otternauts.test', 'dev@otternauts.test'],
      subject: '[Otternauts] Deploy of shop failed (version 3)',
      authenticated: true,
    });
    expect(mail.text).toContain('Stack:   shop');
    expect(mail.text).toContain('Version: 3');
    expect(mail.text).toContain('Reason:  Service web is unhealthy: connection refused');
    expect(mail.text).toContain('Open in Mission Control: http://localhost:8080/activity');
    const [delivery] = await settledDeliveries(made.body.id, 1);
    expect(delivery).toMatchObject({ status: 'sent', responseStatus: 250 });
  });

  it('should give up at once on a wrong SMTP password and say so, without the password', async () => {
    const made = await call('POST', '/api/notifications/channels', {
      name: 'mail wrong',
      kind: 'email',
      settings: {
        host: '127.0.0.1',
        port: sink.port,
        security: 'none',
        username: 'otto',
        from: 'otto@otternauts.test',
        to: ['ops@otternauts.test'],
      },
      secrets: { password: 'not-the-passw0rd' },
    });
    secrets.push('not-the-passw0rd');
    const res = await call('POST', `/api/notifications/channels/${made.body.id}/test`);
    expect(res.body).toMatchObject({ status: 'failed', responseStatus: 535 });
    expect(res.body.lastError).toContain('check the user name and password');
    expect(res.body.lastError).not.toContain('not-the-passw0rd');
  });

  it('should refuse to send without TLS when the channel asks for STARTTLS', async () => {
    const made = await call('POST', '/api/notifications/channels', {
      name: 'mail tls',
      kind: 'email',
      settings: {
        host: '127.0.0.1',
        port: sink.port,
        security: 'starttls',
        username: 'otto',
        from: 'otto@otternauts.test',
        to: ['ops@otternauts.test'],
      },
      secrets: { password: 'sm7p-pass-w0rd' },
    });
    const before = sink.messages().length;
    const res = await call('POST', `/api/notifications/channels/${made.body.id}/test`);
    expect(res.body.status).toBe('failed');
    expect(res.body.lastError).toMatch(/STARTTLS|TLS/i);
    expect(sink.messages()).toHaveLength(before);
  });

  it("should verify the SMTP server's certificate on STARTTLS and send nothing to one it cannot trust", async () => {
    const certDir = tempDir('smtp-cert');
    const certFile = path.join(certDir, 'cert.pem');
    const keyFile = path.join(certDir, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', keyFile, '-out', certFile],
      {
        stdio: 'ignore',
      },
    );
    const tlsSink = await startTestSmtpSink({ starttls: { certFile, keyFile } });
    try {
      const made = await call('POST', '/api/notifications/channels', {
        name: 'mail self-signed',
        kind: 'email',
        settings: {
          host: '127.0.0.1',
          port: tlsSink.port,
          security: 'starttls',
          from: 'otto@otternauts.test',
          to: ['ops@otternauts.test'],
        },
      });
      expect(made.status).toBe(201);
      const res = await call('POST', `/api/notifications/channels/${made.body.id}/test`);
      expect(res.body.status).toBe('failed');
      expect(res.body.lastError).toMatch(/self-signed|certificate/i);
      expect(tlsSink.messages()).toHaveLength(0);
    } finally {
      await tlsSink.close();
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it('should never write a secret to the log', () => {
    const log = t.logs.join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const s of secrets) expect(log).not.toContain(s);
  });
});
