import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeExec, testbedDown, testbedUp, type TestbedNode, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { sshCommandCount } from '../support/ssh-sessions.js';
import { deployStack, MB, sampler, stackMetrics, type ServicePoint } from '../support/telemetry.js';

// Per-service CPU and memory without an agent, on a real 2-node Swarm: a busy service and an idle
// one on otn1, a memory hog on otn2, a 2-replica service spread over both. Memory is held in the
// container's /dev/shm (tmpfs pages are charged to the container's memory cgroup and are not
// "inactive file"), so the figures are known in advance. The number of SSH commands is counted on
// the servers' side, in their sshd logs, and compared with what the sampler says it ran.
const INTERVAL_S = 5;
/** CPU limit of `busy`: it spins, but takes at most this share of one core (the machine is shared). */
const BUSY_CPUS = 0.3;
const HOG_MB = 40;
const PAIR_MB = 12;

const fill = (mb: number) => `["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=${mb} 2>/dev/null; exec sleep 86400"]`;
const LOAD = `services:
  busy:
    image: local/busybox:1
    command: ["sh", "-c", "while :; do :; done"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      resources:
        limits:
          cpus: "${BUSY_CPUS}"
      placement:
        constraints: ["node.hostname == otn1"]
  idle:
    image: local/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      placement:
        constraints: ["node.hostname == otn1"]
  hog:
    image: local/busybox:1
    command: ${fill(HOG_MB)}
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      placement:
        constraints: ["node.hostname == otn2"]
  pair:
    image: local/busybox:1
    command: ${fill(PAIR_MB)}
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
      placement:
        max_replicas_per_node: 1
`;

const cpuOf = (points: ServicePoint[]) => points.map((p) => p.cpuPercent).filter((c): c is number => c !== null);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** docker stats' own memory figure of the service's one container on the node, in bytes. */
async function dockerStatsMemory(node: string, service: string): Promise<number> {
  const r = await nodeExec(node, [
    'sh',
    '-c',
    `docker stats --no-stream --format '{{.MemUsage}}' $(docker ps -q --filter label=com.docker.swarm.service.name=${service})`,
  ]);
  if (r.code !== 0) throw new Error(`docker stats on ${node}: ${r.stderr}`);
  const m = /^([\d.]+)([KMG]i?B|B)\s*\//.exec(r.stdout.trim());
  if (!m) throw new Error(`docker stats said ${JSON.stringify(r.stdout)}`);
  const unit = { B: 1, KiB: 1024, MiB: MB, GiB: 1024 * MB, kB: 1000, MB: 1e6, GB: 1e9 }[m[2]] ?? NaN;
  return Number(m[1]) * unit;
}

