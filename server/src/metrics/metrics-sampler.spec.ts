import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { Server } from '../generated/prisma/client.js';
import type { RunOptions, RunResult, ServerShell } from '../servers/server-shell.js';
import type { RemoteCommand } from '../ssh/command.js';
import { migratedDatabase } from '../testing/test-database.js';
import { MetricsSampler, SAMPLE_TIMEOUT_MS } from './metrics-sampler.js';
import { MetricsStore } from './metrics.store.js';
import type { NodeSample } from './metrics.types.js';
import { SAMPLE_SCRIPT } from './sample-script.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

/** A shell that answers each server from a queue of outputs (or errors), and records every command. */
class ScriptedShell {
  readonly calls: { server: string; argv: readonly string[]; opts: RunOptions }[] = [];
  readonly answers = new Map<string, (string | Error | Promise<string>)[]>();

  needsSudo(server: Server): boolean {
    return server.sshUser !== 'root';
  }

  async run(server: Server, command: RemoteCommand, opts: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ server: server.name, argv: command.argv, opts });
    const next = this.answers.get(server.name)?.shift();
    if (next === undefined) throw new Error(`unexpected command on ${server.name}`);
    const answer = await next;
    if (answer instanceof Error) throw answer;
    return { code: 0, stdout: answer, stderr: '' };
  }

  queue(server: string, ...outputs: (string | Error | Promise<string>)[]) {
    this.answers.set(server, [...(this.answers.get(server) ?? []), ...outputs]);
  }
}

