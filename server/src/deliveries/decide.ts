import type { DeliverySource, HookEvent, SignatureVerdict, StackTarget } from './delivery.types.js';
import { pushedRef, ZERO_SHA } from './git-refs.js';
import { reasons } from './reasons.js';
import { tagMatches } from './tag-pattern.js';

export interface DecisionInput {
  source: DeliverySource;
  signature: SignatureVerdict;
  /** the header the provider signs with, for the "missing" reason */
  signatureHeader: string;
  /** when this delivery id was first received with a valid signature; null if never */
  firstReceived: Date | null;
  event: HookEvent;
  stack: StackTarget;
  /** repository paths whose change redeploys; consulted only when the payload lists changed files */
  watchedPaths: string[] | null;
  /** the commit of the stack's newest succeeded deployment */
  deployedCommit: string | null;
}

export type Verdict =
  | { decision: 'rejected' | 'duplicate' | 'ignored'; reason: string }
  | { decision: 'queued'; reason: string; commit: string; deployRef: string };

/** True when a change to `path` touches one of the watched paths ('' is the whole repository, `dir/` a folder). */
export function watches(watched: string[], path: string): boolean {
  return watched.some((w) => w === '' || (w.endsWith('/') ? path.startsWith(w) : path === w));
}

/**
 * Whether a delivery deploys, and why not: the order is the order of the questions a person
 * asks (is it really from my Git host? did I see it already? is it a push? ...), and the
 * first "no" is the reason given.
 */
export function decide(input: DecisionInput): Verdict {
  const { event, stack } = input;
  if (input.signature === 'invalid') return { decision: 'rejected', reason: reasons.signatureMismatch };
  if (input.signature === 'missing') return { decision: 'rejected', reason: reasons.signatureMissing(input.signatureHeader) };
  if (input.firstReceived) return { decision: 'duplicate', reason: reasons.duplicate(input.firstReceived) };
  if (event.event === 'ping') return { decision: 'ignored', reason: reasons.ping(stack.followed, stack.tagPattern, stack.autoDeploy) };
  if (!['push', 'tag_push', 'poll'].includes(event.event) || !event.ref || !event.after) {
    return { decision: 'ignored', reason: reasons.otherEvent(event.event) };
  }
  const pushed = pushedRef(event.ref);
  if (pushed.kind === 'other') return { decision: 'ignored', reason: reasons.notBranchOrTag(event.ref) };
  if (ZERO_SHA.test(event.after)) return { decision: 'ignored', reason: reasons.deleted(pushed.kind, pushed.name) };
  if (!stack.autoDeploy) return { decision: 'ignored', reason: reasons.autoDeployOff };

  if (pushed.kind === 'branch') {
    if (stack.followed.kind !== 'branch' || stack.followed.name !== pushed.name) {
      return { decision: 'ignored', reason: reasons.otherBranch(pushed.name, stack.followed) };
    }
  } else if (stack.tagPattern) {
    if (!tagMatches(stack.tagPattern, pushed.name))
      return { decision: 'ignored', reason: reasons.tagMismatch(pushed.name, stack.tagPattern) };
  } else if (stack.followed.kind !== 'tag' || stack.followed.name !== pushed.name) {
    // a tag the stack is pinned to may be moved (force-pushed): that is the stack's own ref
    return { decision: 'ignored', reason: reasons.tagWithoutPattern(pushed.name, stack.followed) };
  }

  if (input.deployedCommit === event.after) return { decision: 'ignored', reason: reasons.alreadyDeployed(event.after) };
  if (event.changedFiles && input.watchedPaths && !event.changedFiles.some((p) => watches(input.watchedPaths!, p))) {
    return { decision: 'ignored', reason: reasons.noChangeUnder(input.watchedPaths) };
  }
  return { decision: 'queued', reason: reasons.queued(event.after, pushed.name), commit: event.after, deployRef: pushed.name };
}
