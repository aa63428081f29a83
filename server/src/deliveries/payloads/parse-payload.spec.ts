import { createRequire } from 'node:module';
import { parsePayload, PayloadError } from './parse-payload.js';

// Real GitHub payloads, as the community recorded them (@octokit/webhooks-examples)
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Record<string, any>[] }[];
const github = (name: string) => examples.find((e) => e.name === name)!.examples;
const pushes = github('push');
const gh = (event: string, id = 'd-1') => ({ 'x-github-event': event, 'x-github-delivery': id });
const sha = (c: string) => c.repeat(40);

describe(parsePayload.name, () => {
  describe('GitHub', () => {
    it('should read a ping as a ping', () => {
      expect(parsePayload('github', gh('ping', 'p-1'), github('ping')[0])).toEqual({
        event: 'ping',
        deliveryId: 'p-1',
        ref: null,
        after: null,
        before: null,
        changedFiles: null,
      });
    });

    it('should read a branch push with its commit', () => {
      const push = pushes.find((p) => p.ref === 'refs/heads/master')!;
      const event = parsePayload('github', gh('push'), push);
      expect(event).toMatchObject({ event: 'push', deliveryId: 'd-1', ref: 'refs/heads/master', after: push.after, before: push.before });
      // it created the branch: the commit list says nothing about what changed against a deployment
      expect(push.created).toBe(true);
      expect(event.changedFiles).toBeNull();
    });

    it('should list the files of an ordinary push from its commits', () => {
      const base = pushes.find((p) => p.ref === 'refs/heads/master')!;
      const commit = (added: string[], modified: string[], removed: string[]) => ({ ...base.commits[0], added, modified, removed });
      const push = {
        ...base,
        created: false,
        before: sha('b'),
        commits: [commit(['deploy/compose.yaml'], ['README.md'], []), commit([], ['deploy/nginx.conf'], ['old.txt'])],
      };
      expect(parsePayload('github', gh('push'), push).changedFiles).toEqual([
        'README.md',
        'deploy/compose.yaml',
        'deploy/nginx.conf',
        'old.txt',
      ]);
      expect(parsePayload('github', gh('push'), { ...push, forced: true }).changedFiles).toBeNull();
      expect(parsePayload('github', gh('push'), { ...push, commits: Array(2048).fill(push.commits[0]) }).changedFiles).toBeNull();
      expect(parsePayload('github', gh('push'), { ...push, commits: [{ id: 'x' }] }).changedFiles).toBeNull();
    });

    it('should take the commit of a tag push, and see deletions', () => {
      const created = pushes.find((p) => p.ref === 'refs/tags/simple-tag' && p.created)!;
      expect(parsePayload('github', gh('push'), { ...created, after: sha('7') })).toMatchObject({
        ref: 'refs/tags/simple-tag',
        after: created.head_commit.id, // the annotated tag object is not what gets deployed
        changedFiles: null,
      });
      const deleted = pushes.find((p) => p.ref === 'refs/tags/simple-tag' && p.deleted)!;
      expect(parsePayload('github', gh('push'), deleted).after).toMatch(/^0{40}$/);
    });

    it('should name a missing field', () => {
      expect(() => parsePayload('github', gh('push'), { after: sha('a') })).toThrow(new PayloadError('the payload has no "ref"'));
      expect(() => parsePayload('github', gh('push'), 'text')).toThrow(PayloadError);
    });

    it('should pass other events through by name', () => {
      expect(parsePayload('github', gh('issues'), github('issues')[0])).toMatchObject({ event: 'issues', ref: null });
    });
  });

  describe('GitLab', () => {
    const headers = (event: string) => ({ 'x-gitlab-event': event, 'x-gitlab-event-uuid': 'u-1', 'idempotency-key': 'k-1' });
    // the shape of docs.gitlab.com "Webhook events: Push events"
    const push = {
      object_kind: 'push',
      before: sha('b'),
      after: sha('a'),
      ref: 'refs/heads/main',
      checkout_sha: sha('a'),
      total_commits_count: 2,
      commits: [
        { id: sha('a'), added: ['deploy/compose.yaml'], modified: [], removed: [] },
        { id: sha('c'), added: [], modified: ['src/app.ts'], removed: [] },
      ],
    };

    it('should read a Push Hook with its files, keyed by the idempotency key', () => {
      expect(parsePayload('gitlab', headers('Push Hook'), push)).toEqual({
        event: 'push',
        deliveryId: 'k-1',
        ref: 'refs/heads/main',
        after: sha('a'),
        before: sha('b'),
        changedFiles: ['deploy/compose.yaml', 'src/app.ts'],
      });
      expect(parsePayload('gitlab', { 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'u-1' }, push).deliveryId).toBe('u-1');
    });

    it('should not trust a cut commit list (GitLab sends 20 of them)', () => {
      expect(parsePayload('gitlab', headers('Push Hook'), { ...push, total_commits_count: 21 }).changedFiles).toBeNull();
    });

    it('should read a Tag Push Hook with its checkout_sha', () => {
      const tag = { ...push, object_kind: 'tag_push', ref: 'refs/tags/v1.2', after: sha('f'), checkout_sha: sha('a') };
      expect(parsePayload('gitlab', headers('Tag Push Hook'), tag)).toMatchObject({
        event: 'tag_push',
        after: sha('a'),
        changedFiles: null,
      });
    });

    it('should pass other hooks through', () => {
      expect(parsePayload('gitlab', headers('Issue Hook'), {})).toMatchObject({ event: 'Issue Hook', ref: null });
    });
  });

  describe('Gitea and Forgejo', () => {
    const push = {
      ref: 'refs/heads/main',
      before: sha('b'),
      after: sha('a'),
      total_commits: 1,
      commits: [{ id: sha('a'), added: [], removed: [], modified: ['deploy/compose.yaml'] }],
      head_commit: { id: sha('a') },
    };

    it.each(['gitea', 'forgejo'] as const)('should read a %s push', (provider) => {
      const headers = { [`x-${provider}-event`]: 'push', [`x-${provider}-delivery`]: 'g-1' };
      expect(parsePayload(provider, headers, push)).toEqual({
        event: 'push',
        deliveryId: 'g-1',
        ref: 'refs/heads/main',
        after: sha('a'),
        before: sha('b'),
        changedFiles: ['deploy/compose.yaml'],
      });
      expect(parsePayload(provider, headers, { ...push, total_commits: 40 }).changedFiles).toBeNull();
      expect(parsePayload(provider, headers, { ...push, before: sha('0') }).changedFiles).toBeNull();
    });
  });

  describe('generic', () => {
    it('should read {ref, after}, a bare branch name included', () => {
      const headers = { 'x-otternauts-delivery': 'ci-42' };
      expect(parsePayload('generic', headers, { ref: 'main', after: sha('A') })).toEqual({
        event: 'push',
        deliveryId: 'ci-42',
        ref: 'refs/heads/main',
        after: sha('a'),
        before: null,
        changedFiles: null,
      });
      expect(parsePayload('generic', {}, { ref: 'refs/tags/v1', after: sha('a') }).ref).toBe('refs/tags/v1');
    });

    it('should refuse an abbreviated commit', () => {
      expect(() => parsePayload('generic', {}, { ref: 'main', after: 'abc1234' })).toThrow('"after" must be the full commit id');
    });
  });
});
