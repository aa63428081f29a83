import type { PrismaService } from '../database/prisma.service.js';
import { DeliveryStore } from '../deliveries/delivery.store.js';
import { StackState } from '../deliveries/stack-state.js';
import { badRequest, conflict } from '../errors/api-error.js';
import type { EventsService } from '../events/events.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import { PreviewRunner, type PreviewRunnerDeps } from './preview-runner.js';
import { PreviewStacks } from './preview-stacks.js';

const sha = (c: string) => c.repeat(40);

/**
 * The preview job's queue over a real database (deliveries, stacks, deployments) with fakes for
 * git, the deployer and the teardown. Its clock is `sleep`: each tick moves the world one step
 * (the scripted `onTick`), so a test says what happens while a deployment is under way.
 */
describe(PreviewRunner.name, () => {
  let prisma: PrismaService;
  let store: DeliveryStore;
  let stacks: StackState;
  let previews: PreviewStacks;
  let clusterId: string;
  let repositoryId: string;
  let n = 0;

  beforeAll(async () => {
    prisma = await migratedDatabase('preview-runner');
    store = new DeliveryStore(prisma);
    stacks = new StackState(prisma);
    previews = new PreviewStacks(prisma, { tryRecord: async () => null } as unknown as EventsService);
    clusterId = (await prisma.cluster.create({ data: {} })).id;
    repositoryId = (await prisma.repository.create({ data: { name: 'shop', url: 'https://git.example.test/shop.git', access: 'public' } }))
      .id;
  });
  afterAll(() => prisma.$disconnect());

  const newParent = () =>
    prisma.stack.create({
      data: {
        clusterId,
        name: `shop${++n}`,
        configuration: 'services: {}\n',
        repositoryId,
        gitRef: 'main',
        composePath: 'compose.yaml',
        previewsEnabled: true,
      },
    });
  const claim = async (parentId: string, number: number, head: string) => {
    const parent = (await stacks.byId(parentId))!;
    const request = {
      number,
      action: 'open' as const,
      providerAction: 'opened',
      headSha: head,
      headRef: 'feature',
      title: 'Feature',
      fork: false,
      headRepository: null,
      merged: false,
      fetchRef: `refs/pull/${number}/head`,
    };
    const c = await previews.claim(parent, request, new Date());
    if (!('stack' in c)) throw new Error('name taken');
    return c.stack;
  };
  const queue = (parentId: string, number: number, action: 'open' | 'update' | 'close', head: string | null, reason = 'queued') =>
    store.record({
      stackId: parentId,
      source: 'github',
      event: 'pull_request',
      deliveryId: `d-${++n}`,
      ref: `refs/pull/${number}/head`,
      commitSha: head,
      signature: 'valid',
      decision: 'queued',
      reason,
      pullRequest: number,
      action,
    });
  const decisions = async (parentId: string) =>
    (await prisma.delivery.findMany({ where: { stackId: parentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((d) => [
      d.pullRequest,
      d.commitSha?.[0] ?? null,
      d.decision,
      d.reason,
    ]);

  /** The fakes, and what they were asked. */
  const world = (onTick: (tick: number) => Promise<void> = async () => undefined) => {
    const calls: string[] = [];
    let tick = 0;
    const deps: PreviewRunnerDeps = {
      store,
      stacks,
      previews,
      fetchHead: async (_repo, ref) => void calls.push(`fetch ${ref}`),
      hasCommit: async () => true,
      deploy: async (preview, head) => {
        calls.push(`deploy ${preview.name} ${head[0]}`);
        if (await stacks.deploymentBusy(preview.id)) throw conflict('deployment_in_progress', 'busy');
        const version = (await prisma.deployment.count({ where: { stackId: preview.id } })) + 1;
        const d = await prisma.deployment.create({
          data: { stackId: preview.id, version, status: 'running', configuration: '', rendered: '', commitSha: head },
        });
        return { deploymentId: d.id, version };
      },
      tearDown: async (preview, why) => {
        calls.push(`teardown ${preview.name}: ${why}`);
        await prisma.stack.delete({ where: { id: preview.id } });
      },
      sleep: async () => {
        if (++tick > 50) throw new Error('the runner did not finish');
        await onTick(tick);
      },
      pollMs: 0,
    };
    return { deps, calls, ticks: () => tick };
  };
  const finishAll = (status = 'succeeded') => prisma.deployment.updateMany({ where: { status: 'running' }, data: { status } });
  const run = (deps: PreviewRunnerDeps, parentId: string) => new PreviewRunner(deps).run(parentId, async () => undefined);

  it('should deploy only the newest event of each request, and record the others as superseded', async () => {
    const parent = await newParent();
    await claim(parent.id, 3, sha('c'));
    await claim(parent.id, 4, sha('f'));
    await queue(parent.id, 3, 'open', sha('a'));
    await queue(parent.id, 3, 'update', sha('b'));
    await queue(parent.id, 4, 'open', sha('f'));
    await queue(parent.id, 3, 'update', sha('c'));
    const { deps, calls } = world(() => finishAll().then(() => undefined));
    await run(deps, parent.id);
    expect(calls).toEqual([
      'fetch refs/pull/3/head',
      `deploy ${parent.name}-pr-3 c`,
      'fetch refs/pull/4/head',
      `deploy ${parent.name}-pr-4 f`,
    ]);
    expect(await decisions(parent.id)).toEqual([
      [3, 'a', 'superseded', 'superseded by a newer event of request #3'],
      [3, 'b', 'superseded', 'superseded by a newer event of request #3'],
      [4, 'f', 'deployed', `deployed ${parent.name}-pr-4 as version 1`],
      [3, 'c', 'deployed', `deployed ${parent.name}-pr-3 as version 1`],
    ]);
  });

  it('should hold a push made during a deployment until that one has finished, then deploy it', async () => {
    const parent = await newParent();
    await claim(parent.id, 5, sha('a'));
    await queue(parent.id, 5, 'open', sha('a'));
    const { deps, calls } = world(async (tick) => {
      // the first deployment runs for three ticks; a push comes in during it
      if (tick === 1) await queue(parent.id, 5, 'update', sha('b'));
      if (tick === 3) await finishAll();
      if (tick === 5) await finishAll();
    });
    await run(deps, parent.id);
    expect(calls.filter((c) => c.startsWith('deploy'))).toEqual([`deploy ${parent.name}-pr-5 a`, `deploy ${parent.name}-pr-5 b`]);
    expect(await decisions(parent.id)).toEqual([
      [5, 'a', 'deployed', `deployed ${parent.name}-pr-5 as version 1`],
      [5, 'b', 'deployed', `deployed ${parent.name}-pr-5 as version 2`],
    ]);
  });

  it('should tear down on a close, after the deployment under way, saying why', async () => {
    const parent = await newParent();
    await claim(parent.id, 6, sha('a'));
    await queue(parent.id, 6, 'open', sha('a'));
    const { deps, calls } = world(async (tick) => {
      if (tick === 1) await queue(parent.id, 6, 'close', sha('a'), `queued: tearing down ${parent.name}-pr-6 (request #6 merged)`);
      if (tick === 2) await finishAll('failed');
    });
    await run(deps, parent.id);
    expect(calls).toEqual(['fetch refs/pull/6/head', `deploy ${parent.name}-pr-6 a`, `teardown ${parent.name}-pr-6: request #6 merged`]);
    expect(await previews.byNumber(parent.id, 6)).toBeNull();
    const rows = await decisions(parent.id);
    expect(rows[0]).toEqual([6, 'a', 'failed', 'failed: the deployment failed']);
    expect(rows[1]).toEqual([6, 'a', 'removed', `removed: ${parent.name}-pr-6 torn down (request #6 merged)`]);
  });

  it('should answer every way a deploy can fail in its reason, and not deploy what runs already', async () => {
    const parent = await newParent();
    for (const k of [7, 8, 9, 10]) await claim(parent.id, k, sha('a'));
    await prisma.deployment.create({
      data: {
        stackId: (await previews.byNumber(parent.id, 10))!.id,
        version: 1,
        status: 'succeeded',
        configuration: '',
        rendered: '',
        commitSha: sha('a'),
      },
    });
    await queue(parent.id, 7, 'open', sha('a'));
    await queue(parent.id, 8, 'open', sha('b'));
    await queue(parent.id, 9, 'open', sha('c'));
    await queue(parent.id, 10, 'update', sha('a'));
    await queue(parent.id, 11, 'open', sha('d'));
    const { deps } = world();
    deps.fetchHead = async (_repo, ref) => {
      if (ref === 'refs/pull/7/head') throw new Error('Fetching refs/pull/7/head of https://git.example.test/shop.git: timed out');
    };
    deps.hasCommit = async (_repo, head) => head !== sha('b');
    const deploy = deps.deploy;
    deps.deploy = async (preview, head, ref) => {
      if (head === sha('c')) throw badRequest('invalid_file', 'compose.yaml at ccccccc, line 3: services.web.image must be a string');
      return deploy(preview, head, ref);
    };
    await run(deps, parent.id);
    expect((await decisions(parent.id)).map((r) => r[3])).toEqual([
      'repository unreachable: Fetching refs/pull/7/head of https://git.example.test/shop.git: timed out',
      'failed: commit bbbbbbb is not at refs/pull/8/head any more (pushed over?); the next push deploys',
      'failed: compose.yaml at ccccccc, line 3: services.web.image must be a string',
      `ignored: ${parent.name}-pr-10 already runs aaaaaaa`,
      'ignored: the preview of request #11 was torn down before this event deployed',
    ]);
  });

  it('should send again what a restart left deploying without its deployment, and stop for a deleted parent', async () => {
    const parent = await newParent();
    await claim(parent.id, 12, sha('e'));
    const d = await queue(parent.id, 12, 'open', sha('e'));
    await store.update(d.id, { decision: 'deploying', reason: 'queued: deploying eeeeeee' });
    const { deps, calls } = world(() => finishAll().then(() => undefined));
    await run(deps, parent.id);
    expect(calls).toEqual(['fetch refs/pull/12/head', `deploy ${parent.name}-pr-12 e`]);
    expect((await decisions(parent.id))[0][2]).toBe('deployed');

    const gone = world();
    await run(gone.deps, 'no-such-stack');
    expect(gone.calls).toEqual([]);
  });
});
