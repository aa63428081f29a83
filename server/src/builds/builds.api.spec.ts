import { PrismaService } from '../database/prisma.service.js';
import { deploymentJob, type DeployDeps } from '../deployments/deployment.job.js';
import { EventsService } from '../events/events.service.js';
import { StepFailure } from '../jobs/job.types.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/** The build routes and the build server setting through the HTTP layer, on a real database. */
describe('builds API', () => {
  let t: TestApp;
  let prisma: PrismaService;
  const call = async (method: string, url: string, payload?: unknown) => {
    const res = (await t.app.inject({ method: method as 'PUT', url, payload: payload as object })) as unknown as {
      statusCode: number;
      json(): any;
    };
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await startTestApp(tempDir('builds-api'));
    prisma = t.app.get(PrismaService);
  });
  afterAll(() => t.app.close());

  async function server(name: string, data: Record<string, unknown>) {
    const c = (await prisma.cluster.findFirst()) ?? (await prisma.cluster.create({ data: { name: 'default' } }));
    return prisma.server.create({
      data: {
        clusterId: c.id,
        name,
        hostname: `${name}.test`,
        sshUser: 'root',
        sshPrivateKey: Buffer.from('k'),
        hostKeyFingerprint: 'SHA256:x',
        ...data,
      },
    });
  }

  it('should choose the build server, refuse one outside the Swarm or without Docker, and fall back to the first manager', async () => {
    const manager = await server('mgr', { swarmRole: 'manager', swarmNodeId: 'n1', status: 'ready', dockerVersion: '26.1.5' });
    const worker = await server('wrk', { swarmRole: 'worker', swarmNodeId: 'n2', status: 'ready', dockerVersion: '26.1.5' });
    const outside = await server('out', { status: 'ready', dockerVersion: '26.1.5' });
    const bare = await server('bare', { swarmRole: 'worker', swarmNodeId: 'n3', status: 'ready' });

    expect((await call('GET', '/api/cluster')).body).toMatchObject({ buildServerId: null, buildServer: { id: manager.id, name: 'mgr' } });

    const missing = await call('PUT', '/api/cluster/build-server', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { field: string }) => d.field)).toEqual(['serverId']);
    for (const [id, code] of [
      [outside.id, 'build_server_not_in_cluster'],
      ['nope', 'build_server_not_in_cluster'],
      [bare.id, 'build_server_without_docker'],
    ]) {
      const refused = await call('PUT', '/api/cluster/build-server', { serverId: id });
      expect([refused.status, refused.body.error.code]).toEqual([400, code]);
      expect(refused.body.error.message).toMatch(/^serverId: /);
    }
    expect((await call('GET', '/api/cluster')).body.buildServerId).toBeNull();

    const chosen = await call('PUT', '/api/cluster/build-server', { serverId: worker.id });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ buildServerId: worker.id, buildServer: { id: worker.id, name: 'wrk' } });
    const reset = await call('PUT', '/api/cluster/build-server', { serverId: null });
    expect(reset.body).toMatchObject({ buildServerId: null, buildServer: { name: 'mgr' } });
  });

  it("should list a deployment's builds and page through a build's log by line number", async () => {
    const c = await prisma.cluster.findFirstOrThrow();
    const stack = await prisma.stack.create({ data: { clusterId: c.id, name: 'shop', configuration: 'x' } });
    const d = await prisma.deployment.create({ data: { stackId: stack.id, version: 1, configuration: 'x', rendered: 'x' } });
    const started = new Date('2026-12-02T05:00:00Z');
    const b = await prisma.build.create({
      data: {
        deploymentId: d.id,
        service: 'web',
        image: '10.77.0.11:5000/shop/web:abc',
        status: 'building',
        serverName: 'otn2',
        log: 'l3\nl4\nl5',
        logLines: 5,
        startedAt: started,
      },
    });

    const list = await call('GET', `/api/deployments/${d.id}/builds`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: b.id,
        service: 'web',
        status: 'building',
        serverName: 'otn2',
        digest: null,
        durationMs: null,
        logLines: 5,
      }),
    ]);
    expect(list.body[0]).not.toHaveProperty('log');

    expect((await call('GET', `/api/deployments/${d.id}/builds/${b.id}/log`)).body).toEqual({
      lines: ['l3', 'l4', 'l5'],
      next: 5,
      done: false,
    });
    expect((await call('GET', `/api/deployments/${d.id}/builds/${b.id}/log?after=4`)).body).toEqual({
      lines: ['l5'],
      next: 5,
      done: false,
    });
    await prisma.build.update({ where: { id: b.id }, data: { status: 'succeeded', finishedAt: new Date(started.getTime() + 4200) } });
    expect((await call('GET', `/api/deployments/${d.id}/builds/${b.id}/log?after=5`)).body).toEqual({ lines: [], next: 5, done: true });
    expect((await call('GET', `/api/deployments/${d.id}/builds`)).body[0].durationMs).toBe(4200);

    const bad = await call('GET', `/api/deployments/${d.id}/builds/${b.id}/log?after=-1`);
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'after']);
    expect((await call('GET', `/api/deployments/nope/builds`)).status).toBe(404);
    expect((await call('GET', `/api/deployments/nope/builds/${b.id}/log`)).status).toBe(404);
  });

  it('should mark a build cut off by the end of its deployment as failed, and leave finished ones alone', async () => {
    const c = await prisma.cluster.findFirstOrThrow();
    const stack = await prisma.stack.create({ data: { clusterId: c.id, name: 'cutoff', configuration: 'x' } });
    const d = await prisma.deployment.create({ data: { stackId: stack.id, version: 1, configuration: 'x', rendered: 'x' } });
    for (const [service, status] of [
      ['a', 'succeeded'],
      ['b', 'building'],
      ['c', 'pushing'],
    ])
      await prisma.build.create({ data: { deploymentId: d.id, service, image: `r.example/cutoff/${service}:1`, status } });
    const job = deploymentJob({ prisma, events: t.app.get(EventsService), onSettled: () => undefined } as unknown as DeployDeps);
    await job.onFailure!({ jobId: 'j', targetId: d.id, data: {}, log: async () => undefined }, new StepFailure('stopped'), 'build');
    const rows = await prisma.build.findMany({ where: { deploymentId: d.id }, orderBy: { service: 'asc' } });
    expect(rows.map((r) => [r.service, r.status, r.error])).toEqual([
      ['a', 'succeeded', null],
      ['b', 'failed', 'The deployment ended before this build finished.'],
      ['c', 'failed', 'The deployment ended before this build finished.'],
    ]);
    expect((await prisma.deployment.findUniqueOrThrow({ where: { id: d.id } })).error).toBe('stopped');
  });
});
