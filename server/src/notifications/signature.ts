import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Otternauts-Signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the GitHub convention receivers already know how to check. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** 32 random bytes as hex: a receiver pastes it into its own configuration once. */
export function newSigningSecret(): string {
  return randomBytes(32).toString('hex');
}