describe('per-service CPU and memory over SSH, on a real 2-node Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let stackId: string;
  let deployedAt: number;
  const figures: string[] = [];
  const service = async (name: string) => {
    const body = await stackMetrics(api, stackId);
    const s = body.services.find((x) => x.name === name);
    if (!s) throw new Error(`no series for ${name}: ${JSON.stringify(body.services.map((x) => x.name))}`);
    return s;
  };

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    mc = await startMissionControl(newDataDir('telemetry-metrics'), {
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_METRICS_INTERVAL: String(INTERVAL_S),
      OTTERNAUTS_METRICS_LIVE_INTERVAL: String(INTERVAL_S),
      // every other periodic SSH command slowed down, so the sampler's are the only ones counted
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_WATCH_INTERVAL: '3600',
      OTTERNAUTS_CERTIFICATE_CHECK_INTERVAL: '3600',
    });
    ({ api } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, 'root');
    const { stackId: id, deployment } = await deployStack(api, 'load', LOAD);
    expect(deployment).toMatchObject({ status: 'succeeded' });
    stackId = id;
    deployedAt = Date.parse(deployment.finishedAt);
  }, 600_000);

  afterAll(async () => {
    if (figures.length) console.log(`telemetry-metrics figures:\n${figures.join('\n')}`);
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should show the busy service using more CPU than the idle one, in percent of one core', async () => {
    // the first sample of a container has no CPU figure (no earlier counter): wait for three that do
    const busy = await waitFor(
      'three CPU points of busy',
      async () => {
        const s = await service('busy');
        return cpuOf(s.points).length >= 3 ? s : undefined;
      },
      120_000,
      2000,
    );
    const idle = await service('idle');
    const busyCpu = mean(cpuOf(busy.points).slice(-3));
    const idleCpu = mean(cpuOf(idle.points).slice(-3));
    figures.push(`busy ${busyCpu.toFixed(1)} % of a core (limit ${BUSY_CPUS * 100} %), idle ${idleCpu.toFixed(2)} %`);
    expect(busyCpu).toBeGreaterThan(idleCpu + 8);
    // the limit caps it: percent of ONE core (docker stats' convention), not of the machine's cores
    expect(busyCpu).toBeLessThan(BUSY_CPUS * 100 + 8);
    expect(idleCpu).toBeLessThan(3);
    // the first point of a container is not a made-up 0: null, or left out
    expect(busy.points.every((p) => p.cpuPercent === null || p.cpuPercent > 0)).toBe(true);
    expect(busy.nodes.map((n) => n.serverName)).toEqual(['otn1']);
    expect(idle.nodes.map((n) => n.serverName)).toEqual(['otn1']);
  });

  it('should attribute memory to the service that holds it, as docker stats counts it', async () => {
    const hog = await waitFor(
      `hog holding ${HOG_MB} MB`,
      async () => {
        const s = await service('hog');
        return (s.points.at(-1)?.memoryBytes ?? 0) >= HOG_MB * MB ? s : undefined;
      },
      60_000,
      2000,
    );
    const latest = hog.points.at(-1)!;
    const stats = await dockerStatsMemory('otn2', 'load_hog');
    figures.push(`hog ${(latest.memoryBytes / MB).toFixed(1)} MB (docker stats ${(stats / MB).toFixed(1)} MB)`);
    expect(hog.fullName).toBe('load_hog');
    expect(hog.nodes.map((n) => n.serverName)).toEqual(['otn2']);
    expect(latest.containers).toBe(1);
    expect(latest.memoryBytes).toBeLessThan((HOG_MB + 16) * MB);
    expect(Math.abs(latest.memoryBytes - stats)).toBeLessThan(6 * MB);
    for (const name of ['busy', 'idle']) {
      const s = await service(name);
      expect(s.points.at(-1)!.memoryBytes).toBeLessThan(8 * MB); // the hog's megabytes are not theirs
      expect(s.points.at(-1)!.memoryBytes).toBeGreaterThan(0);
    }
  });

  it('should sum a 2-replica service over the two nodes it runs on, and keep each node apart', async () => {
    const pair = await waitFor(
      'pair on both nodes, each holding its megabytes',
      async () => {
        const s = await service('pair');
        const both = s.nodes.length === 2 && s.nodes.every((n) => (n.points.at(-1)?.memoryBytes ?? 0) >= PAIR_MB * MB);
        return both ? s : undefined;
      },
      60_000,
      2000,
    );
    expect(pair.nodes.map((n) => n.serverName).sort()).toEqual(['otn1', 'otn2']);
    // every bucket both nodes have a point in: the service's point is their sum
    const [a, b] = pair.nodes;
    const shared = pair.points.filter((p) => a.points.some((x) => x.at === p.at) && b.points.some((x) => x.at === p.at));
    expect(shared.length).toBeGreaterThan(0);
    for (const p of shared) {
      const pa = a.points.find((x) => x.at === p.at)!;
      const pb = b.points.find((x) => x.at === p.at)!;
      expect(p.memoryBytes).toBeCloseTo(pa.memoryBytes + pb.memoryBytes, -3);
      expect(p.containers).toBe(pa.containers + pb.containers);
    }
    const last = shared.at(-1)!;
    figures.push(`pair: ${(last.memoryBytes / MB).toFixed(1)} MB over ${last.containers} containers on 2 nodes`);
    expect(last.containers).toBe(2);
    expect(last.memoryBytes).toBeGreaterThanOrEqual(2 * PAIR_MB * MB);
  });

  it('should serve host CPU, memory and disk per server, and refuse a range it does not know', async () => {
    const res = await api('GET', '/api/metrics/servers?range=1h');
    expect(res.status).toBe(200);
    expect(res.body.range).toBe('1h');
    expect(res.body.servers.map((s: any) => s.name).sort()).toEqual(['otn1', 'otn2']);
    // the nodes share this machine's kernel: its core count and memory are theirs
    const memTotal = Number(/MemTotal:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    for (const s of res.body.servers) {
      expect(s.latest).toMatchObject({ cpuCount: os.cpus().length, memoryTotalBytes: memTotal });
      expect(s.latest.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(s.latest.cpuPercent).toBeLessThanOrEqual(100);
      expect(s.latest.memoryUsedBytes).toBeGreaterThan(0);
      expect(s.latest.memoryUsedBytes).toBeLessThan(memTotal);
      expect(s.latest.diskTotalBytes).toBeGreaterThan(0);
      expect(s.latest.diskFreeBytes).toBeLessThanOrEqual(s.latest.diskTotalBytes);
      expect(s.points.length).toBeGreaterThanOrEqual(2);
      const one = await api('GET', `/api/metrics/servers/${s.id}?range=1h`);
      expect(one.status).toBe(200);
      expect(one.body.server).toMatchObject({ id: s.id, name: s.name });
    }
    expect((await api('GET', '/api/metrics/servers/no-such-server')).status).toBe(404);
    for (const [range, resolution] of [
      ['24h', 60],
      ['7d', 900],
    ] as const) {
      const r = await api('GET', `/api/metrics/stacks/${stackId}?range=${range}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ range, resolutionSeconds: resolution, stack: { id: stackId, name: 'load' } });
    }
    const bad = await api('GET', '/api/metrics/servers?range=2h');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('range');
  });

  it('should run exactly one SSH command per server per interval, whatever the number of containers', async () => {
    // more containers on otn1: the cost must not grow with them
    const scaled = await nodeExec('otn1', ['docker', 'service', 'scale', '--detach', 'load_idle=5']);
    expect(scaled.code).toBe(0);
    await waitFor(
      'five idle containers on otn1',
      async () => ((await service('idle')).points.at(-1)?.containers === 5 ? true : undefined),
      90_000,
      2000,
    );
    const byName = (name: string) => bed.nodes.find((n) => n.name === name) as TestbedNode;
    /** Right after a sample of every server, well before the next: nobody is halfway through one. */
    const between = async () => {
      const before = await sampler(api);
      await waitFor(
        'a fresh sample of every server',
        async () => {
          const now = await sampler(api);
          const fresh = before.servers.every((b) => now.servers.find((s) => s.serverId === b.serverId)!.lastSampleAt !== b.lastSampleAt);
          return fresh ? true : undefined;
        },
        4 * INTERVAL_S * 1000,
        250,
      );
      await sleep(1500);
      const s = await sampler(api);
      const sessions = Object.fromEntries(bed.nodes.map((n) => [n.name, sshCommandCount(byName(n.name), bed.hostAddress)]));
      return { at: Date.now(), s, sessions };
    };
    // 30 s after a deploy succeeds, the certificates' watch reads Traefik's logs on the manager
    // (one command of its own, not the sampler's): the window opens after it
    await sleep(Math.max(0, deployedAt + 40_000 - Date.now()));
    const start = await between();
    await sleep(60_000);
    const end = await between();

    const windowS = (end.at - start.at) / 1000;
    expect(end.s.intervalSeconds).toBe(INTERVAL_S);
    for (const node of bed.nodes) {
      const s0 = start.s.servers.find((s) => s.serverName === node.name)!;
      const s1 = end.s.servers.find((s) => s.serverName === node.name)!;
      const samples = s1.samples - s0.samples;
      const commands = s1.commands - s0.commands;
      const sessions = end.sessions[node.name] - start.sessions[node.name];
      figures.push(
        `${node.name}: ${sessions} SSH commands seen by sshd, ${commands} by the sampler, ${samples} samples in ${windowS.toFixed(0)} s (interval ${INTERVAL_S} s)`,
      );
      expect(s1.lastError).toBeNull();
      expect(s1.source).toBe('cgroup1'); // the test bed's kernel: cgroup v1
      expect(sessions).toBe(samples); // one command per sample, counted on the server
      expect(commands).toBe(samples);
      expect(samples).toBeLessThanOrEqual(Math.ceil(windowS / INTERVAL_S) + 1); // never more than one per interval
      expect(samples).toBeGreaterThanOrEqual(Math.floor(windowS / INTERVAL_S / 2)); // and it keeps sampling
    }
  }, 240_000);
});
