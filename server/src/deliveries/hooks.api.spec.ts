import { createHmac, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { GitService } from '../git/git.service.js';
import { GitDeploys } from '../stacks/git-deploys.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

// The webhook route on the real application and SQLite file, through app.inject with the
// exact bytes a Git host signs. The background work past the decision (fetch, deploy) is the
// e2e suite's; here GitService's network calls and GitDeploys are stood in for where a test says so.

const sha = (c: string) => c.repeat(40);
const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

interface Answer {
  statusCode: number;
  json(): any;
  body: string;
}

/** A GitHub push payload, pretty-printed with non-ASCII text: re-serialising it would change its bytes. */
function githubPush(ref: string, after: string, files: string[] = ['deploy/compose.yaml']) {
  const commit = { id: after, message: 'Änderung für Otto ✓', added: [], removed: [], modified: files };
  return { ref, before: sha('1'), after, created: false, deleted: false, forced: false, commits: [commit], head_commit: commit };
}

describe('POST /api/hooks/:hookId', () => {
  let t: TestApp;
  let prisma: PrismaService;
  let stackId: string;
  let hookUrl: string;
  let secret: string;
  let n = 0;

  const send = (url: string, headers: Record<string, string>, body: Buffer) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    }) as unknown as Promise<Answer>;
  const github = (event: string, payload: unknown, opts: { secret?: string; delivery?: string } = {}) => {
    const body = Buffer.from(JSON.stringify(payload, null, 2), 'utf8');
    const headers = {
      'x-github-event': event,
      'x-github-delivery': opts.delivery ?? randomUUID(),
      'x-hub-signature-256': `sha256=${hmac(opts.secret ?? secret, body)}`,
    };
    return send(hookUrl, headers, body);
  };
  const api = async (method: string, url: string) => {
    const res = (await t.app.inject({ method: method as 'GET', url })) as unknown as Answer;
    return { status: res.statusCode, body: res.json(), text: res.body };
  };
  const deliveries = async () => (await api('GET', `/api/stacks/${stackId}/deliveries`)).body as any[];
  const until = async (what: string, done: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    t = await startTestApp(tempDir('hooks-api'));
    prisma = t.app.get(PrismaService);
    const cluster = await prisma.cluster.create({ data: {} });
    const repo = await prisma.repository.create({ data: { name: 'shop', url: 'http://127.0.0.1:9/shop.git', access: 'public' } });
    const stack = await prisma.stack.create({
      data: {
        clusterId: cluster.id,
        name: 'shop',
        configuration: 'services: {}\n',
        repositoryId: repo.id,
        gitRef: 'main',
        composePath: 'deploy/compose.yaml',
      },
    });
    stackId = stack.id;
    const made = await api('POST', `/api/stacks/${stackId}/webhook`);
    expect(made.status).toBe(201);
    ({ secret } = made.body);
    hookUrl = new URL(made.body.url).pathname;
  });
  afterAll(() => t.app.close());

  describe('the webhook of a stack', () => {
    it('should show its URL and setup steps, never the secret', async () => {
      const shown = await api('GET', `/api/stacks/${stackId}/webhook`);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        url: `http://localhost:80${hookUrl}`,
        configured: true,
        reachableHint: 'Mission Control listens on loopback: Git hosts cannot reach it; polling covers you (every 60 s).',
      });
      expect(shown.body.providers.map((p: { provider: string }) => p.provider)).toEqual([
        'github',
        'gitlab',
        'gitea',
        'forgejo',
        'generic',
      ]);
      expect(shown.body.providers[0].steps).toContain(`Payload URL: http://localhost:80${hookUrl}`);
      expect(shown.text).not.toContain(secret);
      expect(hookUrl).not.toContain(secret);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(t.logs.join('\n')).not.toContain(secret);
    });

    it('should refuse a webhook for a pasted stack', async () => {
      const cluster = await prisma.cluster.findFirstOrThrow();
      const pasted = await prisma.stack.create({ data: { clusterId: cluster.id, name: 'pasted', configuration: 'services: {}\n' } });
      const res = await api('POST', `/api/stacks/${pasted.id}/webhook`);
      expect([res.status, res.body.error.code]).toEqual([400, 'not_a_git_stack']);
      expect((await prisma.stack.findUniqueOrThrow({ where: { id: pasted.id } })).hookId).toBeNull();
    });
  });

  it('should answer a ping with what will deploy', async () => {
    const res = await github('ping', { zen: 'Keep it logically awesome.', hook_id: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      decision: 'ignored',
      reason: 'ping: webhook is set up; pushes to main will deploy',
      deliveryId: expect.any(String),
    });
  });

  describe('a signature that does not hold', () => {
    it.each([
      ['another secret', (p: unknown) => github('push', p, { secret: 'not-the-secret-at-all' }), 'signature mismatch'],
      [
        'no signature',
        (p: unknown) => send(hookUrl, { 'x-github-event': 'push', 'x-github-delivery': 'x' }, Buffer.from(JSON.stringify(p))),
        "signature missing: no X-Hub-Signature-256 header; set the secret in the Git host's webhook settings",
      ],
    ])('should answer 401 to %s and change nothing', async (_what, sendIt, reason) => {
      const before = await prisma.stack.findUniqueOrThrow({ where: { id: stackId } });
      const jobs = await prisma.job.count();
      const res = await sendIt(githubPush('refs/heads/main', sha('e')));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ decision: 'rejected', reason });
      expect(await prisma.stack.findUniqueOrThrow({ where: { id: stackId } })).toEqual(before);
      expect(await prisma.job.count()).toBe(jobs);
      expect(await prisma.deployment.count({ where: { stackId } })).toBe(0);
      const [recorded] = await deliveries();
      expect(recorded).toMatchObject({
        id: res.json().deliveryId,
        decision: 'rejected',
        reason,
        ref: null,
        commit: null,
        deploymentId: null,
      });
    });

    it('should take the signature over the raw bytes, not the parsed JSON', async () => {
      const body = Buffer.from(JSON.stringify(githubPush('refs/heads/dev', sha('d')), null, 2));
      const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
      const headers = {
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${hmac(secret, compact)}`,
      };
      expect((await send(hookUrl, headers, body)).statusCode).toBe(401);
      expect((await send(hookUrl, headers, compact)).statusCode).toBe(200);
    });
  });

  it('should answer 404 for an unknown webhook', async () => {
    const res = await send('/api/hooks/no-such-hook', {}, Buffer.from('{}'));
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'not_found']);
  });

  describe('decisions', () => {
    it('should ignore a push to another branch, saying which', async () => {
      const res = await github('push', githubPush('refs/heads/dev', sha('d')));
      expect([res.statusCode, res.json().reason]).toEqual([200, 'ignored: pushed to dev, this stack follows main']);
      expect((await deliveries())[0]).toMatchObject({
        source: 'github',
        event: 'push',
        ref: 'refs/heads/dev',
        commit: sha('d'),
        signature: 'valid',
        decision: 'ignored',
      });
    });

    it('should ignore a push that changes nothing under the stack folder', async () => {
      const res = await github('push', githubPush('refs/heads/main', sha('c'), ['README.md']));
      expect([res.statusCode, res.json().reason]).toEqual([200, 'ignored: no change under deploy/']);
      expect((await prisma.stack.findUniqueOrThrow({ where: { id: stackId } })).lastSeenCommit).toBe(sha('c'));
    });

    it.each([
      [
        'gitea',
        (body: Buffer) => ({
          'x-gitea-event': 'push',
          'x-gitea-delivery': randomUUID(),
          'x-gitea-signature': hmac(secret, body),
          'x-github-event': 'push',
        }),
      ],
      [
        'forgejo',
        (body: Buffer) => ({ 'x-forgejo-event': 'push', 'x-forgejo-delivery': randomUUID(), 'x-forgejo-signature': hmac(secret, body) }),
      ],
      ['gitlab', () => ({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-token': secret })],
    ])('should verify and read a %s push', async (provider, headers) => {
      const body = Buffer.from(JSON.stringify({ ...githubPush('refs/heads/feature', sha('f')), total_commits: 1, total_commits_count: 1 }));
      const res = await send(hookUrl, headers(body), body);
      expect([res.statusCode, res.json().reason]).toEqual([200, 'ignored: pushed to feature, this stack follows main']);
      expect((await deliveries())[0]).toMatchObject({ source: provider, signature: 'valid' });
    });

    it('should verify a generic sender', async () => {
      const body = Buffer.from(JSON.stringify({ ref: 'refs/tags/v9', after: sha('9') }));
      const headers = { 'x-otternauts-signature': `sha256=${hmac(secret, body)}`, 'x-otternauts-delivery': 'ci-1' };
      const res = await send(hookUrl, headers, body);
      expect([res.statusCode, res.json().reason]).toEqual([200, 'ignored: tag v9 pushed, this stack follows main and has no tag pattern']);
    });

    it('should answer 400 to a signed payload it cannot read, naming the field', async () => {
      const res = await github('push', { after: sha('a') });
      expect([res.statusCode, res.json().reason]).toEqual([400, 'ignored: the payload has no "ref"']);
    });
  });

  it('should deploy a redelivery once, recording the copy as a duplicate', async () => {
    const deploys = jest.spyOn(t.app.get(GitDeploys), 'deployCommit');
    // nothing may start: a deployment is under way, so the delivery waits in the queue
    const busy = await prisma.deployment.create({
      data: { stackId, version: 90 + ++n, status: 'running', configuration: '', rendered: '' },
    });
    const delivery = randomUUID();
    const first = await github('push', githubPush('refs/heads/main', sha('2')), { delivery });
    const again = await github('push', githubPush('refs/heads/main', sha('2')), { delivery });
    expect([first.statusCode, first.json().decision, first.json().reason]).toEqual([202, 'queued', 'queued: deploying 2222222 from main']);
    expect([again.statusCode, again.json().decision]).toEqual([200, 'duplicate']);
    expect(again.json().reason).toMatch(/^duplicate delivery \(first received \d\d:\d\d:\d\d UTC\)$/);
    const mine = (await deliveries()).filter((d) => d.deliveryId === delivery);
    expect(mine.map((d) => d.decision).sort()).toEqual(['duplicate', 'queued']);
    await prisma.delivery.updateMany({
      where: { deliveryId: delivery, decision: 'queued' },
      data: { decision: 'ignored', reason: 'test over' },
    });
    await prisma.deployment.update({ where: { id: busy.id }, data: { status: 'succeeded' } });
    await until(
      'the delivery job to finish',
      async () => (await prisma.job.count({ where: { kind: 'stack.delivery', status: { in: ['queued', 'running'] } } })) === 0,
    );
    expect(deploys).not.toHaveBeenCalled();
    deploys.mockRestore();
  });

  it('should coalesce a burst: the newest commit deploys, the others are superseded by it', async () => {
    const git = t.app.get(GitService);
    const stubs = [
      jest.spyOn(git, 'fetch').mockResolvedValue(undefined),
      jest.spyOn(git, 'hasCommit').mockResolvedValue(true),
      jest.spyOn(git, 'changedPaths').mockResolvedValue(['deploy/compose.yaml']),
    ];
    const deployed: string[] = [];
    const deploys = jest.spyOn(t.app.get(GitDeploys), 'deployCommit').mockImplementation(async (id, opts) => {
      deployed.push(opts.sha);
      const version = (await prisma.deployment.count({ where: { stackId: id } })) + 100;
      const d = await prisma.deployment.create({
        data: { stackId: id, version, status: 'succeeded', configuration: '', rendered: '', commitSha: opts.sha },
      });
      return { deploymentId: d.id, version };
    });
    const busy = await prisma.deployment.create({
      data: { stackId, version: 90 + ++n, status: 'running', configuration: '', rendered: '' },
    });
    const burst = [sha('4'), sha('5'), sha('6')];
    for (const commit of burst) expect((await github('push', githubPush('refs/heads/main', commit))).statusCode).toBe(202);
    await prisma.deployment.update({ where: { id: busy.id }, data: { status: 'succeeded' } });
    const settled = async () => (await deliveries()).filter((d) => burst.includes(d.commit));
    await until('the burst to settle', async () => (await settled()).every((d) => !['queued', 'deploying'].includes(d.decision)));
    const byCommit = Object.fromEntries((await settled()).map((d) => [d.commit.slice(0, 7), [d.decision, d.reason, d.version]]));
    expect(byCommit).toEqual({
      '4444444': ['superseded', 'superseded by 6666666', null],
      '5555555': ['superseded', 'superseded by 6666666', null],
      '6666666': ['deployed', expect.stringMatching(/^deployed as version \d+$/), expect.any(Number)],
    });
    expect(deployed).toEqual([sha('6')]);
    for (const stub of [...stubs, deploys]) stub.mockRestore();
  });

  it('should rate-limit recording rejected deliveries, and still answer each with 401', async () => {
    const before = await prisma.delivery.count({ where: { stackId, decision: 'rejected' } });
    const answers = [];
    for (let i = 0; i < 40; i++)
      answers.push((await github('push', githubPush('refs/heads/main', sha('7')), { secret: 'wrong' })).statusCode);
    expect(new Set(answers)).toEqual(new Set([401]));
    const recorded = (await prisma.delivery.count({ where: { stackId, decision: 'rejected' } })) - before;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(40);
  });

  it('should never have written the secret to the log', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain(secret);
  });
});
