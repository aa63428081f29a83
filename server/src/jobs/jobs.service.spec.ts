import type { PrismaService } from '../database/prisma.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import { JobStore } from './job.store.js';
import { JobsService } from './jobs.service.js';
import { StepFailure, type JobDefinition } from './job.types.js';

describe(JobsService.name, () => {
  let prisma: PrismaService;
  let runs: string[];
  let failOnce: boolean;

  const kind: JobDefinition<{ seen?: number }> = {
    kind: 'test.three',
    steps: ['a', 'b', 'c'].map((name) => ({
      name,
      title: `Step ${name}`,
      async run(ctx) {
        runs.push(name);
        ctx.data.seen = (ctx.data.seen ?? 0) + 1;
        if (name === 'b' && failOnce) {
          failOnce = false;
          throw new StepFailure('b could not reach the outpost');
        }
        await ctx.log(`${name} done`);
      },
    })),
  };

  let openGate: () => void = () => undefined;
  const gated: JobDefinition<object> = {
    kind: 'test.gated',
    steps: [
      {
        name: 'wait',
        title: 'Wait for the test',
        run: () => {
          runs.push('wait');
          return new Promise<void>((resolve) => (openGate = resolve));
        },
      },
    ],
  };

  const service = () => {
    const jobs = new JobsService(new JobStore(prisma));
    jobs.register(kind);
    jobs.register(gated);
    return jobs;
  };

  beforeAll(async () => {
    prisma = await migratedDatabase('jobs');
  });
  afterAll(() => prisma.$disconnect());
  beforeEach(() => {
    runs = [];
    failOnce = false;
  });

  it('should run every step in order and keep data between steps', async () => {
    const jobs = service();
    const job = await jobs.enqueue('test.three', { type: 'server', id: 's1' }, {});
    const done = await jobs.settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.completedSteps).toEqual(['a', 'b', 'c']);
    expect(runs).toEqual(['a', 'b', 'c']);
    expect(done.progress.map((p) => p.message)).toEqual(['a done', 'b done', 'c done']);
    expect(done.steps).toEqual([
      { name: 'a', title: 'Step a' },
      { name: 'b', title: 'Step b' },
      { name: 'c', title: 'Step c' },
    ]);
  });

  it('should stop at a failed step and retry from it, not from the start', async () => {
    failOnce = true;
    const jobs = service();
    const job = await jobs.enqueue('test.three', null, {});
    const failed = await jobs.settled(job.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'b could not reach the outpost', currentStep: 'b', completedSteps: ['a'] });
    await jobs.retry(job.id);
    const done = await jobs.settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(runs).toEqual(['a', 'b', 'b', 'c']);
    expect(done.attempts).toBe(2);
  });

  it('should resume running jobs after a restart and fail the ones it cannot resume', async () => {
    const store = new JobStore(prisma);
    const interrupted = await store.create('test.three', null, null, {});
    await store.update(interrupted.id, { status: 'running', completedSteps: ['a'], attempts: 1 });
    const unknown = await store.create('test.gone', null, null, {});
    await store.update(unknown.id, { status: 'running' });
    const jobs = service();
    expect(await jobs.recover()).toBeGreaterThanOrEqual(2);
    const resumed = await jobs.settled(interrupted.id);
    expect(resumed.status).toBe('succeeded');
    expect(runs).toEqual(['b', 'c']);
    expect(resumed.progress[0].message).toBe('Mission Control restarted; resuming after step "a".');
    const gone = await jobs.get(unknown.id);
    expect(gone).toMatchObject({ status: 'failed', error: 'Mission Control no longer knows jobs of kind test.gone.' });
  });

  it('should refuse an unknown kind and an unknown id', async () => {
    const jobs = service();
    await expect(jobs.enqueue('test.nope', null, {})).rejects.toThrow('unknown job kind test.nope');
    await expect(jobs.get('missing')).rejects.toThrow('No job with id missing.');
  });

  describe('one job per kind and target', () => {
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    it('should start one job for two requests at once, and answer both with it', async () => {
      const jobs = service();
      const target = { type: 'cluster', id: 'double-click' };
      const [first, second] = await Promise.all([jobs.enqueue('test.gated', target, {}), jobs.enqueue('test.gated', target, {})]);
      expect(second.id).toBe(first.id);
      await until(() => runs.length > 0);
      const third = await jobs.enqueue('test.gated', target, {});
      expect(third.id).toBe(first.id);
      openGate();
      expect((await jobs.settled(first.id)).status).toBe('succeeded');
      expect(runs).toEqual(['wait']);
      expect(await prisma.job.count({ where: { kind: 'test.gated', targetId: 'double-click' } })).toBe(1);
    });

    it('should start a new job once the earlier one has finished', async () => {
      const jobs = service();
      const target = { type: 'cluster', id: 'again-later' };
      const first = await jobs.enqueue('test.gated', target, {});
      await until(() => runs.length > 0);
      openGate();
      await jobs.settled(first.id);
      const second = await jobs.enqueue('test.gated', target, {});
      expect(second.id).not.toBe(first.id);
      await until(() => runs.length > 1);
      openGate();
      expect((await jobs.settled(second.id)).status).toBe('succeeded');
    });

    it('should run jobs of other targets and other kinds side by side', async () => {
      const jobs = service();
      const [a, b, c] = await Promise.all([
        jobs.enqueue('test.gated', { type: 'server', id: 'side-a' }, {}),
        jobs.enqueue('test.three', { type: 'server', id: 'side-a' }, {}),
        jobs.enqueue('test.three', { type: 'server', id: 'side-b' }, {}),
      ]);
      expect(new Set([a.id, b.id, c.id]).size).toBe(3);
      expect((await jobs.settled(b.id)).status).toBe('succeeded');
      expect((await jobs.settled(c.id)).status).toBe('succeeded');
      await until(() => runs.includes('wait'));
      openGate();
      expect((await jobs.settled(a.id)).status).toBe('succeeded');
    });
  });
});
