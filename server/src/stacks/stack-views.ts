import type { Deployment, RegistryCredential, Repository, Stack } from '../generated/prisma/client.js';
import type { CommitInfoDto, StackSourceViewDto } from './source.dto.js';

/** A git stack's source as the API shows it; null for a pasted stack. */
export function sourceView(
  stack: Stack,
  repository: Repository | null,
  buildRegistry: Pick<RegistryCredential, 'id' | 'registryUrl'> | null = null,
): StackSourceViewDto | null {
  if (!stack.repositoryId || !repository || stack.gitRef === null || stack.composePath === null) return null;
  return {
    repositoryId: repository.id,
    repositoryName: repository.name,
    url: repository.url,
    ref: stack.gitRef,
    path: stack.composePath,
    tagPattern: stack.tagPattern,
    pollIntervalSeconds: stack.pollIntervalSeconds,
    autoDeploy: stack.autoDeploy,
    buildRegistryId: buildRegistry?.id ?? null,
    buildRegistryUrl: buildRegistry?.registryUrl ?? null,
  };
}

export function commitView(
  d: Pick<Deployment, 'commitSha' | 'commitSubject' | 'commitAuthor' | 'commitTime' | 'createdAt'>,
): CommitInfoDto | null {
  if (!d.commitSha) return null;
  return { sha: d.commitSha, subject: d.commitSubject ?? '', author: d.commitAuthor ?? '', time: d.commitTime ?? d.createdAt };
}

/** The commit a stack runs: its newest succeeded deployment's, else its newest deployment's. */
export function currentCommit(succeeded: Deployment | null, newest: Deployment | null): CommitInfoDto | null {
  const d = succeeded ?? newest;
  return d ? commitView(d) : null;
}
