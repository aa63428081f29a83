import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HookProvider, SignatureVerdict } from './delivery.types.js';
import { header } from './hook-headers.js';

/** The header each provider signs with, for messages and setup text. */
export const SIGNATURE_HEADER: Record<HookProvider, string> = {
  github: 'X-Hub-Signature-256',
  gitlab: 'X-Gitlab-Token',
  gitea: 'X-Gitea-Signature',
  forgejo: 'X-Forgejo-Signature',
  generic: 'X-Otternauts-Signature',
};

export function hmacSha256(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** Hex digests compared as bytes: a wrong length or a non-hex character is a mismatch, never a throw. */
function sameDigest(givenHex: string, expected: Buffer): boolean {
  if (!/^[0-9a-f]+$/i.test(givenHex) || givenHex.length !== expected.length * 2) return false;
  return timingSafeEqual(Buffer.from(givenHex, 'hex'), expected);
}

/**
 * GitLab sends the secret itself. Comparing SHA-256 digests of both gives timingSafeEqual
 * equal lengths, so the comparison time does not even tell the secret's length.
 */
function sameToken(given: string, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * The verdict on a request's signature over its RAW body (the bytes the Git host signed;
 * re-serialised JSON would differ). Every comparison takes constant time.
 */
export function verifySignature(provider: HookProvider, headers: IncomingHttpHeaders, rawBody: Buffer, secret: string): SignatureVerdict {
  const given = header(headers, SIGNATURE_HEADER[provider].toLowerCase())?.trim();
  if (!given) return 'missing';
  const expected = hmacSha256(secret, rawBody);
  switch (provider) {
    case 'gitlab':
      return sameToken(given, secret) ? 'valid' : 'invalid';
    case 'gitea':
    case 'forgejo':
      return sameDigest(given, expected) ? 'valid' : 'invalid';
    case 'github':
    case 'generic':
      return given.startsWith('sha256=') && sameDigest(given.slice('sha256='.length), expected) ? 'valid' : 'invalid';
  }
}
