import { describe, expect, it } from '@jest/globals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { newSigningSecret, signBody } from './signature.js';
import { verifySignature } from './testing/webhook-receiver.js';

describe('signBody', () => {
  const body = '{"type":"incident","title":"shop_web is degraded"}';
  const secret = 'a-shared-secret-0123456789';

  it('should sign the raw body the way a receiver checks it with node:crypto', () => {
    const header = signBody(body, secret);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    // what the README tells a receiver to do
    const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(header), Buffer.from(expected))).toBe(true);
    expect(verifySignature(body, header, secret)).toBe(true);
  });

  it('should not verify with another secret or a changed body', () => {
    const header = signBody(body, secret);
    expect(verifySignature(body, header, 'another-secret-0123456789')).toBe(false);
    expect(verifySignature(`${body} `, header, secret)).toBe(false);
    expect(verifySignature(body, header.replace('sha256=', 'sha1='), secret)).toBe(false);
    expect(verifySignature(body, undefined, secret)).toBe(false);
  });

  it('should match a known HMAC-SHA256 test vector (RFC 4231 case 2)', () => {
    expect(signBody('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('should generate distinct 256-bit secrets', () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});
