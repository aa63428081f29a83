import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { PrismaService } from '../database/prisma.service.js';
import type { WorkClone } from '../git/testing/git-fixtures.js';
import type { TestGitHttpServer } from '../git/testing/git-http-server.js';
import { startGitStackApp, type GitStackApp } from '../testing/git-stack-app.js';
import { tempDir } from '../testing/temp-dir.js';
import type { TestApp } from '../testing/test-app.js';
import { GitPoller } from './git-poller.js';

type Json = any;

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';

/**
 * Deliveries with real git: a smart-HTTP server on loopback, Mission Control's own mirror,
 * the real GitDeploys, and a stand-in deploy job that only marks the deployment succeeded
 * (no Swarm here; the e2e suites deploy to a real one).
 */
describe('deliveries over real git', () => {
  let t: TestApp;
  let server: TestGitHttpServer;
  let work: WorkClone;
  let prisma: PrismaService;
  let stackId: string;
  let hookUrl: string;
  let secret: string;
  const dir = tempDir('git-delivery');
  const bare = path.join(dir, 'served', 'shop.git');
  let app: GitStackApp;
  let call: GitStackApp['call'];
  let settled: GitStackApp['settled'];

  const push = async (subject: string, files: Record<string, string>) => {
    const sha = await work.commit(subject, files);
    await work.push(bare);
    return sha;
  };
  /** Signed as a CI job would sign it: no file list, so the job decides the path filter after fetching. */
  const generic = async (after: string, ref = 'refs/heads/main') => {
    const body = Buffer.from(JSON.stringify({ ref, after }));
    const sig = createHmac('sha256', secret).update(body).digest('hex');
    const res = await t.app.inject({
      method: 'POST',
      url: hookUrl,
      headers: { 'content-type': 'application/json', 'x-otternauts-signature': `sha256=${sig}`, 'x-otternauts-delivery': randomUUID() },
      payload: body,
    });
    return { status: res.statusCode, body: res.json<Json>() };
  };

  beforeAll(async () => {
    app = await startGitStackApp(dir, { 'deploy/compose.yaml': COMPOSE, 'README.md': 'shop\n' }, async (seed, served) => {
      await seed.tag('v1');
      await seed.push(served);
    });
    ({ t, server, work, prisma, stackId, hookUrl, secret, call, settled } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('should fetch and deploy a pushed commit, recorded as a push', async () => {
    const sha = await push('web on 1.28', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.28') });
    const answer = await generic(sha);
    expect([answer.status, answer.body.reason]).toEqual([202, `queued: deploying ${sha.slice(0, 7)} from main`]);
    const d = await settled((x) => x.commit === sha);
    expect(d).toMatchObject({ source: 'generic', decision: 'deployed', reason: `deployed as version ${d.version}`, signature: 'valid' });
    const deployment = (await call('GET', `/api/deployments/${d.deploymentId}`)).body;
    expect(deployment).toMatchObject({ status: 'succeeded', trigger: 'push', ref: 'main', commit: { sha } });
  });

  it('should ignore, after fetching, a commit that changes nothing under the stack folder', async () => {
    const sha = await push('docs only', { 'README.md': 'shop, now documented\n' });
    expect((await generic(sha)).status).toBe(202); // the sender gave no file list
    expect(await settled((x) => x.commit === sha)).toMatchObject({
      decision: 'ignored',
      reason: 'ignored: no change under deploy/',
      deploymentId: null,
    });
  });

  it('should say a stack pinned to a tag ignores pushes, from the mirror', async () => {
    await prisma.stack.update({ where: { id: stackId }, data: { gitRef: 'v1' } });
    const sha = await push('more docs', { 'README.md': 'more\n' });
    const answer = await generic(sha);
    await prisma.stack.update({ where: { id: stackId }, data: { gitRef: 'main' } });
    expect([answer.status, answer.body.reason]).toEqual([200, 'ignored: pushed to main, this stack is pinned to tag v1']);
  });

  it('should pick up a push by polling alone, once', async () => {
    const sha = await push('web on 1.29', { 'deploy/compose.yaml': COMPOSE.replace('1.27', '1.29') });
    const poller = t.app.get(GitPoller);
    await poller.tick(new Date(Date.now() + 3600_000));
    const d = await settled((x) => x.commit === sha);
    expect(d).toMatchObject({ source: 'poll', event: 'poll', signature: 'none', decision: 'deployed', ref: 'refs/heads/main' });
    expect((await call('GET', `/api/deployments/${d.deploymentId}`)).body).toMatchObject({ trigger: 'poll', commit: { sha } });
    await poller.tick(new Date(Date.now() + 7200_000));
    expect(((await call('GET', `/api/stacks/${stackId}/deliveries`)).body as Json[]).filter((x) => x.commit === sha)).toHaveLength(1);
  });

  it('should report an unreachable repository once, not every tick', async () => {
    await prisma.repository.updateMany({ data: { url: 'http://127.0.0.1:9/shop.git' } });
    const poller = t.app.get(GitPoller);
    for (const hours of [3, 4, 5]) await poller.tick(new Date(Date.now() + hours * 3600_000));
    await prisma.repository.updateMany({ data: { url: server.repoUrl('shop') } });
    const unreachable = ((await call('GET', `/api/stacks/${stackId}/deliveries`)).body as Json[]).filter((x) =>
      x.reason.startsWith('repository unreachable: '),
    );
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatchObject({ source: 'poll', decision: 'failed', commit: null });
    expect(unreachable[0].reason).toContain('127.0.0.1:9');
  });
});
