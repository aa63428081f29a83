// What the previews suite sends and looks at: GitHub's `pull_request` deliveries in the shape
// GitHub sends them (the repository objects of base and head, a fork's own repository, the
// before/after of a synchronize, merged on close) signed over the raw body; the head commit
// published under refs/pull/N/head as GitHub does; and the Swarm's own view on the manager
// (stacks, networks, services), read with the docker CLI there.
import { randomUUID } from 'node:crypto';
import { nodeExec } from '../testbed/testbed.js';
import type { WorkClone } from './git-servers.js';
import { waitFor } from './mission-control.js';
import { githubRequest, type HookRequest } from './webhooks.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'closed' | 'edited' | 'labeled';

export interface PullRequestInfo {
  action: PullRequestAction;
  number: number;
  title: string;
  /** the request's branch, in the repository it comes from */
  headRef: string;
  headSha: string;
  /** the head before a synchronize */
  before?: string;
  baseRef: string;
  baseSha: string;
  /** owner/name of the repository the request is made to */
  fullName: string;
  /** owner/name of the repository the head lives in; another one for a fork's request */
  headFullName?: string;
  cloneUrl: string;
  /** closed: merged (true) or closed without merging */
  merged?: boolean;
}

const SENDER = { login: 'otto', id: 4242, node_id: 'U_kgDOtest', type: 'User', site_admin: false };
const BASE_REPO_ID = 424242;

function repository(fullName: string, cloneUrl: string, id: number, fork: boolean) {
  const [owner, name] = fullName.split('/');
  return {
    id,
    node_id: `R_kgDO${id}`,
    name,
    full_name: fullName,
    private: !fork,
    owner: { login: owner, id: id + 1, type: 'User', site_admin: false },
    html_url: `https://github.example.test/${fullName}`,
    description: 'the shop — Élan edition',
    fork,
    url: `https://api.github.example.test/repos/${fullName}`,
    clone_url: cloneUrl,
    ssh_url: cloneUrl,
    default_branch: 'main',
    visibility: fork ? 'public' : 'private',
  };
}

