import type { PullRequestEvent, SignatureVerdict } from '../deliveries/delivery.types.js';
import { reasons } from '../deliveries/reasons.js';
import { previewReasons } from './preview-reasons.js';

export interface PreviewDecisionInput {
  signature: SignatureVerdict;
  /** the header the provider signs with, for the "missing" reason */
  signatureHeader: string;
  /** when this delivery id was first received with a valid signature; null if never */
  firstReceived: Date | null;
  request: PullRequestEvent;
  stack: {
    name: string;
    git: boolean;
    /** the stack is itself a preview */
    preview: boolean;
    previewsEnabled: boolean;
    previewForks: boolean;
    previewLimit: number;
  };
  /** this request's preview, if it has one */
  existing: { name: string; deployedSha: string | null } | null;
  /** previews of the stack live or about to be, other than this request's */
  otherPreviews: number;
}

export type PreviewVerdict =
  | { decision: 'rejected' | 'duplicate' | 'ignored'; reason: string }
  | { decision: 'queued'; reason: string; action: 'deploy' | 'teardown' };

export const previewName = (stack: string, n: number) => `${stack}-pr-${n}`;

/**
 * Whether a pull/merge request event deploys or tears down a preview, and why not. The order is
 * the order of a person's questions (really from my Git host? seen already? ...); the first
 * "no" is the reason. A close always tears an existing preview down, even with previews off,
 * so turning them off never strands a running one.
 */
export function decidePreview(input: PreviewDecisionInput): PreviewVerdict {
  const { request: pr, stack, existing } = input;
  if (input.signature === 'invalid') return { decision: 'rejected', reason: reasons.signatureMismatch };
  if (input.signature === 'missing') return { decision: 'rejected', reason: reasons.signatureMissing(input.signatureHeader) };
  if (input.firstReceived) return { decision: 'duplicate', reason: reasons.duplicate(input.firstReceived) };
  if (stack.preview) return { decision: 'ignored', reason: previewReasons.ofPreview };
  if (!stack.git) return { decision: 'ignored', reason: previewReasons.notGit };
  if (pr.action === null) return { decision: 'ignored', reason: previewReasons.otherAction(pr.number, pr.providerAction) };
  if (pr.action === 'close') {
    if (!existing) return { decision: 'ignored', reason: previewReasons.closedWithoutPreview(pr.number, pr.merged) };
    const why = pr.merged ? previewReasons.why.merged(pr.number) : previewReasons.why.closed(pr.number);
    return { decision: 'queued', reason: previewReasons.queuedTeardown(existing.name, why), action: 'teardown' };
  }
  if (!stack.previewsEnabled) return { decision: 'ignored', reason: previewReasons.previewsOff(pr.number) };
  if (pr.fork && !stack.previewForks) return { decision: 'ignored', reason: previewReasons.fork(pr.number, pr.headRepository) };
  if (!existing && input.otherPreviews >= stack.previewLimit)
    return { decision: 'ignored', reason: previewReasons.capReached(pr.number, stack.previewLimit) };
  const name = existing?.name ?? previewName(stack.name, pr.number);
  const sha = pr.headSha!;
  if (existing?.deployedSha === sha) return { decision: 'ignored', reason: previewReasons.alreadyDeployed(name, sha) };
  return { decision: 'queued', reason: previewReasons.queuedDeploy(name, sha), action: 'deploy' };
}
