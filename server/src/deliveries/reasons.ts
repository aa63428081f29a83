import type { FollowedRef } from './delivery.types.js';
import { shortSha } from './git-refs.js';

// Every sentence a delivery can end with. They are the body of the webhook's answer too, so
// they show in the Git host's delivery log: each says what happened and why, in one line.

export const reasons = {
  signatureMismatch: 'signature mismatch',
  signatureMissing: (header: string) => `signature missing: no ${header} header; set the secret in the Git host's webhook settings`,
  duplicate: (first: Date) => `duplicate delivery (first received ${first.toISOString().slice(11, 19)} UTC)`,
  otherEvent: (event: string) =>
    `ignored: ${event || 'unnamed'} events do not deploy; send push events (and pull or merge request events, for previews)`,
  notBranchOrTag: (ref: string) => `ignored: ${ref} is neither a branch nor a tag`,
  deleted: (kind: 'branch' | 'tag', name: string) => `ignored: ${kind} ${name} deleted`,
  autoDeployOff: 'ignored: auto-deploy is off for this stack',
  otherBranch: (branch: string, followed: FollowedRef) =>
    followed.kind === 'branch'
      ? `ignored: pushed to ${branch}, this stack follows ${followed.name}`
      : `ignored: pushed to ${branch}, this stack is pinned to ${pinned(followed)}`,
  tagMismatch: (tag: string, pattern: string) => `ignored: tag ${tag} does not match ${pattern}`,
  tagWithoutPattern: (tag: string, followed: FollowedRef) =>
    `ignored: tag ${tag} pushed, this stack ${followed.kind === 'branch' ? `follows ${followed.name}` : `is pinned to ${pinned(followed)}`} and has no tag pattern`,
  alreadyDeployed: (sha: string) => `ignored: ${shortSha(sha)} is already deployed`,
  noChangeUnder: (watched: string[]) => `ignored: no change under ${listed(watched)}`,
  queued: (sha: string, from: string) => `queued: deploying ${shortSha(sha)} from ${from}`,
  deploying: (sha: string, from: string, version: number) => `deploying ${shortSha(sha)} from ${from} as version ${version}`,
  deployed: (version: number) => `deployed as version ${version}`,
  superseded: (sha: string) => `superseded by ${shortSha(sha)}`,
  failed: (message: string) => `failed: ${message}`,
  unreachable: (message: string) => `repository unreachable: ${message}`,
  refGone: (name: string) => `failed: the repository has no branch or tag named ${name} any more`,
  malformed: (message: string) => `ignored: ${message}`,
  notGit: 'ignored: this stack no longer deploys from a repository',
  ping: (followed: FollowedRef, tagPattern: string | null, autoDeploy: boolean) =>
    `ping: webhook is set up; ${whatDeploys(followed, tagPattern, autoDeploy)}`,
};

function pinned(followed: FollowedRef): string {
  return followed.kind === 'commit' ? `commit ${shortSha(followed.name)}` : `tag ${followed.name}`;
}

function listed(paths: string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

function whatDeploys(followed: FollowedRef, tagPattern: string | null, autoDeploy: boolean): string {
  if (!autoDeploy) return 'auto-deploy is off for this stack, so pushes are recorded and ignored';
  const tags = tagPattern ? `tags matching ${tagPattern}` : null;
  if (followed.kind === 'branch') return `pushes to ${followed.name}${tags ? ` and ${tags}` : ''} will deploy`;
  if (tags) return `${tags} will deploy (this stack is pinned to ${pinned(followed)})`;
  return `this stack is pinned to ${pinned(followed)}, so pushes are recorded and ignored`;
}
