/** Who sent a delivery: a Git host's webhook, or Mission Control's own poll. */
export type HookProvider = 'github' | 'gitlab' | 'gitea' | 'forgejo' | 'generic';
export type DeliverySource = HookProvider | 'poll';

/** valid | invalid | missing for webhooks; none for polls (nothing to sign). */
export type SignatureVerdict = 'valid' | 'invalid' | 'missing' | 'none';

export type DeliveryDecision = 'queued' | 'deploying' | 'deployed' | 'ignored' | 'duplicate' | 'superseded' | 'rejected' | 'failed';

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