/** The body GitHub sends for a `pull_request` event (the fields of its documented example, abridged). */
export function githubPullRequestPayload(p: PullRequestInfo) {
  const fork = p.headFullName !== undefined && p.headFullName !== p.fullName;
  const base = repository(p.fullName, p.cloneUrl, BASE_REPO_ID, false);
  const head = fork ? repository(p.headFullName!, `https://github.example.test/${p.headFullName}.git`, 515151, true) : base;
  const now = new Date().toISOString();
  const closed = p.action === 'closed';
  const merged = closed && p.merged === true;
  const api = `https://api.github.example.test/repos/${p.fullName}`;
  return {
    action: p.action,
    number: p.number,
    ...(p.action === 'synchronize' ? { before: p.before, after: p.headSha } : {}),
    pull_request: {
      url: `${api}/pulls/${p.number}`,
      id: 900_000 + p.number,
      node_id: `PR_kwDOtest${p.number}`,
      html_url: `https://github.example.test/${p.fullName}/pull/${p.number}`,
      diff_url: `https://github.example.test/${p.fullName}/pull/${p.number}.diff`,
      number: p.number,
      state: closed ? 'closed' : 'open',
      locked: false,
      title: p.title,
      user: fork ? { ...SENDER, login: head.owner.login, id: head.owner.id } : SENDER,
      body: 'Preview, please — merci.',
      created_at: now,
      updated_at: now,
      closed_at: closed ? now : null,
      merged_at: merged ? now : null,
      merge_commit_sha: merged ? p.headSha : null,
      assignees: [],
      requested_reviewers: [],
      labels: [],
      draft: false,
      head: { label: `${head.owner.login}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: head.owner, repo: head },
      base: { label: `${base.owner.login}:${p.baseRef}`, ref: p.baseRef, sha: p.baseSha, user: base.owner, repo: base },
      author_association: fork ? 'CONTRIBUTOR' : 'OWNER',
      merged,
      mergeable: null,
      mergeable_state: 'unknown',
      merged_by: merged ? SENDER : null,
      comments: 0,
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1,
    },
    repository: base,
    sender: fork ? { ...SENDER, login: head.owner.login, id: head.owner.id } : SENDER,
  };
}

/**
 * A GitHub `pull_request` delivery: the headers GitHub sets and X-Hub-Signature-256 over the
 * exact bytes sent (pretty-printed, non-ASCII: a receiver must hash the raw body).
 */
export function githubPullRequest(secret: string, p: PullRequestInfo, deliveryId: string = randomUUID()): HookRequest {
  return githubRequest(secret, 'pull_request', JSON.stringify(githubPullRequestPayload(p), null, 2), deliveryId);
}

/**
 * What GitHub does when a request is opened or pushed to: its head commit is published in the
 * base repository as refs/pull/N/head (forced: a push to the request may rewrite it).
 */
export async function publishRequestHead(clone: WorkClone, pushEnv: Record<string, string>, n: number, sha: string): Promise<void> {
  await clone.run(['push', '-q', '--force', 'origin', `${sha}:refs/pull/${n}/head`], pushEnv);
}

// ---------------------------------------------------------------- the Swarm, seen on the manager

async function lines(manager: string, cmd: string[]): Promise<string[]> {
  const r = await nodeExec(manager, cmd);
  if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${manager}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** `docker stack ls`: the stacks' names. */
export const swarmStacks = (manager: string) => lines(manager, ['docker', 'stack', 'ls', '--format', '{{.Name}}']);

/** `docker network ls`: every network's name (the stacks' overlay networks are <stack>_<name>). */
export const swarmNetworks = (manager: string) => lines(manager, ['docker', 'network', 'ls', '--format', '{{.Name}}']);

/** `docker service ls`: the services' names. */
export const swarmServices = (manager: string) => lines(manager, ['docker', 'service', 'ls', '--format', '{{.Name}}']);

/** The running tasks of a service, from `docker service ps` (desired state running, current state Running). */
export async function runningTasks(manager: string, service: string): Promise<number> {
  const states = await lines(manager, [
    'docker',
    'service',
    'ps',
    '--filter',
    'desired-state=running',
    '--format',
    '{{.CurrentState}}',
    service,
  ]);
  return states.filter((s) => s.startsWith('Running')).length;
}

/** Waits until the stack, its services and its networks are all gone from the manager. */
export function swarmForgets(manager: string, stack: string, timeoutMs = 90_000) {
  return waitFor(
    `${stack} gone from the Swarm`,
    async () => {
      const left = [
        ...(await swarmStacks(manager)).filter((s) => s === stack),
        ...(await swarmServices(manager)).filter((s) => s.startsWith(`${stack}_`)),
        ...(await swarmNetworks(manager)).filter((n) => n.startsWith(`${stack}_`)),
      ];
      return left.length === 0 ? true : undefined;
    },
    timeoutMs,
    1000,
  );
}

// ---------------------------------------------------------------- Mission Control's previews API

export function previewsApi(api: Api) {
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await api(method, route, body);
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${res.text}`);
    return res.body;
  };
  const list = (stackId: string): Promise<any[]> => call('GET', `/api/stacks/${stackId}/previews`);
  return {
    list,
    settings: (stackId: string, body: { enabled?: boolean; allowForks?: boolean; limit?: number }) =>
      call('PUT', `/api/stacks/${stackId}/previews/settings`, body),
    /** The stacks Mission Control lists, by name. */
    stackNames: async (): Promise<string[]> => ((await call('GET', '/api/stacks')) as { name: string }[]).map((s) => s.name),
    /** Waits for the request's preview to be listed with `check` true of it. */
    listed: (stackId: string, n: number, what: string, check: (p: any) => boolean = () => true, timeoutMs = 120_000) =>
      waitFor(
        what,
        async () => {
          const p = (await list(stackId)).find((x) => x.number === n);
          return p && check(p) ? p : undefined;
        },
        timeoutMs,
        500,
      ),
  };
}
