import { describe, expect, it } from '@jest/globals';
import type { EventView } from '../events/event.types.js';
import { noticeOf, summaryOf, testNotice } from './notice.js';
import { discordBody, emailMessage, ntfyBody, renderPayload, slackBody, webhookBody } from './payloads.js';

const event = (over: Partial<EventView>): EventView => ({
  id: 'ev1',
  at: new Date('2026-12-02T02:30:00Z'),
  kind: 'deploy.failed',
  severity: 'error',
  message: 'Deploy of shop version 3 failed: Service web is unhealthy: curl: (7) Failed to connect',
  stackId: 'stk1',
  stackName: 'shop',
  service: null,
  serverId: null,
  serverName: null,
  deploymentId: 'dep1',
  incidentKey: null,
  phase: null,
  actor: 'push',
  details: {
    version: 3,
    trigger: 'push',
    commit: { sha: '4f2a9c1e0b7d3a5f9e8c7b6a5d4c3b2a1f0e9d8c', subject: 'Bump the cart' },
    reason: 'Service web is unhealthy: curl: (7) Failed to connect',
  },
  ...over,
});

const failed = event({});
const degraded = event({
  id: 'ev2',
  kind: 'service.degraded',
  severity: 'warning',
  message: 'shop_web runs 1 of 2 replicas.',
  service: 'shop_web',
  serverName: 'node-2',
  deploymentId: null,
  incidentKey: 'service.degraded:shop_web',
  phase: 'open',
  details: {},
});
const recovered = event({
  ...degraded,
  id: 'ev3',
  kind: 'service.recovered',
  severity: 'success',
  message: 'shop_web runs all 2 replicas again.',
  phase: 'resolved',
});

describe('noticeOf', () => {
  it('should name stack, version, commit, trigger and reason of a failed deploy, with a dashboard link', () => {
    const n = noticeOf(failed, 'https://mc.example.com/');
    expect(n.type).toBe('event');
    expect(n.title).toBe('Deploy of shop failed (version 3)');
    expect(n.text).toBe('Otto spotted trouble. Deploy of shop version 3 failed: Service web is unhealthy: curl: (7) Failed to connect');
    expect(n.facts).toEqual([
      { label: 'Stack', value: 'shop' },
      { label: 'Version', value: '3' },
      { label: 'Commit', value: '4f2a9c1 Bump the cart' },
      { label: 'Trigger', value: 'push' },
      { label: 'Reason', value: 'Service web is unhealthy: curl: (7) Failed to connect' },
    ]);
    expect(n.link).toBe('https://mc.example.com/stacks/stk1');
  });

  it('should mark incidents and resolutions and leave the link out without a public URL', () => {
    expect(noticeOf(degraded)).toMatchObject({ type: 'incident', title: 'shop_web is degraded', link: null });
    expect(noticeOf({ ...degraded, details: { running: 1, desired: 2 } }).facts).toEqual([
      { label: 'Stack', value: 'shop' },
      { label: 'Service', value: 'shop_web' },
      { label: 'Server', value: 'node-2' },
      { label: 'Replicas', value: '1 of 2 running' },
    ]);
    expect(noticeOf(recovered)).toMatchObject({
      type: 'resolved',
      title: 'shop_web recovered',
      text: 'Good news from Otto. shop_web runs all 2 replicas again.',
    });
    const server = noticeOf(
      event({ kind: 'server.unreachable', stackId: null, stackName: null, serverName: 'node-3', details: {} }),
      'https://mc.example.com',
    );
    expect(server).toMatchObject({ title: 'Server node-3 is unreachable', link: 'https://mc.example.com/activity' });
    const cert = noticeOf(
      event({ kind: 'certificate.problem', severity: 'warning', incidentKey: 'certificate.problem:shop.example.com', details: {} }),
    );
    expect(cert.title).toBe('Certificate problem for shop.example.com');
    expect(cert.facts).toContainEqual({ label: 'Domain', value: 'shop.example.com' });
  });

  it('should read a commit given as a plain sha', () => {
    const n = noticeOf(event({ details: { version: 4, commit: 'abcdef0123456789' } }));
    expect(n.facts).toContainEqual({ label: 'Commit', value: 'abcdef0' });
  });
});

describe('summaryOf', () => {
  it('should count what was held and say where it stands now', () => {
    const n = summaryOf([degraded, recovered, degraded, recovered], 300);
    expect(n.type).toBe('summary');
    expect(n.severity).toBe('success');
    expect(n.title).toBe('shop_web kept changing: 4 changes in the quiet period');
    expect(n.text).toBe(
      'Otto held back 4 notifications about shop_web to spare you a storm (quiet period: 5 minutes): ' +
        'shop_web is degraded 2 times, shop_web recovered 2 times. Right now it is fine: shop_web runs all 2 replicas again.',
    );
    expect(summaryOf([degraded], 30).text).toContain(
      '(quiet period: 30 seconds): shop_web is degraded 1 time. Right now it is still a problem',
    );
  });
});

