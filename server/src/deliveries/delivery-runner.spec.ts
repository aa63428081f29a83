import type { PrismaService } from '../database/prisma.service.js';
import { ApiError, badRequest, conflict } from '../errors/api-error.js';
import type { GitService } from '../git/git.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import type { CommitDeployer } from './commit-deployer.js';
import { deliveryJob } from './delivery-job.js';
import { DeliveryRunner } from './delivery-runner.js';
import { DeliveryStore } from './delivery.store.js';
import { StackState } from './stack-state.js';

const sha = (c: string) => c.repeat(40);

/** A git fake that answers only what a test set up; any other call fails the test. */
function fakeGit(over: Partial<Record<'fetch' | 'hasCommit' | 'changedPaths', (...args: any[]) => Promise<any>>> = {}) {
  const calls: string[] = [];
  const strict = (name: string) => () => Promise.reject(new Error(`unexpected git.${name}`));
  const git = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) => {
          calls.push(name);
          return ((over as Record<string, (...a: unknown[]) => Promise<unknown>>)[name] ?? strict(name))(...args);
        },
    },
  ) as GitService;
  return { git, calls };
}

describe(DeliveryRunner.name, () => {
  let prisma: PrismaService;
  let store: DeliveryStore;
  let stacks: StackState;
  let clusterId: string;
  let repositoryId: string;
  let n = 0;

  beforeAll(async () => {
    prisma = await migratedDatabase('delivery-runner');
    store = new DeliveryStore(prisma);
    stacks = new StackState(prisma);
    clusterId = (await prisma.cluster.create({ data: {} })).id;
    repositoryId = (await prisma.repository.create({ data: { name: 'shop', url: 'https://git.example.test/shop.git', access: 'public' } }))
      .id;
  });
  afterAll(() => prisma.$disconnect());

  const newStack = async () =>
    prisma.stack.create({
      data: {
        clusterId,
        name: `shop-${++n}`,
        configuration: 'services: {}\n',
        repositoryId,
        gitRef: 'main',
        composePath: 'deploy/compose.yaml',
      },
    });
  const deployment = (stackId: string, version: number, status: string, commitSha: string | null = null) =>
    prisma.deployment.create({ data: { stackId, version, status, configuration: '', rendered: '', commitSha } });
  const queue = (stackId: string, commit: string, source = 'github') =>
    store.record({
      stackId,
      source: source as 'github',
      event: 'push',
      deliveryId: `d-${commit}`,
      ref: 'refs/heads/main',
      commitSha: commit,
      signature: 'valid',
      decision: 'queued',
      reason: 'queued',
    });
  const decisions = async (stackId: string) =>
    (await prisma.delivery.findMany({ where: { stackId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((d) => [
      d.commitSha?.[0],
      d.decision,
      d.reason,
    ]);

  /** Deploys by creating the deployment row a real deploy would, succeeding at once unless told otherwise. */
  function fakeDeployer(opts: { outcome?: 'succeeded' | 'failed'; refuse?: ApiError[] } = {}) {
    const deployed: { sha: string; ref: string; trigger: string }[] = [];
    const refusals = [...(opts.refuse ?? [])];
    const deployer: CommitDeployer = {
      watchedPaths: () => Promise.resolve(['deploy/']),
      deployCommit: async (stackId, o) => {
        const refusal = refusals.shift();
        if (refusal) throw refusal;
        deployed.push(o);
        const version = (await prisma.deployment.count({ where: { stackId } })) + 1;
        const d = await deployment(stackId, version, opts.outcome ?? 'succeeded', o.sha);
        if (opts.outcome === 'failed')
          await prisma.deployment.update({ where: { id: d.id }, data: { error: 'deploy/compose.yaml:3:5: image is missing' } });
        return { deploymentId: d.id, version };
      },
    };
    return { deployer, deployed };
  }
  const runner = (git: GitService, deployer: CommitDeployer) => new DeliveryRunner({ store, stacks, git, deployer, pollMs: 10 });
  const log = () => Promise.resolve();
  const reachable = () =>
    fakeGit({ fetch: async () => undefined, hasCommit: async () => true, changedPaths: async () => ['deploy/compose.yaml'] });

  it('should wait out a running deployment, then deploy only the newest of a burst', async () => {
    const stack = await newStack();
    const busy = await deployment(stack.id, 1, 'running');
    for (const c of ['4', '5', '6']) await queue(stack.id, sha(c));
    const { deployer, deployed } = fakeDeployer();
    const run = runner(reachable().git, deployer).run(stack.id, log);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deployed).toEqual([]); // still waiting behind the running one
    await prisma.deployment.update({ where: { id: busy.id }, data: { status: 'succeeded' } });
    await run;
    expect(deployed).toEqual([{ sha: sha('6'), ref: 'main', trigger: 'push' }]);
    expect(await decisions(stack.id)).toEqual([
      ['4', 'superseded', 'superseded by 6666666'],
      ['5', 'superseded', 'superseded by 6666666'],
      ['6', 'deployed', 'deployed as version 2'],
    ]);
    const row = await prisma.delivery.findFirst({ where: { stackId: stack.id, decision: 'deployed' } });
    expect(row?.deploymentId).toBeTruthy();
  });

  it('should check the path filter against what runs now, after fetching', async () => {
    const stack = await newStack();
    await deployment(stack.id, 1, 'succeeded', sha('1'));
    await queue(stack.id, sha('2'), 'poll');
    let asked: unknown[] = [];
    const { git } = fakeGit({
      fetch: async () => undefined,
      hasCommit: async () => true,
      changedPaths: async (...args: unknown[]) => ((asked = args.slice(1)), ['README.md', 'src/deploy/x.ts']),
    });
    const { deployer, deployed } = fakeDeployer();
    await runner(git, deployer).run(stack.id, log);
    expect(asked).toEqual([sha('1'), sha('2')]);
    expect(deployed).toEqual([]);
    expect(await decisions(stack.id)).toEqual([['2', 'ignored', 'ignored: no change under deploy/']]);
  });

  it('should say the repository is unreachable when the fetch fails, and deploy nothing', async () => {
    const stack = await newStack();
    await queue(stack.id, sha('3'));
    const { git } = fakeGit({
      fetch: () => Promise.reject(new ApiError(502, 'git_failed', 'https://git.example.test/shop.git: connection refused')),
    });
    const { deployer, deployed } = fakeDeployer();
    await runner(git, deployer).run(stack.id, log);
    expect(deployed).toEqual([]);
    expect(await decisions(stack.id)).toEqual([
      ['3', 'failed', 'repository unreachable: https://git.example.test/shop.git: connection refused'],
    ]);
  });

  it('should record an invalid file as failed with its message', async () => {
    const stack = await newStack();
    await queue(stack.id, sha('7'));
    const { deployer } = fakeDeployer({
      refuse: [badRequest('invalid_configuration', 'deploy/compose.yaml at 7777777, line 3, column 5: image is missing')],
    });
    await runner(reachable().git, deployer).run(stack.id, log);
    expect(await decisions(stack.id)).toEqual([
      ['7', 'failed', 'failed: deploy/compose.yaml at 7777777, line 3, column 5: image is missing'],
    ]);
  });

  it('should retry when a deployment started in between, and report a failed deployment', async () => {
    const stack = await newStack();
    await queue(stack.id, sha('8'));
    const { deployer, deployed } = fakeDeployer({ outcome: 'failed', refuse: [conflict('deployment_in_progress', 'busy')] });
    await runner(reachable().git, deployer).run(stack.id, log);
    expect(deployed).toHaveLength(1);
    expect(await decisions(stack.id)).toEqual([['8', 'failed', 'failed: deploy/compose.yaml:3:5: image is missing']]);
  });

  it('should ignore a commit that is already deployed', async () => {
    const stack = await newStack();
    await deployment(stack.id, 1, 'succeeded', sha('9'));
    await queue(stack.id, sha('9'));
    const { deployer, deployed } = fakeDeployer();
    await runner(reachable().git, deployer).run(stack.id, log);
    expect(deployed).toEqual([]);
    expect(await decisions(stack.id)).toEqual([['9', 'ignored', 'ignored: 9999999 is already deployed']]);
  });

  it('should finish watching a deployment a restart interrupted, without deploying again', async () => {
    const stack = await newStack();
    const started = await deployment(stack.id, 1, 'running', sha('a'));
    const d = await queue(stack.id, sha('a'));
    await store.update(d.id, { decision: 'deploying', reason: 'deploying aaaaaaa from main as version 1', deploymentId: started.id });
    const { git, calls } = fakeGit();
    const { deployer, deployed } = fakeDeployer();
    const run = runner(git, deployer).run(stack.id, log);
    await prisma.deployment.update({ where: { id: started.id }, data: { status: 'succeeded' } });
    await run;
    expect(deployed).toEqual([]);
    expect(calls).toEqual([]);
    expect(await decisions(stack.id)).toEqual([['a', 'deployed', 'deployed as version 1']]);
  });

  it('should start the job again when a delivery came as it finished', async () => {
    const stack = await newStack();
    const requeued: string[] = [];
    const job = deliveryJob({
      store,
      stacks,
      git: fakeGit().git,
      deployer: fakeDeployer().deployer,
      pollMs: 10,
      requeue: async (id) => void requeued.push(id),
    });
    const ctx = { jobId: 'j', targetId: stack.id, data: {}, log };
    await job.onSuccess!(ctx);
    expect(requeued).toEqual([]);
    await queue(stack.id, sha('b'));
    await job.onSuccess!(ctx);
    expect(requeued).toEqual([stack.id]);
  });
});
