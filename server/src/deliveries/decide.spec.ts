import { decide, watches, type DecisionInput } from './decide.js';
import type { HookEvent, StackTarget } from './delivery.types.js';

const sha = (c: string) => c.repeat(40);
const stack = (patch: Partial<StackTarget> = {}): StackTarget => ({
  id: 's1',
  followed: { kind: 'branch', name: 'main' },
  tagPattern: null,
  autoDeploy: true,
  ...patch,
});
const push = (patch: Partial<HookEvent> = {}): HookEvent => ({
  event: 'push',
  deliveryId: 'd-1',
  ref: 'refs/heads/main',
  after: sha('4'),
  before: sha('3'),
  changedFiles: null,
  ...patch,
});
const input = (patch: Partial<DecisionInput> = {}): DecisionInput => ({
  source: 'github',
  signature: 'valid',
  signatureHeader: 'X-Hub-Signature-256',
  firstReceived: null,
  event: push(),
  stack: stack(),
  watchedPaths: ['deploy/'],
  deployedCommit: null,
  ...patch,
});
const reason = (patch: Partial<DecisionInput>) => decide(input(patch)).reason;

describe(decide.name, () => {
  it('should queue a push to the followed branch', () => {
    expect(decide(input())).toEqual({
      decision: 'queued',
      reason: 'queued: deploying 4444444 from main',
      commit: sha('4'),
      deployRef: 'main',
    });
  });

  describe('signature', () => {
    it('should reject a mismatch and a missing signature before reading anything else', () => {
      expect(decide(input({ signature: 'invalid', firstReceived: new Date() }))).toEqual({
        decision: 'rejected',
        reason: 'signature mismatch',
      });
      expect(decide(input({ signature: 'missing' }))).toEqual({
        decision: 'rejected',
        reason: "signature missing: no X-Hub-Signature-256 header; set the secret in the Git host's webhook settings",
      });
    });

    it('should take an unsigned poll', () => {
      expect(decide(input({ source: 'poll', signature: 'none', event: push({ event: 'poll' }) })).decision).toBe('queued');
    });
  });

  it('should call a redelivery a duplicate, with when it first came', () => {
    expect(decide(input({ firstReceived: new Date('2026-12-01T12:03:04.567Z') }))).toEqual({
      decision: 'duplicate',
      reason: 'duplicate delivery (first received 12:03:04 UTC)',
    });
  });

  describe('event', () => {
    it('should answer a ping with what will deploy', () => {
      const ping = push({ event: 'ping', ref: null, after: null });
      expect(reason({ event: ping })).toBe('ping: webhook is set up; pushes to main will deploy');
      expect(reason({ event: ping, stack: stack({ tagPattern: 'v*' }) })).toBe(
        'ping: webhook is set up; pushes to main and tags matching v* will deploy',
      );
      expect(reason({ event: ping, stack: stack({ autoDeploy: false }) })).toBe(
        'ping: webhook is set up; auto-deploy is off for this stack, so pushes are recorded and ignored',
      );
      expect(reason({ event: ping, stack: stack({ followed: { kind: 'commit', name: sha('c') } }) })).toBe(
        'ping: webhook is set up; this stack is pinned to commit ccccccc, so pushes are recorded and ignored',
      );
      expect(decide(input({ event: ping })).decision).toBe('ignored');
    });

    it('should ignore other events by name', () => {
      expect(reason({ event: push({ event: 'issues', ref: null }) })).toBe(
        'ignored: issues events do not deploy; send push events (and pull or merge request events, for previews)',
      );
      expect(reason({ event: push({ ref: 'refs/pull/1/head' }) })).toBe('ignored: refs/pull/1/head is neither a branch nor a tag');
    });

    it('should ignore deleted branches and tags', () => {
      expect(reason({ event: push({ after: sha('0') }) })).toBe('ignored: branch main deleted');
      expect(reason({ event: push({ ref: 'refs/tags/v1', after: sha('0') }), stack: stack({ tagPattern: 'v*' }) })).toBe(
        'ignored: tag v1 deleted',
      );
    });
  });

  it('should record and ignore everything while auto-deploy is off', () => {
    expect(decide(input({ stack: stack({ autoDeploy: false }) }))).toEqual({
      decision: 'ignored',
      reason: 'ignored: auto-deploy is off for this stack',
    });
  });

  describe('branch', () => {
    it('should ignore a push to another branch, naming both', () => {
      expect(reason({ event: push({ ref: 'refs/heads/dev' }) })).toBe('ignored: pushed to dev, this stack follows main');
    });

    it('should say a stack pinned to a tag or commit ignores pushes', () => {
      expect(reason({ stack: stack({ followed: { kind: 'tag', name: 'v1.0' } }) })).toBe(
        'ignored: pushed to main, this stack is pinned to tag v1.0',
      );
      expect(reason({ stack: stack({ followed: { kind: 'commit', name: sha('9') } }) })).toBe(
        'ignored: pushed to main, this stack is pinned to commit 9999999',
      );
    });

    it('should not take a branch named like the tag the stack is pinned to', () => {
      expect(
        decide(input({ event: push({ ref: 'refs/heads/v1.0' }), stack: stack({ followed: { kind: 'tag', name: 'v1.0' } }) })).decision,
      ).toBe('ignored');
    });
  });

  describe('tag', () => {
    const tag = (name: string) => push({ ref: `refs/tags/${name}`, event: 'push' });

    it('should deploy a tag matching the pattern, from that tag', () => {
      expect(decide(input({ event: tag('v1.4'), stack: stack({ tagPattern: 'v1.*' }) }))).toEqual({
        decision: 'queued',
        reason: 'queued: deploying 4444444 from v1.4',
        commit: sha('4'),
        deployRef: 'v1.4',
      });
    });

    it('should ignore a tag the pattern does not match', () => {
      expect(reason({ event: tag('v2'), stack: stack({ tagPattern: 'v1.*' }) })).toBe('ignored: tag v2 does not match v1.*');
      expect(reason({ event: tag('release/v1'), stack: stack({ tagPattern: 'v*' }) })).toBe('ignored: tag release/v1 does not match v*');
    });

    it('should ignore tags when the stack has no pattern, unless it is the tag the stack follows', () => {
      expect(reason({ event: tag('v2') })).toBe('ignored: tag v2 pushed, this stack follows main and has no tag pattern');
      expect(decide(input({ event: tag('v2'), stack: stack({ followed: { kind: 'tag', name: 'v2' } }) })).decision).toBe('queued');
    });
  });

  it('should ignore the commit that is already deployed', () => {
    expect(reason({ deployedCommit: sha('4') })).toBe('ignored: 4444444 is already deployed');
  });

  describe('path filter', () => {
    it('should ignore a push that changes nothing the stack uses', () => {
      expect(reason({ event: push({ changedFiles: ['README.md', 'src/deploy/x'] }) })).toBe('ignored: no change under deploy/');
      expect(reason({ event: push({ changedFiles: ['README.md'] }), watchedPaths: ['deploy/', 'shared/nginx.conf'] })).toBe(
        'ignored: no change under deploy/, shared/nginx.conf',
      );
    });

    it('should queue a push that changes the folder or a file beside it', () => {
      expect(decide(input({ event: push({ changedFiles: ['README.md', 'deploy/compose.yaml'] }) })).decision).toBe('queued');
      expect(
        decide(input({ event: push({ changedFiles: ['shared/nginx.conf'] }), watchedPaths: ['deploy/', 'shared/nginx.conf'] })).decision,
      ).toBe('queued');
    });

    it('should leave the filter to the job when the payload cannot tell', () => {
      expect(decide(input({ event: push({ changedFiles: null }) })).decision).toBe('queued');
    });
  });
});

describe(watches.name, () => {
  it('should watch everything from the root, a folder by prefix, a file exactly', () => {
    expect(watches([''], 'anything/at/all')).toBe(true);
    expect(watches(['deploy/'], 'deploy/a/b.yaml')).toBe(true);
    expect(watches(['deploy/'], 'deployment/x')).toBe(false);
    expect(watches(['nginx.conf'], 'nginx.conf')).toBe(true);
    expect(watches(['nginx.conf'], 'nginx.conf.bak')).toBe(false);
  });
});