describe('channel payloads', () => {
  const n = noticeOf(failed, 'https://mc.example.com');

  it('webhook: the notice and the events, as JSON', () => {
    const body = webhookBody(n) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'event',
      kind: 'deploy.failed',
      severity: 'error',
      title: 'Deploy of shop failed (version 3)',
      link: 'https://mc.example.com/stacks/stk1',
      at: '2026-12-02T02:30:00.000Z',
    });
    expect(body.events).toEqual([
      expect.objectContaining({
        id: 'ev1',
        kind: 'deploy.failed',
        stackName: 'shop',
        deploymentId: 'dep1',
        details: failed.details,
        at: '2026-12-02T02:30:00.000Z',
      }),
    ]);
    expect(JSON.parse(renderPayload('webhook', n, {}))).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('slack: a fallback text, a header, the facts as fields and the link', () => {
    const body = slackBody(noticeOf(event({ message: 'Deploy failed: <b> & co' }), 'https://mc.example.com')) as {
      text: string;
      blocks: Record<string, unknown>[];
    };
    expect(body.text).toBe('🚨 Deploy of shop failed (version 3)\nOtto spotted trouble. Deploy failed: <b> & co');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🚨 Deploy of shop failed (version 3)', emoji: true },
    });
    expect(body.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Otto spotted trouble. Deploy failed: &lt;b&gt; &amp; co' },
    });
    expect((body.blocks[2] as { fields: unknown[] }).fields[0]).toEqual({ type: 'mrkdwn', text: '*Stack*\nshop' });
    expect(body.blocks[3]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://mc.example.com/stacks/stk1|Open in Mission Control>' }],
    });
  });

  it('discord: content, one red embed with fields, and no mentions', () => {
    const body = discordBody(n) as { content: string; allowed_mentions: unknown; embeds: Record<string, unknown>[] };
    expect(body.content).toBe('🚨 Deploy of shop failed (version 3)');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]).toMatchObject({
      title: 'Deploy of shop failed (version 3)',
      color: 0xd93f3f,
      url: 'https://mc.example.com/stacks/stk1',
      timestamp: '2026-12-02T02:30:00.000Z',
    });
    expect(body.embeds[0].fields).toContainEqual({ name: 'Version', value: '3', inline: true });
  });

  it('ntfy: topic, title, message with the facts, priority, tags and click', () => {
    expect(ntfyBody(n, { server: 'https://ntfy.sh', topic: 'ops' })).toEqual({
      topic: 'ops',
      title: 'Deploy of shop failed (version 3)',
      message: [
        'Otto spotted trouble. Deploy of shop version 3 failed: Service web is unhealthy: curl: (7) Failed to connect',
        'Stack: shop',
        'Version: 3',
        'Commit: 4f2a9c1 Bump the cart',
        'Trigger: push',
        'Reason: Service web is unhealthy: curl: (7) Failed to connect',
      ].join('\n'),
      priority: 5,
      tags: ['rotating_light'],
      click: 'https://mc.example.com/stacks/stk1',
    });
  });

  it('email: the subject names stack and version, the body the reason', () => {
    const mail = emailMessage(n, {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      from: 'otto@example.com',
      to: ['ops@example.com'],
    });
    expect(mail.subject).toBe('[Otternauts] Deploy of shop failed (version 3)');
    expect(mail.from).toBe('otto@example.com');
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.text.split('\n')).toEqual([
      'Otto spotted trouble. Deploy of shop version 3 failed: Service web is unhealthy: curl: (7) Failed to connect',
      '',
      'Stack:   shop',
      'Version: 3',
      'Commit:  4f2a9c1 Bump the cart',
      'Trigger: push',
      'Reason:  Service web is unhealthy: curl: (7) Failed to connect',
      '',
      'Open in Mission Control: https://mc.example.com/stacks/stk1',
      '',
      '2026-12-02T02:30:00.000Z · Otternauts Mission Control',
    ]);
  });

  it('test: names the channel it went through', () => {
    const t = testNotice('ops hook', new Date('2026-12-02T02:00:00Z'));
    expect(JSON.parse(renderPayload('webhook', t, {}))).toMatchObject({
      type: 'test',
      kind: 'notification.test',
      title: 'Test notification from channel ops hook',
      events: [],
    });
  });
});
