import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deliveryKindLabel, deliveryLook, deliverySummary, isRetrying } from './deliveries.ts';
import { defaultEventKinds, eventChoices } from './event-choices.ts';
import { VERIFY_EXAMPLE } from './signature.ts';
import type { DeliveryView } from './types.ts';

function delivery(overrides: Partial<DeliveryView> = {}): DeliveryView {
  return {
    id: 'd1',
    channelId: 'ch1',
    kind: 'incident',
    eventIds: ['e1'],
    title: 'Service web of shop is degraded',
    status: 'sent',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    responseStatus: 204,
    createdAt: '2026-12-02T01:00:00.000Z',
    sentAt: '2026-12-02T01:00:01.000Z',
    ...overrides,
  };
}

describe('delivery looks', () => {
  it('should colour statuses by outcome and show an unknown one as it is', () => {
    expect(deliveryLook('sent')).toEqual({ label: 'notifications.delivery.sent', tone: 'good' });
    expect(deliveryLook('pending').tone).toBe('busy');
    expect(deliveryLook('failed').tone).toBe('bad');
    expect(deliveryLook('bounced')).toEqual({ label: null, tone: 'idle' });
    expect(deliveryKindLabel('summary')).toBe('notifications.deliveryKind.summary');
    expect(deliveryKindLabel('digest')).toBeNull();
  });

  it('should call only pending deliveries retrying', () => {
    expect(['pending', 'sent', 'failed'].filter((status) => isRetrying({ status }))).toEqual(['pending']);
  });

  it('should summarise the response code, attempts and error', () => {
    expect(deliverySummary(delivery())).toEqual({ status: 'notifications.delivery.sent', code: '204', attempts: 1, error: null });
    expect(deliverySummary(delivery({ status: 'failed', attempts: 5, responseStatus: null, lastError: 'connect ECONNREFUSED' }))).toEqual({
      status: 'notifications.delivery.failed',
      code: null,
      attempts: 5,
      error: 'connect ECONNREFUSED',
    });
    expect(deliverySummary(delivery({ lastError: '  ' })).error).toBeNull();
  });
});

describe('event choices', () => {
  it('should offer every problem with its resolution right after it, and not the test event', () => {
    const services = eventChoices().find((g) => g.group === 'services');
    expect(services?.kinds).toEqual([
      'service.degraded',
      'service.recovered',
      'service.unhealthy',
      'service.healthy',
      'service.crash_loop',
      'service.crash_loop_ended',
    ]);
    expect(eventChoices().flatMap((g) => g.kinds)).not.toContain('notification.test');
  });

  it('should describe the default as problems, their ends and failed deploys', () => {
    const kinds = defaultEventKinds();
    expect(kinds).toEqual(
      expect.arrayContaining(['deploy.failed', 'deploy.timed_out', 'disk.low', 'disk.ok', 'host_key.refused', 'certificate.ok']),
    );
    expect(kinds).not.toContain('deploy.started');
    expect(kinds).not.toContain('deploy.succeeded');
    expect(kinds).not.toContain('stack.changed');
  });
});

describe('the signature example', () => {
  // The example runs exactly as shown, from a file of its own: a page that tells people how
  // to verify must verify.
  const body = Buffer.from('{"kind":"deploy.failed"}');
  const secret = 'whsec_test';
  const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  let verified: (body: Buffer, header: unknown, secret: string) => boolean;

  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otn-verify-')), 'verify.mjs');
    fs.writeFileSync(file, VERIFY_EXAMPLE);
    ({ verified } = (await import(pathToFileURL(file).href)) as { verified: typeof verified });
  });

  it('should accept the signature Mission Control sends', () => {
    expect(verified(body, header, secret)).toBe(true);
  });

  it('should refuse another body, another secret or a missing header', () => {
    expect(verified(Buffer.from('{"kind":"deploy.succeeded"}'), header, secret)).toBe(false);
    expect(verified(body, header, 'other')).toBe(false);
    expect(verified(body, undefined, secret)).toBe(false);
    expect(verified(body, '', secret)).toBe(false);
  });
});
