// What a webhook receiver does with the signing secret. Code, not prose: it is shown as it is,
// in every language, next to the translated note (notifications.secret.verify). A spec runs it.
export const SIGNATURE_HEADER = 'X-Otternauts-Signature';

export const VERIFY_EXAMPLE = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (bytes, before any JSON parsing)
// header: request.headers['x-otternauts-signature']; secret: the signing secret
export function verified(rawBody, header, secret) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
  return typeof header === 'string' && header.length === expected.length
    && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}`;
