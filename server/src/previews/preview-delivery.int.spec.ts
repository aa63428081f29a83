import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { PrismaService } from '../database/prisma.service.js';
import type { WorkClone } from '../git/testing/git-fixtures.js';
import { startGitStackApp, type GitStackApp } from '../testing/git-stack-app.js';
import { tempDir } from '../testing/temp-dir.js';
import type { TestApp } from '../testing/test-app.js';
import { PreviewSweeper } from './preview-sweeper.js';

type Json = any;

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';

/**
 * Previews with real git and a real SQLite file: GitHub-signed pull_request webhooks over
 * HTTP, Mission Control's own mirror fetching refs/pull/N/head from a smart-HTTP server, the
 * real preview job, deployer and teardown, and a stand-in deploy job that only marks the
 * deployment succeeded (no Swarm here; the e2e suite deploys to a real one).
 */
describe('previews over real git', () => {
  let t: TestApp;
  let work: WorkClone;
  let prisma: PrismaService;
  let stackId: string;
  let hookUrl: string;
  let secret: string;
  const dir = tempDir('preview-delivery');
  const bare = path.join(dir, 'served', 'shop.git');
  let app: GitStackApp;
  let call: GitStackApp['call'];

  /** A commit only the request ref points at, as GitHub keeps a fork's head. */
  const pushHead = async (number: number, subject: string, files: Record<string, string>) => {
    const sha = await work.commit(subject, files);
    await work.push(bare, [`HEAD:refs/pull/${number}/head`]);
    return sha;
  };
  /** Signed as GitHub signs: X-Hub-Signature-256 over the exact bytes. */
  const pullRequest = async (
    action: string,
    number: number,
    head: string,
    opts: { fork?: boolean; merged?: boolean; delivery?: string } = {},
  ) => {
    const repo = { id: 1, full_name: 'otto/shop' };
    const body = Buffer.from(
      JSON.stringify({
        action,
        number,
        pull_request: {
          number,
          title: `Request ${number}`,
          merged: opts.merged ?? false,
          head: { ref: `feature-${number}`, sha: head, repo: opts.fork ? { id: 2, full_name: 'mallory/shop' } : repo },
          base: { ref: 'main', sha: head, repo },
        },
        repository: repo,
      }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: hookUrl,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': opts.delivery ?? randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      payload: body,
    });
    return { status: res.statusCode, body: res.json<Json>() };
  };
  const settled = (deliveryId: string) => app.settled((x) => x.id === deliveryId);

  beforeAll(async () => {
    app = await startGitStackApp(dir, { 'deploy/compose.yaml': COMPOSE });
    ({ t, work, prisma, stackId, hookUrl, secret, call } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('should ignore requests while previews are off, and refuse settings it cannot hold', async () => {
    const sha = await pushHead(1, 'first try', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.28') });
    const answer = await pullRequest('opened', 1, sha);
    expect([answer.status, answer.body.decision, answer.body.reason]).toEqual([
      200,
      'ignored',
      'ignored: previews are off for this stack (request #1); turn them on in its Previews settings',
    ]);
    expect((await call('PUT', `/api/stacks/${stackId}/previews/settings`, { limit: 51 })).status).toBe(400);
    expect((await call('PUT', `/api/stacks/${stackId}/previews/settings`, { enabled: 'yes' })).status).toBe(400);
    const put = await call('PUT', `/api/stacks/${stackId}/previews/settings`, { enabled: true, limit: 2 });
    expect(put.body).toEqual({ enabled: true, allowForks: false, limit: 2, ttlSeconds: 604_800 });
  });

  it('should deploy an opened request at its head, fetched by refs/pull/N/head, recorded on the parent', async () => {
    const sha = await pushHead(3, 'web on 1.29', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.29') });
    const answer = await pullRequest('opened', 3, sha);
    expect([answer.status, answer.body.reason]).toEqual([202, `queued: deploying ${sha.slice(0, 7)} as shop-pr-3`]);
    const d = await settled(answer.body.deliveryId);
    expect(d).toMatchObject({ pullRequest: 3, action: 'open', ref: 'refs/pull/3/head', commit: sha, decision: 'deployed' });
    const preview = await prisma.stack.findUniqueOrThrow({ where: { name: 'shop-pr-3' } });
    expect(preview).toMatchObject({
      parentStackId: stackId,
      previewNumber: 3,
      previewTitle: 'Request 3',
      previewBranch: 'feature-3',
      previewHeadSha: sha,
      autoDeploy: false,
      pollIntervalSeconds: 0,
      hookId: null,
      composePath: 'deploy',
    });
    const deployment = (await call('GET', `/api/deployments/${d.deploymentId}`)).body;
    expect(deployment).toMatchObject({ status: 'succeeded', trigger: 'preview', commit: { sha } });
    const listed = (await call('GET', `/api/stacks/${stackId}/previews`)).body as Json[];
    expect(listed).toEqual([
      expect.objectContaining({
        name: 'shop-pr-3',
        number: 3,
        headSha: sha,
        fork: false,
        lastDeployment: expect.objectContaining({ status: 'succeeded' }),
      }),
    ]);
  });

  it('should deploy a push to the request, take a redelivery as a duplicate, and not deploy what runs', async () => {
    const sha = await pushHead(3, 'web on 1.30', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.30') });
    const answer = await pullRequest('synchronize', 3, sha, { delivery: 'gh-sync-1' });
    const d = await settled(answer.body.deliveryId);
    expect(d).toMatchObject({ action: 'update', decision: 'deployed', reason: 'deployed shop-pr-3 as version 2' });
    const redelivered = await pullRequest('synchronize', 3, sha, { delivery: 'gh-sync-1' });
    expect([redelivered.status, redelivered.body.decision]).toEqual([200, 'duplicate']);
    const again = await pullRequest('synchronize', 3, sha);
    expect(again.body.reason).toBe(`ignored: shop-pr-3 already runs ${sha.slice(0, 7)}`);
  });

  it("should ignore a fork's request with its reason, and the one over the cap", async () => {
    const sha = await pushHead(4, 'from a fork', { 'deploy/compose.yaml': COMPOSE });
    const fork = await pullRequest('opened', 4, sha, { fork: true });
    expect([fork.status, fork.body.decision, fork.body.reason]).toEqual([
      200,
      'ignored',
      'ignored: request #4 comes from a fork (mallory/shop); previews of forks are off for this stack because their code would run with its secrets',
    ]);
    await work.push(bare, ['HEAD:refs/pull/5/head']);
    const five = await pullRequest('opened', 5, sha);
    expect((await settled(five.body.deliveryId)).decision).toBe('deployed');
    const six = await pullRequest('opened', 6, sha);
    expect(six.body.reason).toBe(
      'ignored: request #6 gets no preview: 2 previews are live, the most this stack allows; close one or raise the limit',
    );
    expect(await prisma.stack.count({ where: { parentStackId: stackId } })).toBe(2);
  });

  it('should take a GitLab merge request the same way, fetched by refs/merge-requests/N/head', async () => {
    await call('PUT', `/api/stacks/${stackId}/previews/settings`, { limit: 3 });
    const sha = await work.commit('eleven', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.31') });
    await work.push(bare, ['HEAD:refs/merge-requests/11/head']);
    const hook = async (action: string) => {
      const body = {
        object_kind: 'merge_request',
        object_attributes: {
          iid: 11,
          title: 'Eleven',
          action,
          source_branch: 'eleven',
          source_project_id: 14,
          target_project_id: 14,
          last_commit: { id: sha },
        },
      };
      const res = await t.app.inject({
        method: 'POST',
        url: hookUrl,
        headers: {
          'content-type': 'application/json',
          'x-gitlab-event': 'Merge Request Hook',
          'x-gitlab-token': secret,
          'idempotency-key': randomUUID(),
        },
        payload: body,
      });
      return res.json<Json>();
    };
    const opened = await hook('open');
    expect(await settled(opened.deliveryId)).toMatchObject({
      source: 'gitlab',
      ref: 'refs/merge-requests/11/head',
      pullRequest: 11,
      action: 'open',
      decision: 'deployed',
    });
    const merged = await hook('merge');
    expect(await settled(merged.deliveryId)).toMatchObject({
      decision: 'removed',
      reason: 'removed: shop-pr-11 torn down (request #11 merged)',
    });
  });

  it('should refuse a request whose signature does not match, recording nothing of its body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: hookUrl,
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      payload: { action: 'opened', number: 12, pull_request: { number: 12, head: { sha: 'b'.repeat(40) } } },
    });
    expect([res.statusCode, res.json<Json>().reason]).toEqual([401, 'signature mismatch']);
    const rejected = ((await call('GET', `/api/stacks/${stackId}/deliveries`)).body as Json[]).find(
      (x) => x.id === res.json<Json>().deliveryId,
    );
    expect(rejected).toMatchObject({ decision: 'rejected', pullRequest: null, commit: null });
    expect(await prisma.stack.findUnique({ where: { name: 'shop-pr-12' } })).toBeNull();
  });

  it('should tear down on merge, by hand, and after the time to live', async () => {
    const merged = await pullRequest('closed', 3, 'a'.repeat(40), { merged: true });
    expect(merged.body.reason).toBe('queued: tearing down shop-pr-3 (request #3 merged)');
    expect(await settled(merged.body.deliveryId)).toMatchObject({
      decision: 'removed',
      reason: 'removed: shop-pr-3 torn down (request #3 merged)',
    });
    expect(await prisma.stack.findUnique({ where: { name: 'shop-pr-3' } })).toBeNull();

    const sha = await pushHead(7, 'seven', { 'deploy/compose.yaml': COMPOSE });
    const seven = await pullRequest('opened', 7, sha);
    expect((await settled(seven.body.deliveryId)).decision).toBe('deployed');
    expect((await call('DELETE', `/api/stacks/${stackId}/previews/7`)).status).toBe(204);
    expect((await call('DELETE', `/api/stacks/${stackId}/previews/7`)).status).toBe(404);
    expect((await call('DELETE', `/api/stacks/${stackId}/previews/seven`)).status).toBe(400);

    await t.app.get(PreviewSweeper).tick(new Date(Date.now() + 8 * 86_400_000));
    const expired = ((await call('GET', `/api/stacks/${stackId}/deliveries`)).body as Json[]).find((x) => x.source === 'ttl');
    expect(expired).toMatchObject({ pullRequest: 5, action: 'close', reason: 'queued: tearing down shop-pr-5 (no push for 7 days)' });
    expect(await settled(expired.id)).toMatchObject({ decision: 'removed', reason: 'removed: shop-pr-5 torn down (no push for 7 days)' });
    expect((await call('GET', `/api/stacks/${stackId}/previews`)).body).toEqual([]);
    const events = (await prisma.event.findMany({ where: { kind: { startsWith: 'preview.' } } })).map((e) => [e.kind, e.stackName]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['preview.created', 'shop-pr-3'],
        ['preview.removed', 'shop-pr-3'],
        ['preview.removed', 'shop-pr-7'],
        ['preview.removed', 'shop-pr-5'],
      ]),
    );
  });

  it('should keep preview secrets by name and request, never showing a value', async () => {
    expect((await call('PUT', `/api/stacks/${stackId}/previews/secrets/DB_PASSWORD`, { value: 'preview-only-pw' })).status).toBe(200);
    expect((await call('PUT', `/api/stacks/${stackId}/previews/secrets/DB_PASSWORD`, { value: 'pr-9-pw', pullRequest: 9 })).status).toBe(
      200,
    );
    expect((await call('PUT', `/api/stacks/${stackId}/previews/secrets/bad name`, { value: 'x' })).status).toBe(400);
    const listed = await call('GET', `/api/stacks/${stackId}/previews/secrets`);
    expect((listed.body as Json[]).map((s) => [s.name, s.pullRequest])).toEqual([
      ['DB_PASSWORD', 0],
      ['DB_PASSWORD', 9],
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('pw');
    expect((await call('DELETE', `/api/stacks/${stackId}/previews/secrets/DB_PASSWORD?pullRequest=9`)).status).toBe(204);
    expect((await call('DELETE', `/api/stacks/${stackId}/previews/secrets/DB_PASSWORD?pullRequest=9`)).status).toBe(404);
    expect(((await call('GET', `/api/stacks/${stackId}/previews/secrets`)).body as Json[]).map((s) => s.pullRequest)).toEqual([0]);
  });

  it("should tear a parent's previews down when the parent is removed", async () => {
    const sha = await pushHead(8, 'eight', { 'deploy/compose.yaml': COMPOSE });
    const eight = await pullRequest('reopened', 8, sha);
    expect((await settled(eight.body.deliveryId)).decision).toBe('deployed');
    expect((await call('DELETE', `/api/stacks/${stackId}`)).status).toBe(204);
    expect(await prisma.stack.count({ where: { name: { startsWith: 'shop' } } })).toBe(0);
  });
});
