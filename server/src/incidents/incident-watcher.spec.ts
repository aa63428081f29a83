import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { LatestSamples, NodeSample } from '../metrics/metrics.types.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { Snapshot, StackStatus } from '../stacks/stack-status.js';
import type { ServiceRow } from '../swarm/docker-output.js';
import { IncidentWatcher } from './incident-watcher.js';
import { memoryBook } from './testing/memory-book.js';

const service = (name: string, replicas: string): ServiceRow => ({
  ID: name,
  Name: name,
  Mode: 'replicated',
  Replicas: replicas,
  Image: 'img',
  Ports: '',
});

/** The watcher over stand-ins for what it reads: the Swarm snapshot, stacks, deployments, managers, samples. */
function setup(opts: { snapshot: Snapshot; deploying?: string[]; samples?: NodeSample[] }) {
  const m = memoryBook();
  const prisma = {
    stack: { findMany: async () => [{ id: 'st1', name: 'shop' }] },
    deployment: { findMany: async () => (opts.deploying ?? []).map((stackId) => ({ stackId })) },
  } as unknown as PrismaService;
  const config = { watchIntervalSeconds: 15, degradedGraceSeconds: 0, diskLowBytes: 5 * 1024 ** 3 } as AppConfig;
  const cluster = {
    managers: async () => [{ name: 'otter-1', status: opts.snapshot.error ? 'unreachable' : 'ready' }],
    cluster: async () => ({ id: 'c1' }),
  } as unknown as ClusterService;
  const asked: number[] = [];
  const status = { current: async (maxAgeMs: number) => (asked.push(maxAgeMs), opts.snapshot) } as unknown as StackStatus;
  const samples = { all: () => opts.samples ?? [] } as unknown as LatestSamples;
  const watcher = new IncidentWatcher(prisma, config, cluster, {} as ServerShell, status, m.book, samples);
  return { m, watcher, asked };
}

describe(IncidentWatcher.name, () => {
  const snapshot = (services: ServiceRow[], error: string | null = null): Snapshot => ({ at: Date.now(), services, tasks: [], error });

  it("should watch the services of Mission Control's stacks only, on a snapshot no older than the watch interval", async () => {
    const { m, watcher, asked } = setup({ snapshot: snapshot([service('shop_web', '0/1'), service('otternauts-ingress_traefik', '0/1')]) });
    await watcher.tick(1000);
    expect(asked).toEqual([15_000]);
    expect(m.rows.map((r) => [r.kind, r.service, r.stackId])).toEqual([['service.degraded', 'shop_web', 'st1']]);
  });

  it('should leave a deploying stack to its deployment', async () => {
    const { m, watcher } = setup({ snapshot: snapshot([service('shop_web', '0/1')]), deploying: ['st1'] });
    await watcher.tick(1000);
    expect(m.kinds()).toEqual([]);
  });

  it('should open cluster.unreachable and keep service incidents when no manager answers', async () => {
    const { m, watcher } = setup({ snapshot: snapshot([], 'No manager answers') });
    await m.book.openIncident('service.degraded', 'shop_web', { message: 'degraded' });
    await watcher.tick(1000);
    expect(m.kinds()).toEqual(['service.degraded', 'cluster.unreachable']);
  });

  it('should watch disks from the latest samples', async () => {
    const low = {
      serverId: 's1',
      serverName: 'otter-1',
      diskFreeBytes: 1024 ** 3,
      diskTotalBytes: 10 * 1024 ** 3,
      dockerRootDir: '/var/lib/docker',
      containers: [],
    };
    const { m, watcher } = setup({ snapshot: snapshot([]), samples: [low as unknown as NodeSample] });
    await watcher.tick(1000);
    expect(m.rows.map((r) => [r.kind, r.serverId])).toEqual([['disk.low', 's1']]);
  });
});
