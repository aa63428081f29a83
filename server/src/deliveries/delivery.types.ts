/** Who sent a delivery: a Git host's webhook, or Mission Control's own poll. */
export type HookProvider = 'github' | 'gitlab' | 'gitea' | 'forgejo' | 'generic';
export type DeliverySource = HookProvider | 'poll' | 'ttl';

/** valid | invalid | missing for webhooks; none for polls (nothing to sign). */
export type SignatureVerdict = 'valid' | 'invalid' | 'missing' | 'none';

export type DeliveryDecision =
  'queued' | 'deploying' | 'deployed' | 'removed' | 'ignored' | 'duplicate' | 'superseded' | 'rejected' | 'failed';

/** What a pull/merge request event means for its preview: open (or reopen), update (a push to it), close (or merge). */
export type PullRequestAction = 'open' | 'update' | 'close';

/** A pull request (GitHub, Gitea, Forgejo) or merge request (GitLab) event, in one shape. */
export interface PullRequestEvent {
  number: number;
  /** null: an action that does not change a preview (edited, labeled, approved...) */
  action: PullRequestAction | null;
  /** the provider's own word (synchronize, synchronized, update, merge...), for reasons */
  providerAction: string;
  headSha: string | null;
  /** the request's branch, in the repository it comes from (a fork's, perhaps) */
  headRef: string;
  title: string;
  /** the request comes from another repository than the one the stack deploys from */
  fork: boolean;
  /** the fork's name (owner/repo) when the provider says it, for reasons */
  headRepository: string | null;
  merged: boolean;
  /** where the provider keeps the head commit in the base repository: refs/pull/N/head, refs/merge-requests/N/head */
  fetchRef: string;
}

/** What a provider's payload says, in one shape for every provider (and for polls). */
export interface HookEvent {
  /** the provider's event name: push, ping, tag_push, Merge Request Hook... */
  event: string;
  /** the provider's delivery id: a redelivery repeats it */
  deliveryId: string | null;
  /** full ref name: refs/heads/main, refs/tags/v1.2 */
  ref: string | null;
  /** the commit the ref points at after the push (for tags: the commit, not the tag object) */
  after: string | null;
  before: string | null;
  /** paths the pushed commits touched; null when the payload cannot tell (list missing, truncated, forced) */
  changedFiles: string[] | null;
  /** set for pull/merge request events only */
  pullRequest?: PullRequestEvent;
}

/** The parts of a stack a decision reads. */
export interface StackTarget {
  id: string;
  /** the branch, tag or commit the stack follows, and which of them it is */
  followed: FollowedRef;
  tagPattern: string | null;
  autoDeploy: boolean;
}

export type FollowedRef = { kind: 'branch' | 'tag' | 'commit'; name: string };
