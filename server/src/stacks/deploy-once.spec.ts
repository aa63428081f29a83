import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import { JobsService } from '../jobs/jobs.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const FILE = 'services:\n  web:\n    image: nginx:1.27\n';

describe('POST /api/stacks/:id/deploy twice at once', () => {
  let t: TestApp;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    t = await startTestApp(tempDir('deploy-once'));
    // the real deploy job needs a cluster; this one holds "running" until the test lets it go
    t.app.get(JobsService).register({
      kind: DEPLOY_JOB,
      steps: [{ name: 'hold', title: 'Hold', run: () => new Promise<void>((resolve) => (release = resolve)) }],
    });
  });
  afterAll(async () => {
    release();
    await t.app.close();
  });

  it('should start one deployment and answer both clicks with it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/stacks', payload: { name: 'twice', configuration: FILE } });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const deploy = () => t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` });
    const [first, second] = await Promise.all([deploy(), deploy()]);
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    expect(second.json<{ deploymentId: string }>().deploymentId).toBe(first.json<{ deploymentId: string }>().deploymentId);
    const prisma = t.app.get(PrismaService);
    expect(await prisma.deployment.count({ where: { stackId: id } })).toBe(1);
    expect(await prisma.job.count({ where: { kind: DEPLOY_JOB } })).toBe(1);
  });

  it('should still refuse a different file while a deployment runs', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/stacks', payload: { name: 'changed', configuration: FILE } });
    const id = created.json<{ id: string }>().id;
    expect((await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` })).statusCode).toBe(202);
    await t.app.inject({ method: 'PUT', url: `/api/stacks/${id}`, payload: { configuration: FILE.replace('1.27', '1.28') } });
    const again = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('deployment_in_progress');
  });
});
