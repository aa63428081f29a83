import type { IncomingHttpHeaders } from 'node:http';
import type { HookProvider } from './delivery.types.js';

/** One header's value; a header sent twice is joined, so it can never pass as a single signature. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Which Git host sent a request, by the headers only it sends. Order matters: Forgejo also
 * sends Gitea's headers, and Gitea also sends GitHub's (X-GitHub-Event, X-Hub-Signature-256).
 * Anything else is the generic sender; without its signature header it is simply unsigned.
 */
export function detectProvider(headers: IncomingHttpHeaders): HookProvider {
  const has = (name: string) => headers[name] !== undefined;
  if (has('x-forgejo-event') || has('x-forgejo-signature')) return 'forgejo';
  if (has('x-gitea-event') || has('x-gitea-signature')) return 'gitea';
  if (has('x-gitlab-event') || has('x-gitlab-token')) return 'gitlab';
  if (has('x-github-event') || has('x-hub-signature-256')) return 'github';
  return 'generic';
}
