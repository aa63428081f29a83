import type { IncomingHttpHeaders } from 'node:http';
import type { HookEvent } from '../delivery.types.js';
import { ZERO_SHA } from '../git-refs.js';
import { header } from '../hook-headers.js';
import { object, optionalText, text, touchedPaths } from './payload-fields.js';
import { gitlabMergeRequest } from './pull-request-payload.js';

const EVENTS: Record<string, string> = { 'Push Hook': 'push', 'Tag Push Hook': 'tag_push' };

/**
 * GitLab's Push Hook, Tag Push Hook and Merge Request Hook (previews). GitLab lists at most 20 commits and says how many
 * there were in total_commits_count; `checkout_sha` is the commit a tag points at.
 * Redeliveries repeat Idempotency-Key (GitLab 17.4+); older versions only send X-Gitlab-Event-UUID.
 */
export function parseGitLab(headers: IncomingHttpHeaders, payload: unknown): HookEvent {
  const name = header(headers, 'x-gitlab-event') ?? '';
  const event = EVENTS[name] ?? name;
  const deliveryId = header(headers, 'idempotency-key') ?? header(headers, 'x-gitlab-event-uuid') ?? null;
  if (name === 'Merge Request Hook') return gitlabMergeRequest(deliveryId, payload);
  if (event !== 'push' && event !== 'tag_push') return { event, deliveryId, ref: null, after: null, before: null, changedFiles: null };
  const body = object(payload);
  const ref = text(body, 'ref');
  const after = text(body, 'after');
  const before = optionalText(body, 'before');
  const deleted = ZERO_SHA.test(after);
  const commits = Array.isArray(body.commits) ? body.commits : null;
  const total = typeof body.total_commits_count === 'number' ? body.total_commits_count : null;
  const complete =
    event === 'push' && commits !== null && total !== null && total <= commits.length && before !== null && !ZERO_SHA.test(before);
  return {
    event,
    deliveryId,
    ref,
    after: deleted ? after : (optionalText(body, 'checkout_sha') ?? after),
    before,
    changedFiles: complete ? touchedPaths(commits) : null,
  };
}
