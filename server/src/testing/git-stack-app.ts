/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- read by specs, which take API answers loosely as JSON (the rules the specs run under) */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaService } from '../database/prisma.service.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import { seedRepo, type WorkClone } from '../git/testing/git-fixtures.js';
import { startTestGitHttpServer, type TestGitHttpServer } from '../git/testing/git-http-server.js';
import { JobsService } from '../jobs/jobs.service.js';
import { startTestApp, type TestApp } from './test-app.js';

type Json = any;

export interface GitStackApp {
  t: TestApp;
  server: TestGitHttpServer;
  work: WorkClone;
  prisma: PrismaService;
  /** the Git stack `shop`, on `main` under `deploy/` */
  stackId: string;
  /** the stack's webhook path and secret */
  hookUrl: string;
  secret: string;
  /** the bare repository the smart-HTTP server serves */
  bare: string;
  call: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => Promise<{ status: number; body: Json }>;
  /** The first of the stack's deliveries `match` picks once it has left queued/deploying (polls for 30 s). */
  settled: (match: (d: Json) => boolean) => Promise<Json>;
  close: () => Promise<void>;
}

/**
 * A Mission Control with real git and a real SQLite file in `dir`: a smart-HTTP server on loopback
 * serving `shop` seeded with `files`, a Git stack `shop` on it with a webhook, and a stand-in deploy
 * job that only marks the deployment succeeded and the stack running (no Swarm here; the e2e
 * suites deploy to a real one). `seeded` runs on the work clone before anything fetches it.
 */
export async function startGitStackApp(
  dir: string,
  files: Record<string, string>,
  seeded?: (work: WorkClone, bare: string) => Promise<void>,
): Promise<GitStackApp> {
  const bare = path.join(dir, 'served', 'shop.git');
  const { work } = await seedRepo(bare, path.join(dir, 'work'), files);
  await seeded?.(work, bare);
  const server = await startTestGitHttpServer({ root: path.join(dir, 'served') });
  const t = await startTestApp(path.join(dir, 'data'));
  const prisma = t.app.get(PrismaService);
  t.app.get(JobsService).register({
    kind: DEPLOY_JOB,
    steps: [
      {
        name: 'done',
        title: 'Done',
        run: async (ctx) => {
          const d = await prisma.deployment.update({
            where: { id: ctx.targetId! },
            data: { status: 'succeeded', finishedAt: new Date() },
          });
          await prisma.stack.update({ where: { id: d.stackId }, data: { status: 'running' } });
        },
      },
    ],
  });
  const call: GitStackApp['call'] = async (method, url, payload) => {
    const res = await t.app.inject({ method, url, payload });
    return { status: res.statusCode, body: res.body ? res.json<Json>() : null };
  };
  const repo = await prisma.repository.create({ data: { name: 'shop', url: server.repoUrl('shop'), access: 'public' } });
  const created = await call('POST', '/api/stacks', { name: 'shop', source: { repositoryId: repo.id, ref: 'main', path: 'deploy' } });
  if (created.status !== 201) throw new Error(`could not create the stack: ${JSON.stringify(created.body)}`);
  const stackId: string = created.body.id;
  const made = await call('POST', `/api/stacks/${stackId}/webhook`);
  const settled: GitStackApp['settled'] = async (match) => {
    for (let i = 0; i < 600; i++) {
      const d = ((await call('GET', `/api/stacks/${stackId}/deliveries`)).body as Json[]).find(match);
      if (d && !['queued', 'deploying'].includes(d.decision)) return d;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the delivery did not settle');
  };
  const close = async () => {
    await t.app.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return {
    t,
    server,
    work,
    prisma,
    stackId,
    hookUrl: new URL(made.body.url).pathname,
    secret: made.body.secret,
    bare,
    call,
    settled,
    close,
  };
}
