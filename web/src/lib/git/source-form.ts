import type { MessageKey } from '#lib/i18n/index.ts';

/** What the "From a repository" form holds, as typed. */
export interface SourceDraft {
  repositoryId: string;
  ref: string;
  path: string;
  tagPattern: string;
  /** seconds, as typed: '' means the default */
  pollIntervalSeconds: string;
  autoDeploy: boolean;
  /** the registry built images are pushed to: a stored registry's id, '' for none */
  buildRegistryId: string;
  /** the one the stack had when the form opened ('' for none), so choosing none clears it */
  storedBuildRegistryId: string;
}

/** The `source` object Mission Control takes on POST /api/stacks, /validate and PUT /api/stacks/:id. */
export interface SourceBody {
  repositoryId: string;
  ref: string;
  path: string;
  tagPattern: string | null;
  pollIntervalSeconds: number;
  autoDeploy: boolean;
  /** absent: the stack builds nothing and never did; null: no longer build */
  buildRegistryId?: string | null;
}

export const DEFAULT_POLL_SECONDS = 60;
export const MIN_POLL_SECONDS = 10;
export const MAX_POLL_SECONDS = 86400;

export type SourceCheck = { ok: true; body: SourceBody } | { ok: false; field: keyof SourceBody; problem: MessageKey };

export function emptySourceDraft(): SourceDraft {
  return {
    repositoryId: '',
    ref: '',
    path: '',
    tagPattern: '',
    pollIntervalSeconds: String(DEFAULT_POLL_SECONDS),
    autoDeploy: true,
    buildRegistryId: '',
    storedBuildRegistryId: '',
  };
}

/**
 * Checks what Mission Control would refuse anyway, so the form can say which field before a
 * round trip (it checks again: this only saves a fetch of the repository).
 */
export function sourceBody(draft: SourceDraft): SourceCheck {
  if (draft.repositoryId === '') return { ok: false, field: 'repositoryId', problem: 'source.problem.repository' };
  const ref = draft.ref.trim();
  if (ref === '') return { ok: false, field: 'ref', problem: 'source.problem.ref' };
  const path = draft.path.trim();
  if (path === '') return { ok: false, field: 'path', problem: 'source.problem.path' };
  if (path.startsWith('/') || path.split('/').includes('..')) return { ok: false, field: 'path', problem: 'source.problem.pathOutside' };
  const typed = draft.pollIntervalSeconds.trim();
  const poll = typed === '' ? DEFAULT_POLL_SECONDS : Number(typed);
  if (!Number.isInteger(poll) || (poll !== 0 && (poll < MIN_POLL_SECONDS || poll > MAX_POLL_SECONDS))) {
    return { ok: false, field: 'pollIntervalSeconds', problem: 'source.problem.poll' };
  }
  const tagPattern = draft.tagPattern.trim();
  const body: SourceBody = {
    repositoryId: draft.repositoryId,
    ref,
    path,
    tagPattern: tagPattern === '' ? null : tagPattern,
    pollIntervalSeconds: poll,
    autoDeploy: draft.autoDeploy,
  };
  // Sent only when there is something to say, so a stack that never builds sends what it always did.
  if (draft.buildRegistryId !== '') body.buildRegistryId = draft.buildRegistryId;
  else if (draft.storedBuildRegistryId !== '') body.buildRegistryId = null;
  return { ok: true, body };
}

/** A stored source back into the form, to change it. */
export function draftFromSource(source: {
  repositoryId: string;
  ref: string;
  path: string;
  tagPattern?: string | null;
  pollIntervalSeconds?: number;
  autoDeploy?: boolean;
  buildRegistryId?: string | null;
}): SourceDraft {
  return {
    repositoryId: source.repositoryId,
    ref: source.ref,
    path: source.path,
    tagPattern: source.tagPattern ?? '',
    pollIntervalSeconds: String(source.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS),
    autoDeploy: source.autoDeploy ?? true,
    buildRegistryId: source.buildRegistryId ?? '',
    storedBuildRegistryId: source.buildRegistryId ?? '',
  };
}