describe(MetricsSampler.name, () => {
  let prisma: PrismaService;
  let store: MetricsStore;
  let shell: ScriptedShell;
  let sampler: MetricsSampler;
  let n = 0;
  const config = { metricsIntervalSeconds: 30, metricsLiveIntervalSeconds: 5 } as AppConfig;
  const T = Date.UTC(2026, 11, 1, 12, 0, 0);
  const sec = (s: number) => T + s * 1000;

  beforeAll(async () => {
    prisma = await migratedDatabase('metrics-sampler');
    store = new MetricsStore(prisma);
  });
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    await prisma.server.deleteMany();
    await prisma.serverMetric.deleteMany();
    await prisma.serviceMetric.deleteMany();
    shell = new ScriptedShell();
    sampler = new MetricsSampler(shell as unknown as ServerShell, store, config);
  });

  const server = async (name: string, status: string, sshUser = 'root') => {
    const cluster = (await prisma.cluster.findFirst()) ?? (await prisma.cluster.create({ data: {} }));
    return prisma.server.create({
      data: {
        clusterId: cluster.id,
        name,
        hostname: `10.77.0.${++n}`,
        sshUser,
        sshPrivateKey: Buffer.from('x'),
        hostKeyFingerprint: 'SHA256:x',
        status,
      },
    });
  };
  const commandsOn = (name: string) => shell.calls.filter((c) => c.server === name).length;

  it('should sample ready and unreachable servers, managers and workers, with one fixed command each', async () => {
    await server('otn1', 'ready');
    await server('otn2', 'unreachable', 'otter');
    await server('otn3', 'pending');
    await server('otn4', 'failed');
    shell.queue('otn1', fixture('testbed-otn1-a.txt'));
    shell.queue('otn2', fixture('testbed-otn2-a.txt'));
    await sampler.tick(sec(0));
    expect(shell.calls.map((c) => c.server).sort()).toEqual(['otn1', 'otn2']);
    expect(shell.calls.find((c) => c.server === 'otn1')!.argv).toEqual(['sh', '-c', SAMPLE_SCRIPT, 'otn-sample']);
    expect(shell.calls.find((c) => c.server === 'otn2')!.argv).toEqual(['sh', '-c', SAMPLE_SCRIPT, 'otn-sample', 'sudo']);
    expect(shell.calls.every((c) => c.opts.idempotent === true && c.opts.timeoutMs === SAMPLE_TIMEOUT_MS)).toBe(true);
  });

  it('should store no row on the first sample (no CPU figure yet), then the server and its services', async () => {
    const s = await server('otn1', 'ready');
    shell.queue('otn1', fixture('testbed-otn1-a.txt'), fixture('testbed-otn1-b.txt'));
    await sampler.tick(sec(0));
    expect(await prisma.serverMetric.count()).toBe(0);
    expect(sampler.latest(s.id)!.cpuPercent).toBeNull();
    await sampler.tick(sec(30));
    const rows = await prisma.serverMetric.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serverId: s.id, resolution: 0, cpuCount: 2, diskFreeBytes: 78816948 * 1024 });
    const services = await prisma.serviceMetric.findMany();
    // shop_sick was new in the second sample and 'lonely' has no Swarm labels: only shop_busy has a row
    expect(services.map((r) => [r.stackName, r.serviceName, r.containers])).toEqual([['shop', 'shop_busy', 1]]);
    expect(services[0].cpuPercent).toBeGreaterThan(18);
  });

  it('should sample a server every interval, and every live interval while it is watched', async () => {
    const s = await server('otn1', 'ready');
    await server('otn2', 'ready');
    for (let i = 0; i < 10; i++) {
      shell.queue('otn1', fixture('testbed-otn1-a.txt'));
      shell.queue('otn2', fixture('testbed-otn2-a.txt'));
    }
    // ticks every 5 s with a little jitter
    const ticks = [0, 5.2, 9.9, 15.1, 20, 24.8, 30.1, 35, 40.2, 45, 49.9, 55, 60.1];
    for (const t of ticks.filter((x) => x < 40)) await sampler.tick(sec(t));
    expect([commandsOn('otn1'), commandsOn('otn2')]).toEqual([2, 2]); // at 0 and 30.1 (24.8 is half a tick early: not yet)
    sampler.watch([s.id], sec(40));
    for (const t of ticks.filter((x) => x >= 40 && x < 50)) await sampler.tick(sec(t));
    const status = sampler.status(await store.servers(), sec(50));
    expect(status.find((x) => x.serverId === s.id)).toMatchObject({ commands: 5, samples: 5, watchedUntil: new Date(sec(55)) });
    for (const t of ticks.filter((x) => x >= 50)) await sampler.tick(sec(t));
    // watched from 40 s until 55 s (max(15 s, 3 x 5 s)): 40.2, 45, 49.9 live; then back to every 30 s (next at 79.9)
    expect(commandsOn('otn1')).toBe(2 + 3);
    expect(commandsOn('otn2')).toBe(3);
    expect(sampler.status(await store.servers(), sec(60.1)).every((x) => x.watchedUntil === null)).toBe(true);
  });

  it('should tick at the shorter interval when the live one is set longer than the normal one', async () => {
    const quick = new MetricsSampler(shell as unknown as ServerShell, store, {
      metricsIntervalSeconds: 5,
      metricsLiveIntervalSeconds: 10,
    } as AppConfig);
    expect(quick.tickSeconds).toBe(5);
    expect(sampler.tickSeconds).toBe(5);
    await server('otn1', 'ready');
    for (let i = 0; i < 3; i++) shell.queue('otn1', fixture('testbed-otn1-a.txt'));
    for (const t of [0, 5.1, 9.9]) await quick.tick(sec(t));
    expect(commandsOn('otn1')).toBe(3);
  });

  it('should never start a second command on a server still answering, and not hold the others back', async () => {
    await server('slow', 'ready');
    const fast = await server('fast', 'ready');
    let release!: (out: string) => void;
    shell.queue('slow', new Promise<string>((resolve) => (release = resolve)));
    shell.queue('fast', fixture('testbed-otn2-a.txt'), fixture('testbed-otn2-b.txt'));
    const first = sampler.tick(sec(0));
    while (!sampler.latest(fast.id)) await new Promise((resolve) => setTimeout(resolve, 5));
    await sampler.tick(sec(31));
    expect([commandsOn('slow'), commandsOn('fast')]).toEqual([1, 2]);
    release(fixture('testbed-otn1-a.txt'));
    await first;
  });

  it('should keep the last error, count the command, and keep the previous sample when a server fails', async () => {
    const s = await server('otn1', 'unreachable');
    shell.queue(
      'otn1',
      fixture('testbed-otn1-a.txt'),
      new Error('connect ECONNREFUSED 10.77.0.1:22'),
      'sh: not our output\n',
      fixture('testbed-otn1-docker-refused.txt'),
    );
    await sampler.tick(sec(0));
    await sampler.tick(sec(30));
    let status = sampler.status(await store.servers(), sec(30))[0];
    expect(status).toMatchObject({ samples: 1, commands: 2, lastError: 'connect ECONNREFUSED 10.77.0.1:22', source: 'cgroup1' });
    expect(sampler.latest(s.id)!.containers).toHaveLength(2);
    await sampler.tick(sec(60));
    expect(sampler.status(await store.servers(), sec(60))[0].lastError).toBe('the sampling command printed nothing that could be read');
    await sampler.tick(sec(90));
    status = sampler.status(await store.servers(), sec(90))[0];
    expect(status.samples).toBe(2);
    expect(status.lastError).toMatch(/^docker: permission denied/);
    expect(sampler.latest(s.id)!.containers).toEqual([]);
  });

  it('should tell listeners of each sample, and forget a server that was removed', async () => {
    const s = await server('otn1', 'ready');
    shell.queue('otn1', fixture('testbed-otn1-a.txt'));
    const heard: NodeSample[] = [];
    const off = sampler.onSample((x) => heard.push(x));
    await sampler.tick(sec(0));
    off();
    expect(heard.map((x) => [x.serverName, x.containers.length])).toEqual([['otn1', 2]]);
    expect(sampler.all()).toHaveLength(1);
    await prisma.server.delete({ where: { id: s.id } });
    await sampler.tick(sec(30));
    expect(sampler.all()).toEqual([]);
    expect(sampler.latest(s.id)).toBeUndefined();
  });
});
