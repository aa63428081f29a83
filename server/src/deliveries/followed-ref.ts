import type { Repository } from '../generated/prisma/client.js';
import type { GitService, RemoteRefs } from '../git/git.service.js';
import type { FollowedRef } from './delivery.types.js';

const ABBREVIATED_SHA = /^[0-9a-f]{7,64}$/i;
/** The webhook answers within a second: a mirror that must first be cloned is not waited for. */
const MIRROR_LOOKUP_MS = 500;

/**
 * Whether the stack's ref is a branch, a tag or a commit, asked of the local mirror (no
 * network: the webhook answers within a second). A branch wins over a tag of the same name,
 * as in resolveRef; a name the mirror does not know yet is taken as a branch.
 */
export function followedInMirror(git: GitService, repo: Repository, gitRef: string, waitMs = MIRROR_LOOKUP_MS): Promise<FollowedRef> {
  const guess = new Promise<FollowedRef>((resolve) => setTimeout(() => resolve({ kind: 'branch', name: gitRef }), waitMs).unref());
  return Promise.race([lookUp(git, repo, gitRef), guess]);
}

async function lookUp(git: GitService, repo: Repository, gitRef: string): Promise<FollowedRef> {
  const exists = (ref: string) =>
    git.resolveRef(repo, ref).then(
      () => true,
      () => false,
    );
  if (await exists(`refs/heads/${gitRef}`)) return { kind: 'branch', name: gitRef };
  if (await exists(`refs/tags/${gitRef}`)) return { kind: 'tag', name: gitRef };
  if (ABBREVIATED_SHA.test(gitRef) && (await git.hasCommit(repo, gitRef).catch(() => false))) return { kind: 'commit', name: gitRef };
  return { kind: 'branch', name: gitRef };
}

/** The same question asked of what the remote announces; null when it has no such branch or tag. */
export function followedOnRemote(refs: RemoteRefs, gitRef: string): FollowedRef | null {
  if (refs.refs.has(`refs/heads/${gitRef}`)) return { kind: 'branch', name: gitRef };
  if (refs.refs.has(`refs/tags/${gitRef}`)) return { kind: 'tag', name: gitRef };
  if (ABBREVIATED_SHA.test(gitRef)) return { kind: 'commit', name: gitRef };
  return null;
}

/** The commit a remote ref points at; an annotated tag is peeled to its commit when the remote says. */
export function remoteCommit(refs: RemoteRefs, ref: string): string | null {
  return refs.refs.get(`${ref}^{}`) ?? refs.refs.get(ref) ?? null;
}
