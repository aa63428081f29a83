import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { DeliveryStore } from '../deliveries/delivery.store.js';
import type { EventsService } from '../events/events.service.js';
import { JobStore } from '../jobs/job.store.js';
import { JobsService } from '../jobs/jobs.service.js';
import { migratedDatabase } from '../testing/test-database.js';
import { PREVIEW_JOB } from './preview-job-kind.js';
import { spanInWords } from './preview-reasons.js';
import { PreviewStacks } from './preview-stacks.js';
import { PreviewSweeper } from './preview-sweeper.js';

const HOUR = 3600_000;

describe(PreviewSweeper.name, () => {
  let prisma: PrismaService;
  let sweeper: PreviewSweeper;
  let parentId: string;
  const started: string[] = [];
  const now = new Date('2026-12-02T12:00:00Z');

  beforeAll(async () => {
    prisma = await migratedDatabase('preview-sweeper');
    const jobs = new JobsService(new JobStore(prisma));
    // the preview job itself is the runner's spec; here only that it is asked for
    jobs.register({ kind: PREVIEW_JOB, steps: [{ name: 'noop', title: 'noop', run: async (ctx) => void started.push(ctx.targetId!) }] });
    const previews = new PreviewStacks(prisma, { tryRecord: async () => null } as unknown as EventsService);
    sweeper = new PreviewSweeper({ previewTtlSeconds: 3600 } as AppConfig, previews, new DeliveryStore(prisma), jobs);
    const clusterId = (await prisma.cluster.create({ data: {} })).id;
    const parent = await prisma.stack.create({ data: { clusterId, name: 'shop', configuration: 'services: {}\n' } });
    parentId = parent.id;
    const preview = (number: number, activeAt: Date) =>
      prisma.stack.create({
        data: {
          clusterId,
          name: `shop-pr-${number}`,
          configuration: 'services: {}\n',
          parentStackId: parent.id,
          previewNumber: number,
          previewActiveAt: activeAt,
          previewHeadSha: 'a'.repeat(40),
          gitRef: `refs/pull/${number}/head`,
        },
      });
    await preview(1, new Date(now.getTime() - 2 * HOUR));
    await preview(2, new Date(now.getTime() - 0.5 * HOUR));
  });
  afterAll(() => prisma.$disconnect());

  it('should queue one teardown for a preview past its time to live, and start the parent job', async () => {
    await sweeper.tick(now);
    await sweeper.tick(new Date(now.getTime() + 60_000));
    const rows = await prisma.delivery.findMany({ where: { stackId: parentId } });
    expect(rows.map((r) => [r.source, r.pullRequest, r.action, r.decision, r.reason])).toEqual([
      ['ttl', 1, 'close', 'queued', 'queued: tearing down shop-pr-1 (no push for 1 hour)'],
    ]);
    for (let i = 0; i < 100 && !started.includes(parentId); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toContain(parentId);
  });

  it('should say the time to live in words', () => {
    expect([604_800, 7200, 60, 90].map(spanInWords)).toEqual(['7 days', '2 hours', '1 minute', '90 seconds']);
  });
});
