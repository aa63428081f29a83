// Webhook requests exactly as the Git hosts send them: the same headers, a push payload of
// the provider's shape, and the signature over the raw bytes of the body. The bodies are
// pretty-printed and carry non-ASCII text on purpose: a receiver that re-serialises the
// parsed JSON instead of hashing the raw body computes a different HMAC and fails.
import { createHmac, randomUUID } from 'node:crypto';

export interface HookCommit {
  sha: string;
  subject: string;
  added: string[];
  removed: string[];
  modified: string[];
}

export interface PushInfo {
  /** full ref, refs/heads/main */
  ref: string;
  before: string;
  after: string;
  /** owner/name as the host shows it */
  fullName: string;
  cloneUrl: string;
  commits: HookCommit[];
}

export interface HookRequest {
  headers: Record<string, string>;
  /** the exact bytes signed and sent */
  body: string;
  deliveryId: string;
}

const hmac = (algorithm: 'sha1' | 'sha256', secret: string, body: string) =>
  createHmac(algorithm, secret).update(body, 'utf8').digest('hex');

const AUTHOR = { name: 'Otto Tester Élan', email: 'otto@otternauts.test', username: 'otto' };
const NULL_SHA = '0000000000000000000000000000000000000000';

function githubPayload(p: PushInfo) {
  const [owner, name] = p.fullName.split('/');
  const commits = p.commits.map((c) => ({
    id: c.sha,
    tree_id: c.sha.split('').reverse().join(''),
    distinct: true,
    message: c.subject,
    timestamp: new Date().toISOString(),
    url: `https://github.example.test/${p.fullName}/commit/${c.sha}`,
    author: AUTHOR,
    committer: AUTHOR,
    added: c.added,
    removed: c.removed,
    modified: c.modified,
  }));
  return {
    ref: p.ref,
    before: p.before,
    after: p.after,
    repository: {
      id: 424242,
      node_id: 'R_kgDOtest',
      name,
      full_name: p.fullName,
      private: true,
      owner: { name: owner, login: owner, id: 4242, type: 'User' },
      html_url: `https://github.example.test/${p.fullName}`,
      clone_url: p.cloneUrl,
      ssh_url: p.cloneUrl,
      default_branch: 'main',
      master_branch: 'main',
    },
    pusher: { name: AUTHOR.username, email: AUTHOR.email },
    sender: { login: AUTHOR.username, id: 4242, type: 'User' },
    created: p.before === NULL_SHA,
    deleted: p.after === NULL_SHA,
    forced: false,
    base_ref: null,
    compare: `https://github.example.test/${p.fullName}/compare/${p.before.slice(0, 12)}...${p.after.slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
  };
}

/** A GitHub `push` delivery (X-Hub-Signature-256: sha256=<hex HMAC of the raw body>). */
export function githubPush(secret: string, p: PushInfo, deliveryId: string = randomUUID()): HookRequest {
  return githubRequest(secret, 'push', JSON.stringify(githubPayload(p), null, 2), deliveryId);
}

/** GitHub's `ping`, sent once when a webhook is created. */
export function githubPing(secret: string, fullName: string): HookRequest {
  const body = JSON.stringify(
    {
      zen: 'Approachable is better than simple.',
      hook_id: 4711,
      hook: { type: 'Repository', id: 4711, active: true, events: ['push'] },
      repository: { full_name: fullName },
    },
    null,
    2,
  );
  return githubRequest(secret, 'ping', body, randomUUID());
}

/** The headers GitHub sets on a delivery, signed over the exact bytes of `body`. */
export function githubRequest(secret: string, event: string, body: string, deliveryId: string): HookRequest {
  return {
    body,
    deliveryId,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/e2e0test',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': '4711',
      'x-github-hook-installation-target-id': '424242',
      'x-github-hook-installation-target-type': 'repository',
      'x-hub-signature': `sha1=${hmac('sha1', secret, body)}`,
      'x-hub-signature-256': `sha256=${hmac('sha256', secret, body)}`,
    },
  };
}

/**
 * A Gitea `push` delivery with the headers Gitea sets (services/webhook/deliver.go): its own
 * X-Gitea-* (signature: bare hex HMAC-SHA256), the same for Gogs, and GitHub-compatible
 * X-GitHub-Event / X-Hub-Signature-256 as well; a receiver must still know it is Gitea.
 */
export function giteaPush(secret: string, p: PushInfo, deliveryId: string = randomUUID()): HookRequest {
  const [owner, name] = p.fullName.split('/');
  const commits = p.commits.map((c) => ({
    id: c.sha,
    message: `${c.subject}\n`,
    url: `https://gitea.example.test/${p.fullName}/commit/${c.sha}`,
    author: AUTHOR,
    committer: AUTHOR,
    verification: null,
    timestamp: new Date().toISOString(),
    added: c.added,
    removed: c.removed,
    modified: c.modified,
  }));
  const body = JSON.stringify(
    {
      ref: p.ref,
      before: p.before,
      after: p.after,
      compare_url: `https://gitea.example.test/${p.fullName}/compare/${p.before}...${p.after}`,
      commits,
      total_commits: commits.length,
      head_commit: commits.at(-1) ?? null,
      repository: {
        id: 17,
        owner: { id: 3, login: owner, username: owner },
        name,
        full_name: p.fullName,
        private: true,
        html_url: `https://gitea.example.test/${p.fullName}`,
        clone_url: p.cloneUrl,
        ssh_url: p.cloneUrl,
        default_branch: 'main',
      },
      pusher: { id: 3, login: AUTHOR.username, full_name: AUTHOR.name, email: AUTHOR.email },
      sender: { id: 3, login: AUTHOR.username, full_name: AUTHOR.name, email: AUTHOR.email },
    },
    null,
    2,
  );
  const sha256 = hmac('sha256', secret, body);
  return {
    body,
    deliveryId,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Go-http-client/1.1',
      'x-gitea-delivery': deliveryId,
      'x-gitea-event': 'push',
      'x-gitea-event-type': 'push',
      'x-gitea-signature': sha256,
      'x-gogs-delivery': deliveryId,
      'x-gogs-event': 'push',
      'x-gogs-event-type': 'push',
      'x-gogs-signature': sha256,
      'x-hub-signature': `sha1=${hmac('sha1', secret, body)}`,
      'x-hub-signature-256': `sha256=${sha256}`,
      'x-github-delivery': deliveryId,
      'x-github-event': 'push',
      'x-github-event-type': 'push',
    },
  };
}

export interface HookAnswer {
  status: number;
  body: any;
  text: string;
  /** how long the answer took (printed, never asserted) */
  ms: number;
}

/** POSTs the request as is (the body bytes exactly as signed). */
export async function sendHook(url: string, request: HookRequest): Promise<HookAnswer> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, text, ms };
}

/** The push payload for commits the work clone just pushed. */
export function pushInfo(opts: {
  branch: string;
  before: string | null;
  after: string;
  fullName: string;
  cloneUrl: string;
  commits: HookCommit[];
}): PushInfo {
  return {
    ref: `refs/heads/${opts.branch}`,
    before: opts.before ?? NULL_SHA,
    after: opts.after,
    fullName: opts.fullName,
    cloneUrl: opts.cloneUrl,
    commits: opts.commits,
  };
}
