import type { PullRequestEvent } from '../deliveries/delivery.types.js';
import { decidePreview, type PreviewDecisionInput } from './decide-preview.js';

const sha = (c: string) => c.repeat(40);
const request = (over: Partial<PullRequestEvent> = {}): PullRequestEvent => ({
  number: 12,
  action: 'open',
  providerAction: 'opened',
  headSha: sha('a'),
  headRef: 'search',
  title: 'Add search',
  fork: false,
  headRepository: 'otto/shop',
  merged: false,
  fetchRef: 'refs/pull/12/head',
  ...over,
});
const input = (over: Partial<PreviewDecisionInput> = {}, stack: Partial<PreviewDecisionInput['stack']> = {}): PreviewDecisionInput => ({
  signature: 'valid',
  signatureHeader: 'X-Hub-Signature-256',
  firstReceived: null,
  request: request(),
  existing: null,
  otherPreviews: 0,
  ...over,
  stack: { name: 'shop', git: true, preview: false, previewsEnabled: true, previewForks: false, previewLimit: 5, ...stack },
});

describe(decidePreview.name, () => {
  const live = { name: 'shop-pr-12', deployedSha: sha('b') };

  it.each<[string, PreviewDecisionInput, string, string]>([
    ['a wrong signature', input({ signature: 'invalid' }), 'rejected', 'signature mismatch'],
    [
      'no signature',
      input({ signature: 'missing' }),
      'rejected',
      "signature missing: no X-Hub-Signature-256 header; set the secret in the Git host's webhook settings",
    ],
    [
      'a redelivery',
      input({ firstReceived: new Date('2026-12-02T05:00:07Z') }),
      'duplicate',
      'duplicate delivery (first received 05:00:07 UTC)',
    ],
    [
      'a request sent to a preview',
      input({}, { preview: true }),
      'ignored',
      'ignored: this stack is itself a preview; requests deploy previews of the stack they were sent to',
    ],
    [
      'a pasted stack',
      input({}, { git: false }),
      'ignored',
      'ignored: previews deploy stacks from a repository; this stack is a pasted file',
    ],
    [
      'a label',
      input({ request: request({ action: null, providerAction: 'labeled' }) }),
      'ignored',
      'ignored: request #12 labeled; previews follow opened, pushed, reopened, closed and merged requests only',
    ],
    [
      'previews off',
      input({}, { previewsEnabled: false }),
      'ignored',
      'ignored: previews are off for this stack (request #12); turn them on in its Previews settings',
    ],
    [
      'a fork',
      input({ request: request({ fork: true, headRepository: 'mallory/shop' }) }),
      'ignored',
      'ignored: request #12 comes from a fork (mallory/shop); previews of forks are off for this stack because their code would run with its secrets',
    ],
    [
      'the cap reached',
      input({ otherPreviews: 2 }, { previewLimit: 2 }),
      'ignored',
      'ignored: request #12 gets no preview: 2 previews are live, the most this stack allows; close one or raise the limit',
    ],
    [
      'a close without preview',
      input({ request: request({ action: 'close', providerAction: 'closed' }) }),
      'ignored',
      'ignored: request #12 closed; it has no preview to tear down',
    ],
    [
      'a push of the commit that runs',
      input({ request: request({ action: 'update', headSha: sha('b') }), existing: live }),
      'ignored',
      'ignored: shop-pr-12 already runs bbbbbbb',
    ],
    ['an open', input(), 'queued', 'queued: deploying aaaaaaa as shop-pr-12'],
    [
      'a fork allowed',
      input({ request: request({ fork: true }) }, { previewForks: true }),
      'queued',
      'queued: deploying aaaaaaa as shop-pr-12',
    ],
    [
      'a push to a live preview at the cap',
      input({ request: request({ action: 'update' }), existing: live, otherPreviews: 5 }),
      'queued',
      'queued: deploying aaaaaaa as shop-pr-12',
    ],
    [
      'a merge',
      input({ request: request({ action: 'close', merged: true }), existing: live }),
      'queued',
      'queued: tearing down shop-pr-12 (request #12 merged)',
    ],
    [
      'a close with previews turned off since',
      input({ request: request({ action: 'close' }), existing: live }, { previewsEnabled: false }),
      'queued',
      'queued: tearing down shop-pr-12 (request #12 closed)',
    ],
  ])('%s', (_, given, decision, reason) => {
    expect(decidePreview(given)).toMatchObject({ decision, reason });
  });

  it('should say whether a queued event deploys or tears down', () => {
    expect(decidePreview(input())).toMatchObject({ action: 'deploy' });
    expect(decidePreview(input({ request: request({ action: 'close' }), existing: live }))).toMatchObject({ action: 'teardown' });
  });
});
