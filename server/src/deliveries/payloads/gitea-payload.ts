import type { IncomingHttpHeaders } from 'node:http';
import type { HookEvent } from '../delivery.types.js';
import { ZERO_SHA } from '../git-refs.js';
import { header } from '../hook-headers.js';
import { object, optionalText, text, touchedPaths } from './payload-fields.js';
import { hubPullRequest } from './pull-request-payload.js';

/**
 * Gitea's and Forgejo's push event (their payloads are the same; Forgejo also sends Gitea's
 * headers). `commits` may be cut to fewer than `total_commits`.
 */
export function parseGitea(provider: 'gitea' | 'forgejo', headers: IncomingHttpHeaders, payload: unknown): HookEvent {
  const event = header(headers, `x-${provider}-event`) ?? header(headers, 'x-gitea-event') ?? '';
  const deliveryId = header(headers, `x-${provider}-delivery`) ?? header(headers, 'x-gitea-delivery') ?? null;
  if (event === 'pull_request') return hubPullRequest(event, deliveryId, payload);
  if (event !== 'push') return { event, deliveryId, ref: null, after: null, before: null, changedFiles: null };
  const body = object(payload);
  const ref = text(body, 'ref');
  const after = text(body, 'after');
  const before = optionalText(body, 'before');
  const commits = Array.isArray(body.commits) ? body.commits : null;
  const total = typeof body.total_commits === 'number' ? body.total_commits : null;
  const complete =
    ref.startsWith('refs/heads/') &&
    commits !== null &&
    (total === null || total <= commits.length) &&
    before !== null &&
    !ZERO_SHA.test(before);
  const headCommit = optionalText(object(body.head_commit), 'id');
  return {
    event,
    deliveryId,
    ref,
    after: ZERO_SHA.test(after) ? after : (headCommit ?? after),
    before,
    changedFiles: complete ? touchedPaths(commits) : null,
  };
}
