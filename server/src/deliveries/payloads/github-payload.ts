import type { IncomingHttpHeaders } from 'node:http';
import type { HookEvent } from '../delivery.types.js';
import { ZERO_SHA } from '../git-refs.js';
import { header } from '../hook-headers.js';
import { object, optionalText, text, touchedPaths, type Json } from './payload-fields.js';
import { hubPullRequest } from './pull-request-payload.js';

/** GitHub lists at most 2048 commits of a push; past that the list is cut. */
const GITHUB_MAX_COMMITS = 2048;

/**
 * GitHub's `ping` (sent when the webhook is created), `push` (branches and tags) and
 * `pull_request` (previews).
 * A tag push's `after` may be the annotated tag object; head_commit is the commit itself.
 */
export function parseGitHub(headers: IncomingHttpHeaders, payload: unknown): HookEvent {
  const event = header(headers, 'x-github-event') ?? '';
  const deliveryId = header(headers, 'x-github-delivery') ?? null;
  const none = { ref: null, after: null, before: null, changedFiles: null };
  if (event === 'pull_request') return hubPullRequest(event, deliveryId, payload);
  if (event !== 'push') return { event, deliveryId, ...none };
  const body = object(payload);
  const ref = text(body, 'ref');
  const after = text(body, 'after');
  const deleted = ZERO_SHA.test(after);
  const headCommit = optionalText(object(body.head_commit), 'id');
  return {
    event,
    deliveryId,
    ref,
    after: deleted ? after : (headCommit ?? after),
    before: optionalText(body, 'before'),
    changedFiles: trustedList(body) ? touchedPaths(body.commits) : null,
  };
}

/**
 * The commit list covers the change only for an ordinary push to an existing branch: a
 * forced push can remove what it does not list, a new branch or a tag lists only commits
 * new to the repository, and a long push is cut.
 */
function trustedList(body: Json): boolean {
  const commits = body.commits;
  return (
    typeof body.ref === 'string' &&
    body.ref.startsWith('refs/heads/') &&
    body.forced !== true &&
    body.created !== true &&
    Array.isArray(commits) &&
    commits.length < GITHUB_MAX_COMMITS
  );
}
