import type { IncomingHttpHeaders } from 'node:http';
import type { HookEvent, HookProvider } from '../delivery.types.js';
import { parseGeneric } from './generic-payload.js';
import { parseGitea } from './gitea-payload.js';
import { parseGitHub } from './github-payload.js';
import { parseGitLab } from './gitlab-payload.js';

export { PayloadError } from './payload-fields.js';

/** A provider's payload in the one shape decisions read. Throws PayloadError naming the field. */
export function parsePayload(provider: HookProvider, headers: IncomingHttpHeaders, payload: unknown): HookEvent {
  switch (provider) {
    case 'github':
      return parseGitHub(headers, payload);
    case 'gitlab':
      return parseGitLab(headers, payload);
    case 'gitea':
    case 'forgejo':
      return parseGitea(provider, headers, payload);
    case 'generic':
      return parseGeneric(headers, payload);
  }
}
