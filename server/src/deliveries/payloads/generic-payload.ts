import type { IncomingHttpHeaders } from 'node:http';
import type { HookEvent } from '../delivery.types.js';
import { SHA, ZERO_SHA } from '../git-refs.js';
import { header } from '../hook-headers.js';
import { object, optionalText, PayloadError, text } from './payload-fields.js';

/**
 * Anything else (a CI job, a script): `{"ref": "refs/heads/main" | "main" | "refs/tags/v1", "after": "<full sha>"}`
 * signed with X-Otternauts-Signature. It carries no file list, so the path filter runs after the fetch.
 */
export function parseGeneric(headers: IncomingHttpHeaders, payload: unknown): HookEvent {
  const body = object(payload);
  const given = text(body, 'ref');
  const after = text(body, 'after');
  if (!SHA.test(after) && !ZERO_SHA.test(after)) throw new PayloadError('"after" must be the full commit id (40 hex characters)');
  return {
    event: 'push',
    deliveryId: header(headers, 'x-otternauts-delivery') ?? null,
    ref: given.startsWith('refs/') ? given : `refs/heads/${given}`,
    after: after.toLowerCase(),
    before: optionalText(body, 'before'),
    changedFiles: null,
  };
}
