import { createHash, randomBytes } from 'node:crypto';

/** Every API token starts so, which lets secret scanners (and people) recognise one. */
export const TOKEN_PREFIX = 'otn_';

/** sha256 hex: tokens and session cookies are 32 random bytes, so a fast hash is enough. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface NewToken {
  token: string;
  hash: string;
  /** the first 8 characters after the prefix, shown in lists */
  prefix: string;
}

export function newToken(): NewToken {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashOf(token), prefix: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8) };
}

/** A session cookie's value. */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}
