import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import { JobsService } from '../jobs/jobs.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const FILE = 'services:\n  web:\n    image: nginx:1.27\n';

describe('POST /api/stacks/:id/deploy on a pasted stack', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(tempDir('deploy-trigger'));
    // the real deploy job needs a cluster; this one succeeds at once, so deployments follow each other
    t.app.get(JobsService).register({ kind: DEPLOY_JOB, steps: [{ name: 'done', title: 'Done', run: async () => undefined }] });
  });
  afterAll(() => t.app.close());

  const create = async (name: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/stacks', payload: { name, configuration: FILE } })).json<{ id: string }>().id;
  const settle = async (deploymentId: string) => {
    const prisma = t.app.get(PrismaService);
    // the stand-in job does not mark the deployment; a real one would
    await prisma.deployment.update({ where: { id: deploymentId }, data: { status: 'succeeded' } });
  };

  it('should record manual for the dashboard (same-origin) and api for anything else, with or without a body', async () => {
    const id = await create('triggers');
    const fromDashboard = await t.app.inject({
      method: 'POST',
      url: `/api/stacks/${id}/deploy`,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(fromDashboard.statusCode).toBe(202);
    await settle(fromDashboard.json<{ deploymentId: string }>().deploymentId);
    const fromScript = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: {} });
    expect(fromScript.statusCode).toBe(202);
    await settle(fromScript.json<{ deploymentId: string }>().deploymentId);
    const noBody = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` });
    expect(noBody.statusCode).toBe(202);

    const history = (await t.app.inject({ method: 'GET', url: `/api/stacks/${id}/deployments` })).json<
      Array<{ version: number; trigger: string; ref: string | null; commit: unknown; composePath: string | null; files: string[] }>
    >();
    expect(history.map((d) => [d.version, d.trigger])).toEqual([
      [3, 'api'],
      [2, 'api'],
      [1, 'manual'],
    ]);
    expect(history[0]).toMatchObject({ ref: null, commit: null, composePath: null, files: [] });
  });

  it('should record who deployed: the API token by name, admin without one', async () => {
    const id = await create('who');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'ci-who', scopes: ['deploy'], stacks: ['who'] },
    });
    const token = made.json<{ token: string }>().token;
    const first = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, headers: { authorization: `Bearer ${token}` } });
    expect(first.statusCode).toBe(202);
    await settle(first.json<{ deploymentId: string }>().deploymentId);
    const second = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` });
    expect(second.statusCode).toBe(202);
    const history = (await t.app.inject({ method: 'GET', url: `/api/stacks/${id}/deployments` })).json<
      Array<{ version: number; deployedBy: string }>
    >();
    expect(history.map((d) => [d.version, d.deployedBy])).toEqual([
      [2, 'admin'],
      [1, 'ci-who'],
    ]);
    await settle(second.json<{ deploymentId: string }>().deploymentId);
  });

  it('should refuse a ref for a pasted stack and deploy nothing', async () => {
    const id = await create('no-ref');
    const res = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: { ref: 'main' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'not_a_git_stack',
      message: 'no-ref is a pasted stack: it has no repository to deploy a ref from.',
    });
    expect(await t.app.get(PrismaService).deployment.count({ where: { stackId: id } })).toBe(0);
  });

  it('should refuse a ref git would read as an option', async () => {
    const id = await create('dash-ref');
    const res = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: { ref: '--upload-pack=touch /tmp/x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: Array<{ field: string }> } }>().error.details.map((d) => d.field)).toEqual(['ref']);
  });

  it('should mark a rollback as one, and show no source or commit for a pasted stack', async () => {
    const id = await create('rolled');
    const first = (await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy` })).json<{ deploymentId: string }>();
    await settle(first.deploymentId);
    const back = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/rollback`, payload: { deploymentId: first.deploymentId } });
    expect(back.statusCode).toBe(202);
    const d = (await t.app.inject({ method: 'GET', url: `/api/deployments/${back.json<{ deploymentId: string }>().deploymentId}` })).json<{
      trigger: string;
      rollbackOfId: string;
    }>();
    expect(d).toMatchObject({ trigger: 'rollback', rollbackOfId: first.deploymentId });
    const stack = (await t.app.inject({ method: 'GET', url: `/api/stacks/${id}` })).json<{ source: unknown; commit: unknown }>();
    expect([stack.source, stack.commit]).toEqual([null, null]);
    const list = (await t.app.inject({ method: 'GET', url: '/api/stacks' })).json<
      Array<{ name: string; source: unknown; commit: unknown }>
    >();
    expect(list.find((s) => s.name === 'rolled')).toMatchObject({ source: null, commit: null });
  });

  it('should refuse a body with both a file and a source, or neither', async () => {
    const both = await t.app.inject({
      method: 'POST',
      url: '/api/stacks',
      payload: { name: 'both', configuration: FILE, source: { repositoryId: 'r', ref: 'main', path: '' } },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json<{ error: { message: string } }>().error.message).toContain('not both');
    const neither = await t.app.inject({ method: 'POST', url: '/api/stacks', payload: { name: 'neither' } });
    expect(neither.statusCode).toBe(400);
    expect([...new Set(neither.json<{ error: { details: Array<{ field: string }> } }>().error.details.map((d) => d.field))].sort()).toEqual(
      ['configuration', 'source'],
    );
    expect(await t.app.get(PrismaService).stack.count({ where: { name: { in: ['both', 'neither'] } } })).toBe(0);
  });
  it('should deploy new images as a new stored version, and store nothing when a service or image is wrong', async () => {
    const id = await create('imaged');
    const prisma = t.app.get(PrismaService);
    const res = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: { images: { web: 'nginx:1.28' } } });
    expect(res.statusCode).toBe(202);
    const d = await prisma.deployment.findUniqueOrThrow({ where: { id: res.json<{ deploymentId: string }>().deploymentId } });
    expect([d.version, d.configuration]).toEqual([1, 'services:\n  web:\n    image: nginx:1.28\n']);
    expect((await prisma.stack.findUniqueOrThrow({ where: { id } })).configuration).toBe('services:\n  web:\n    image: nginx:1.28\n');
    const event = await prisma.event.findFirst({ where: { stackId: id, kind: 'stack.changed' } });
    expect(event?.message).toBe('Stack imaged got new images for version 1: web=nginx:1.28');
    await settle(d.id);

    const unknown = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: { images: { api: 'nginx:1' } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { details: unknown[] } }>().error.details).toEqual([
      { field: 'images.api', message: 'imaged has no service api; its services are: web' },
    ]);
    const malformed = await t.app.inject({
      method: 'POST',
      url: `/api/stacks/${id}/deploy`,
      payload: { images: { web: 'nginx:1 && id' } },
    });
    expect(malformed.statusCode).toBe(400);
    const wrongType = await t.app.inject({ method: 'POST', url: `/api/stacks/${id}/deploy`, payload: { images: ['web=nginx'] } });
    expect(wrongType.statusCode).toBe(400);
    expect(await prisma.deployment.count({ where: { stackId: id } })).toBe(1);
    expect((await prisma.stack.findUniqueOrThrow({ where: { id } })).configuration).toBe('services:\n  web:\n    image: nginx:1.28\n');
  });

  it('should let a deploy token limited to a stack set its images, and no other stack', async () => {
    const mine = await create('img-mine');
    const other = await create('img-other');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'ci-img', scopes: ['deploy'], stacks: ['img-mine'] },
    });
    const authorization = `Bearer ${made.json<{ token: string }>().token}`;
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/stacks/${mine}/deploy`,
      headers: { authorization },
      payload: { images: { web: 'nginx:2' } },
    });
    expect(ok.statusCode).toBe(202);
    await settle(ok.json<{ deploymentId: string }>().deploymentId);
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/stacks/${other}/deploy`,
      headers: { authorization },
      payload: { images: { web: 'nginx:2' } },
    });
    expect(denied.statusCode).toBe(403);
    expect((await t.app.get(PrismaService).stack.findUniqueOrThrow({ where: { id: other } })).configuration).toBe(FILE);
  });
});
