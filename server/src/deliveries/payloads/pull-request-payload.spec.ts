import { createRequire } from 'node:module';
import { parsePayload, PayloadError } from './parse-payload.js';

// Real GitHub payloads, as the community recorded them (@octokit/webhooks-examples)
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Record<string, any>[] }[];
const pulls = examples.find((e) => e.name === 'pull_request')!.examples;
const gh = { 'x-github-event': 'pull_request', 'x-github-delivery': 'd-7' };
const sha = (c: string) => c.repeat(40);

describe('pull/merge request payloads', () => {
  describe('GitHub pull_request', () => {
    it.each([
      ['opened', 'open'],
      ['reopened', 'open'],
      ['synchronize', 'update'],
      ['closed', 'close'],
    ])('should read %s as %s, with the head commit and the request ref', (providerAction, action) => {
      const payload = pulls.find((p) => p.action === providerAction)!;
      const event = parsePayload('github', gh, payload);
      expect(event).toMatchObject({
        event: 'pull_request',
        deliveryId: 'd-7',
        ref: 'refs/pull/2/head',
        after: payload.pull_request.head.sha,
      });
      expect(event.pullRequest).toEqual({
        number: 2,
        action,
        providerAction,
        headSha: payload.pull_request.head.sha,
        headRef: payload.pull_request.head.ref,
        title: payload.pull_request.title,
        fork: false,
        headRepository: payload.pull_request.head.repo.full_name,
        merged: false,
        fetchRef: 'refs/pull/2/head',
      });
    });

    it('should see a merge, and a request from a fork (or from a deleted one)', () => {
      const closed = pulls.find((p) => p.action === 'closed')!;
      const merged = { ...closed, pull_request: { ...closed.pull_request, merged: true } };
      expect(parsePayload('github', gh, merged).pullRequest).toMatchObject({ action: 'close', merged: true });
      const opened = pulls.find((p) => p.action === 'opened')!;
      const forkRepo = { ...opened.pull_request.head.repo, id: 999, full_name: 'mallory/Hello-World' };
      const fork = { ...opened, pull_request: { ...opened.pull_request, head: { ...opened.pull_request.head, repo: forkRepo } } };
      expect(parsePayload('github', gh, fork).pullRequest).toMatchObject({ fork: true, headRepository: 'mallory/Hello-World' });
      const gone = { ...opened, pull_request: { ...opened.pull_request, head: { ...opened.pull_request.head, repo: null } } };
      expect(parsePayload('github', gh, gone).pullRequest).toMatchObject({ fork: true, headRepository: null });
    });

    it('should pass actions that change no preview through without an action', () => {
      const labeled = pulls.find((p) => p.action === 'labeled')!;
      expect(parsePayload('github', gh, labeled).pullRequest).toMatchObject({ number: 2, action: null, providerAction: 'labeled' });
    });

    it('should name the missing field', () => {
      const opened = pulls.find((p) => p.action === 'opened')!;
      const noSha = { ...opened, pull_request: { ...opened.pull_request, head: { ...opened.pull_request.head, sha: 'abc1234' } } };
      expect(() => parsePayload('github', gh, noSha)).toThrow(
        new PayloadError('the payload has no "pull_request.head.sha" (the full commit id of the request\'s head)'),
      );
      expect(() => parsePayload('github', gh, { action: 'opened', pull_request: {} })).toThrow(
        new PayloadError('the payload has no "pull_request.number" (the request\'s number)'),
      );
      expect(() => parsePayload('github', gh, { pull_request: { number: 2 } })).toThrow(new PayloadError('the payload has no "action"'));
    });
  });

  describe('Gitea and Forgejo pull_request', () => {
    // the shape of Gitea's api.PullRequestPayload (modules/structs/hook.go): head and base carry repo_id and repo
    const payload = (action: string, headRepoId = 7, merged = false) => ({
      action,
      number: 4,
      pull_request: {
        id: 31,
        number: 4,
        title: 'Add the search page',
        merged,
        head: { label: 'search', ref: 'search', sha: sha('c'), repo_id: headRepoId, repo: { id: headRepoId, full_name: 'otto/shop' } },
        base: { label: 'main', ref: 'main', sha: sha('d'), repo_id: 7, repo: { id: 7, full_name: 'otto/shop' } },
      },
      repository: { id: 7, full_name: 'otto/shop' },
      sender: { login: 'otto' },
    });

    it.each(['gitea', 'forgejo'] as const)('should read a %s request: synchronized is a push to it', (provider) => {
      const headers = { [`x-${provider}-event`]: 'pull_request', [`x-${provider}-delivery`]: 'g-4' };
      expect(parsePayload(provider, headers, payload('opened')).pullRequest).toMatchObject({ number: 4, action: 'open', fork: false });
      expect(parsePayload(provider, headers, payload('synchronized')).pullRequest).toMatchObject({
        action: 'update',
        headSha: sha('c'),
        headRef: 'search',
        title: 'Add the search page',
        fetchRef: 'refs/pull/4/head',
      });
      expect(parsePayload(provider, headers, payload('reopened')).pullRequest!.action).toBe('open');
      expect(parsePayload(provider, headers, payload('closed', 7, true)).pullRequest).toMatchObject({ action: 'close', merged: true });
      expect(parsePayload(provider, headers, payload('opened', 12)).pullRequest!.fork).toBe(true);
      expect(parsePayload(provider, headers, payload('edited')).pullRequest!.action).toBeNull();
      expect(parsePayload(provider, headers, payload('opened')).deliveryId).toBe('g-4');
    });
  });

  describe('GitLab Merge Request Hook', () => {
    const headers = { 'x-gitlab-event': 'Merge Request Hook', 'idempotency-key': 'k-9' };
    // the shape of docs.gitlab.com "Webhook events: Merge request events"
    const hook = (action: string, source = 14, extra: Record<string, unknown> = {}) => ({
      object_kind: 'merge_request',
      event_type: 'merge_request',
      project: { id: 14, path_with_namespace: 'otto/shop' },
      object_attributes: {
        id: 99,
        iid: 9,
        title: 'MS-Viewport',
        source_branch: 'ms-viewport',
        source_project_id: source,
        target_branch: 'main',
        target_project_id: 14,
        state: action === 'merge' ? 'merged' : action === 'close' ? 'closed' : 'opened',
        action,
        last_commit: { id: sha('e'), message: 'fixed readme' },
        source: { path_with_namespace: source === 14 ? 'otto/shop' : 'mallory/shop' },
        ...extra,
      },
    });

    it.each([
      ['open', 'open'],
      ['reopen', 'open'],
      ['update', 'update'],
      ['close', 'close'],
      ['merge', 'close'],
    ])('should read %s as %s', (providerAction, action) => {
      const event = parsePayload('gitlab', headers, hook(providerAction));
      expect(event).toMatchObject({ event: 'Merge Request Hook', deliveryId: 'k-9', ref: 'refs/merge-requests/9/head', after: sha('e') });
      expect(event.pullRequest).toMatchObject({
        number: 9,
        action,
        headSha: sha('e'),
        headRef: 'ms-viewport',
        title: 'MS-Viewport',
        fork: false,
        merged: providerAction === 'merge',
        fetchRef: 'refs/merge-requests/9/head',
      });
    });

    it('should see a fork by its source project, and pass approvals through', () => {
      expect(parsePayload('gitlab', headers, hook('open', 21)).pullRequest).toMatchObject({ fork: true, headRepository: 'mallory/shop' });
      expect(parsePayload('gitlab', headers, hook('approved')).pullRequest!.action).toBeNull();
      expect(() => parsePayload('gitlab', headers, hook('open', 14, { iid: undefined }))).toThrow('object_attributes.iid');
    });
  });
});
