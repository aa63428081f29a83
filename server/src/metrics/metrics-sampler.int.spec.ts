import fs from 'node:fs';
import os from 'node:os';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import { ServerShell } from '../servers/server-shell.js';
import { createSshPool, type SshPool } from '../ssh/ssh-pool.js';
import { LocalSshd } from '../ssh/testing/local-sshd.js';
import { migratedDatabase } from '../testing/test-database.js';
import type { VaultService } from '../vault/vault.service.js';
import { MetricsSampler } from './metrics-sampler.js';
import { MetricsStore } from './metrics.store.js';

// The sampler over a real sshd on loopback, as root, on this machine: the script goes through
// the login shell quoted as the product quotes it, under coreutils' timeout, and costs exactly one
// session per sample (sshd's own log counts them). Where no Docker daemon runs on the machine (as
// here), the containers part answers with docker's refusal, which must not cost the host figures.

describe(`${MetricsSampler.name} against a real sshd`, () => {
  let sshd: LocalSshd;
  let pool: SshPool;
  let prisma: PrismaService;

  beforeAll(async () => {
    sshd = await LocalSshd.start();
    pool = createSshPool();
    prisma = await migratedDatabase('metrics-int');
  });
  afterAll(async () => {
    await pool?.closeAll();
    await sshd?.cleanup();
    await prisma?.$disconnect();
  });

  it('should take each sample with one SSH session and store the host figures from the second on', async () => {
    const target = sshd.target({ id: 'metrics-int' });
    const cluster = await prisma.cluster.create({ data: {} });
    const server = await prisma.server.create({
      data: {
        clusterId: cluster.id,
        name: 'local',
        hostname: target.host,
        sshPort: target.port,
        sshUser: 'root',
        sshPrivateKey: Buffer.from('sealed'),
        hostKeyFingerprint: target.fingerprint,
        status: 'ready',
      },
    });
    const vault = { open: async () => target.privateKey } as unknown as VaultService;
    const config = { metricsIntervalSeconds: 30, metricsLiveIntervalSeconds: 5 } as AppConfig;
    const sampler = new MetricsSampler(new ServerShell(pool, vault), new MetricsStore(prisma), config);
    const from = sshd.log.length;

    await sampler.tick(Date.now());
    await sampler.tick(Date.now() + 30_000);

    expect(sshd.count(/Starting session: command/, from)).toBe(2);
    const [status] = sampler.status([server]);
    expect(status).toMatchObject({ samples: 2, commands: 2 });
    const latest = sampler.latest(server.id)!;
    expect(latest.memoryTotalBytes).toBe(os.totalmem());
    expect(latest.cpuCount).toBeGreaterThan(0);
    expect(latest.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(latest.cpuPercent).toBeLessThanOrEqual(100);
    const rows = await prisma.serverMetric.findMany({ where: { serverId: server.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].memoryTotalBytes).toBe(os.totalmem());
    if (!fs.existsSync('/var/run/docker.sock')) {
      // no Docker daemon: said, not hidden, and no containers made up
      expect(latest.containers).toEqual([]);
      expect(status.lastError).toMatch(/^docker: Cannot connect to the Docker daemon/);
    } else expect(status.lastError).toBeNull();
  });
});
