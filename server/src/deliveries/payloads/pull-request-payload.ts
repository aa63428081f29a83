import type { HookEvent, PullRequestAction, PullRequestEvent } from '../delivery.types.js';
import { SHA } from '../git-refs.js';
import { object, PayloadError, text } from './payload-fields.js';

/** GitHub's words and Gitea's/Forgejo's (synchronized) for the actions that change a preview. */
const HUB_ACTIONS: Record<string, PullRequestAction> = {
  opened: 'open',
  reopened: 'open',
  synchronize: 'update',
  synchronized: 'update',
  closed: 'close',
};

/** GitLab's object_attributes.action values. */
const GITLAB_ACTIONS: Record<string, PullRequestAction> = {
  open: 'open',
  reopen: 'open',
  update: 'update',
  close: 'close',
  merge: 'close',
};

export function requestNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647)
    throw new PayloadError(`the payload has no "${field}" (the request's number)`);
  return value;
}

/** A head commit is deployed: only a full sha is taken, never something to be resolved. */
function headSha(value: unknown, field: string, needed: boolean): string | null {
  if (typeof value === 'string' && SHA.test(value)) return value.toLowerCase();
  if (needed) throw new PayloadError(`the payload has no "${field}" (the full commit id of the request's head)`);
  return null;
}

function projectId(value: unknown): string | null {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}

/** The id of a repository object ({id}), or of the field itself; null when absent (a deleted fork). */
function repositoryId(repo: unknown): number | string | null {
  const id = object(repo).id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}

/**
 * GitHub's pull_request event, and Gitea's and Forgejo's (the same shape; they say
 * "synchronized"). A fork: the head repository is not the base one, or is gone (a deleted fork).
 */
export function hubPullRequest(event: string, deliveryId: string | null, payload: unknown): HookEvent {
  const body = object(payload);
  const providerAction = text(body, 'action');
  const pr = object(body.pull_request);
  const number = requestNumber(pr.number ?? body.number, 'pull_request.number');
  const head = object(pr.head);
  const base = object(pr.base);
  const action = HUB_ACTIONS[providerAction] ?? null;
  const headRepoId = repositoryId(head.repo) ?? (head.repo_id as number | undefined) ?? null;
  const baseRepoId = repositoryId(base.repo) ?? (base.repo_id as number | undefined) ?? repositoryId(body.repository);
  const pullRequest: PullRequestEvent = {
    number,
    action,
    providerAction,
    headSha: headSha(head.sha, 'pull_request.head.sha', action === 'open' || action === 'update'),
    headRef: typeof head.ref === 'string' ? head.ref : '',
    title: typeof pr.title === 'string' ? pr.title : '',
    fork: headRepoId === null || baseRepoId === null || String(headRepoId) !== String(baseRepoId),
    headRepository: fullName(head.repo),
    merged: pr.merged === true,
    fetchRef: `refs/pull/${number}/head`,
  };
  return requestEvent(event, deliveryId, pullRequest);
}

/** GitLab's Merge Request Hook: a fork when the source project is not the target project. */
export function gitlabMergeRequest(deliveryId: string | null, payload: unknown): HookEvent {
  const body = object(payload);
  const attributes = object(body.object_attributes);
  const providerAction = typeof attributes.action === 'string' ? attributes.action : '';
  const number = requestNumber(attributes.iid, 'object_attributes.iid');
  const action = GITLAB_ACTIONS[providerAction] ?? null;
  const source = projectId(attributes.source_project_id);
  const target = projectId(attributes.target_project_id);
  const pullRequest: PullRequestEvent = {
    number,
    action,
    providerAction: providerAction || 'unnamed',
    headSha: headSha(object(attributes.last_commit).id, 'object_attributes.last_commit.id', action === 'open' || action === 'update'),
    headRef: typeof attributes.source_branch === 'string' ? attributes.source_branch : '',
    title: typeof attributes.title === 'string' ? attributes.title : '',
    fork: source === null || target === null || source !== target,
    headRepository: pathWithNamespace(attributes.source),
    merged: providerAction === 'merge' || attributes.state === 'merged',
    fetchRef: `refs/merge-requests/${number}/head`,
  };
  return requestEvent('Merge Request Hook', deliveryId, pullRequest);
}

function requestEvent(event: string, deliveryId: string | null, pullRequest: PullRequestEvent): HookEvent {
  return { event, deliveryId, ref: pullRequest.fetchRef, after: pullRequest.headSha, before: null, changedFiles: null, pullRequest };
}

function fullName(repo: unknown): string | null {
  const name = object(repo).full_name;
  return typeof name === 'string' ? name : null;
}

function pathWithNamespace(project: unknown): string | null {
  const name = object(project).path_with_namespace;
  return typeof name === 'string' ? name : null;
}
