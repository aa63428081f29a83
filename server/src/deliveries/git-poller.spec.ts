import type { PrismaService } from '../database/prisma.service.js';
import type { GitService, RemoteRefs } from '../git/git.service.js';
import { JobStore } from '../jobs/job.store.js';
import { JobsService } from '../jobs/jobs.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import type { VaultService } from '../vault/vault.service.js';
import type { CommitDeployer } from './commit-deployer.js';
import type { RequestIntake } from './request-intake.js';
import { DeliveryIntake } from './delivery-intake.js';
import { DELIVERY_JOB } from './delivery-job.js';
import { DeliveryStore } from './delivery.store.js';
import { GitPoller } from './git-poller.js';
import { StackState } from './stack-state.js';

const sha = (c: string) => c.repeat(40);
const refs = (entries: Record<string, string>): RemoteRefs => ({ head: 'refs/heads/main', refs: new Map(Object.entries(entries)) });
const unused = <T>(what: string) =>
  new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`unexpected ${what}.${String(name)}`)) }) as T;

describe(GitPoller.name, () => {
  let prisma: PrismaService;
  let clusterId: string;
  let n = 0;
  let answers: Map<string, RemoteRefs | Error>;
  let asked: string[];
  let poller: GitPoller;
  let enqueued: string[];

  beforeAll(async () => {
    prisma = await migratedDatabase('git-poller');
    clusterId = (await prisma.cluster.create({ data: {} })).id;
    const store = new DeliveryStore(prisma);
    const stacks = new StackState(prisma);
    const git = {
      remoteRefs: async (repo: { url: string }) => {
        asked.push(repo.url);
        const answer = answers.get(repo.url);
        if (!answer || answer instanceof Error) throw answer ?? new Error('no answer set');
        return answer;
      },
    } as unknown as GitService;
    const jobs = new JobsService(new JobStore(prisma));
    // the delivery job itself is the runner's spec; here only that it is asked for
    jobs.register({ kind: DELIVERY_JOB, steps: [{ name: 'noop', title: 'noop', run: async (ctx) => void enqueued.push(ctx.targetId!) }] });
    const intake = new DeliveryIntake(
      store,
      stacks,
      unused<VaultService>('vault'),
      git,
      unused<CommitDeployer>('deployer'),
      jobs,
      unused<RequestIntake>('requests'),
    );
    poller = new GitPoller(stacks, store, git, intake, jobs);
  });
  afterAll(() => prisma.$disconnect());
  beforeEach(() => {
    answers = new Map();
    asked = [];
    enqueued = [];
  });

  const repository = (name: string) =>
    prisma.repository.create({ data: { name, url: `https://git.example.test/${name}.git`, access: 'public' } });
  const stack = (repositoryId: string, data: Record<string, unknown> = {}) =>
    prisma.stack.create({
      data: { clusterId, name: `s${++n}`, configuration: '', repositoryId, gitRef: 'main', composePath: 'deploy/', ...data },
    });
  const deliveries = async (stackId: string) =>
    (await prisma.delivery.findMany({ where: { stackId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((d) => [
      d.source,
      d.ref,
      d.commitSha?.slice(0, 7) ?? null,
      d.decision,
      d.reason,
    ]);
  const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

  it('should ask each repository once for all its due stacks, and queue a new commit once', async () => {
    const repo = await repository('shared');
    const a = await stack(repo.id, { lastSeenCommit: sha('1') });
    const b = await stack(repo.id, { lastSeenCommit: sha('1'), gitRef: 'dev' });
    answers.set(repo.url, refs({ 'refs/heads/main': sha('2'), 'refs/heads/dev': sha('1') }));
    await poller.tick(at(0));
    expect(asked).toEqual([repo.url]);
    expect(await deliveries(a.id)).toEqual([['poll', 'refs/heads/main', '2222222', 'queued', 'queued: deploying 2222222 from main']]);
    expect(await deliveries(b.id)).toEqual([]);
    expect((await prisma.stack.findUnique({ where: { id: a.id } }))?.lastSeenCommit).toBe(sha('2'));
    await poller.tick(at(30)); // not due yet (60 s)
    await poller.tick(at(60));
    expect(asked).toEqual([repo.url, repo.url]);
    expect(await deliveries(a.id)).toHaveLength(1);
  });

  it('should take the commit of a stack deployed before its first poll as the baseline', async () => {
    const repo = await repository('baseline');
    const s = await stack(repo.id);
    await prisma.deployment.create({
      data: { stackId: s.id, version: 1, configuration: '', rendered: '', commitSha: sha('5'), status: 'succeeded' },
    });
    answers.set(repo.url, refs({ 'refs/heads/main': sha('5') }));
    await poller.tick(at(0));
    expect(await deliveries(s.id)).toEqual([]);
    expect((await prisma.stack.findUnique({ where: { id: s.id } }))?.lastSeenCommit).toBe(sha('5'));
  });

  it('should report an unreachable repository once per change of error', async () => {
    const repo = await repository('flaky');
    const s = await stack(repo.id, { lastSeenCommit: sha('1'), pollIntervalSeconds: 10 });
    answers.set(repo.url, new Error('https://git.example.test/flaky.git: connection refused'));
    for (const t of [0, 10, 20]) await poller.tick(at(t));
    answers.set(repo.url, new Error('https://git.example.test/flaky.git: timed out after 120 s (OTTERNAUTS_GIT_FETCH_TIMEOUT)'));
    await poller.tick(at(30));
    answers.set(repo.url, refs({ 'refs/heads/main': sha('1') }));
    await poller.tick(at(40));
    answers.set(repo.url, new Error('https://git.example.test/flaky.git: connection refused'));
    await poller.tick(at(50));
    expect(asked).toHaveLength(6);
    expect((await deliveries(s.id)).map((d) => d.slice(3))).toEqual([
      ['failed', 'repository unreachable: https://git.example.test/flaky.git: connection refused'],
      ['failed', 'repository unreachable: https://git.example.test/flaky.git: timed out after 120 s (OTTERNAUTS_GIT_FETCH_TIMEOUT)'],
      ['failed', 'repository unreachable: https://git.example.test/flaky.git: connection refused'],
    ]);
  });

  it('should follow the highest matching tag in version order, peeled to its commit, once', async () => {
    const repo = await repository('tags');
    const s = await stack(repo.id, { lastSeenCommit: sha('1'), tagPattern: 'v1.*' });
    answers.set(
      repo.url,
      refs({
        'refs/heads/main': sha('1'),
        'refs/tags/v1.9': sha('9'),
        'refs/tags/v1.10': sha('e'), // an annotated tag object...
        'refs/tags/v1.10^{}': sha('a'), // ...and the commit it names
        'refs/tags/v2.0': sha('2'),
      }),
    );
    await poller.tick(at(0));
    await poller.tick(at(60));
    expect(await deliveries(s.id)).toEqual([['poll', 'refs/tags/v1.10', 'aaaaaaa', 'queued', 'queued: deploying aaaaaaa from v1.10']]);
  });

  it('should say once that the followed branch is gone', async () => {
    const repo = await repository('gone');
    const s = await stack(repo.id, { lastSeenCommit: sha('1') });
    answers.set(repo.url, refs({ 'refs/heads/other': sha('1') }));
    await poller.tick(at(0));
    await poller.tick(at(60));
    expect(await deliveries(s.id)).toEqual([
      ['poll', 'main', null, 'failed', 'failed: the repository has no branch or tag named main any more'],
    ]);
  });

  it('should leave stacks alone whose polling or auto-deploy is off, or that are pasted', async () => {
    const repo = await repository('quiet');
    const off = await stack(repo.id, { autoDeploy: false, lastSeenCommit: sha('1') });
    const never = await stack(repo.id, { pollIntervalSeconds: 0, lastSeenCommit: sha('1') });
    await prisma.stack.create({ data: { clusterId, name: `pasted-${++n}`, configuration: '' } });
    answers.set(repo.url, refs({ 'refs/heads/main': sha('2') }));
    await poller.tick(at(0));
    expect(asked.filter((u) => u === repo.url)).toEqual([]);
    expect([...(await deliveries(off.id)), ...(await deliveries(never.id))]).toEqual([]);
  });

  it('should give queued deliveries left by a restart their job again', async () => {
    const repo = await repository('restart');
    const s = await stack(repo.id, { pollIntervalSeconds: 0 });
    await prisma.delivery.create({
      data: {
        stackId: s.id,
        source: 'github',
        signature: 'valid',
        decision: 'queued',
        reason: 'queued: deploying 3333333 from main',
        commitSha: sha('3'),
      },
    });
    await poller.tick(at(0));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(enqueued).toContain(s.id);
  });
});
