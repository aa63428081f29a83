// Footprint benchmark (not a test): Mission Control's resident memory after start-up and
// after 1,000 API calls. Target: under 100 MB idle. Prints figures whatever they are.
// Usage: npm run build && npm run bench:footprint [-- --calls 1000] [--node-args "--max-semi-space-size=1"]
// (--node-args: flags to run it with instead of the ones `npm start` uses, to measure a lever;
// --node-args "" runs it with none; MALLOC_ARENA_MAX=16 npm run bench:footprint measures
// glibc's default for a 2-core machine, 8 arenas per core, instead of the 2 `npm start` sets)
//
// Sampling mode: --servers N [--minutes 10] [--every 60] [--unwatched]
// brings up the e2e test bed with N servers (needs root; takes the e2e suites' lock), onboards
// them (one manager, the rest workers), deploys a small fleet on all of them and keeps a dashboard
// "open" (the live series every live interval, so every server is sampled that often; --unwatched:
// only the normal interval), then prints the memory every --every seconds and at the end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUNTIME_ENV, RUNTIME_NODE_FLAGS, startMissionControl } from './mission-control-process.mjs';
import { apiClient, deploy, onboard, testbedDown, testbedUp } from './testbed-cluster.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const nodeArgsAt = process.argv.indexOf('--node-args');
const nodeArgs = nodeArgsAt > 0 ? process.argv[nodeArgsAt + 1].split(' ').filter(Boolean) : RUNTIME_NODE_FLAGS;
const rssMb = (pid) => {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
};

async function apiCalls() {
  const calls = arg('--calls', 1000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-bench-'));
  const { base, pid, startupMs, stop } = await startMissionControl({}, { nodeArgs, dataDir });
  try {
    await sleep(3000); // let start-up garbage settle
    const idle = rssMb(pid);
    await sleep(57_000);
    const idleMinute = rssMb(pid);

    await fetch(`${base}/api/secrets/BENCH_SECRET`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'bench' }),
    });
    const urls = ['/api/health', '/api/secrets', '/api/registries', '/api/openapi.json', '/api/stacks', '/api/servers'];
    const t0 = Date.now();
    for (let i = 0; i < calls; i++) {
      const res = await fetch(`${base}${urls[i % urls.length]}`);
      await res.arrayBuffer();
    }
    const elapsed = Date.now() - t0;
    const after = rssMb(pid);
    await sleep(3000);
    const settled = rssMb(pid);

    await stop();
    // a restart on the same data (migrations applied, keys made): what an upgrade or a crash costs
    const restarts = [];
    for (let i = 0; i < 3; i++) {
      const again = await startMissionControl({}, { nodeArgs, dataDir });
      restarts.push(again.startupMs);
      await again.stop();
    }

    console.log(`start-up to first health answer: ${startupMs} ms (new data folder)`);
    console.log(`start-up on a restart (same data, 3 times): ${restarts.join(', ')} ms   (target under 3 s)`);
    console.log(
      `node flags: ${nodeArgs.join(' ') || '(none)'}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? RUNTIME_ENV.MALLOC_ARENA_MAX}`,
    );
    console.log(`RSS 3 s after start-up (idle):    ${idle.toFixed(1)} MB`);
    console.log(`RSS 1 min after start-up (idle):  ${idleMinute.toFixed(1)} MB   (target at most 100 MB)`);
    console.log(`RSS after ${calls} API calls:       ${after.toFixed(1)} MB`);
    console.log(`RSS 3 s later:                    ${settled.toFixed(1)} MB`);
    console.log(`API calls: ${calls} in ${elapsed} ms (${((calls / elapsed) * 1000).toFixed(0)} per second, one at a time)`);
  } finally {
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Containers on every server: one of `web` per node and one `agent` (global) per node.
const fleet = (servers) => `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo bench > /www/index.html && exec httpd -f -p 8080 -h /www"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      replicas: ${servers}
      placement:
        max_replicas_per_node: 1
  agent:
    image: local/busybox:1
    command: ["sh", "-c", "while true; do sleep 1; done"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      mode: global
`;

const dbMb = (dataDir) =>
  fs
    .readdirSync(dataDir)
    .filter((f) => /\.db(-wal)?$/.test(f))
    .reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0) /
  (1024 * 1024);

async function sampled(servers) {
  const minutes = arg('--minutes', 10);
  const everyS = arg('--every', 60);
  const watched = !process.argv.includes('--unwatched');
  const log = (m) => process.stderr.write(`[bench] ${m}\n`);
  log(`test bed with ${servers} servers`);
  const state = await testbedUp(servers);
  let mc;
  try {
    mc = await startMissionControl({ OTTERNAUTS_RESOLVE_IMAGE: 'never' });
    const api = apiClient(mc.base);
    const rssAtStart = rssMb(mc.pid);
    log('onboarding');
    await onboard(api, state);
    log('deploying the fleet');
    const stackId = await deploy(api, 'bench', fleet(servers));
    const sampler = async () => {
      const res = await api('GET', '/api/metrics/sampler');
      return res.status === 200 ? res.body : null;
    };
    const first = await sampler();
    const base = new Map((first?.servers ?? []).map((s) => [s.serverId, s.samples]));
    const totals = (s) => {
      if (!s) return 'sampler: n/a';
      const samples = s.servers.reduce((n, x) => n + x.samples - (base.get(x.serverId) ?? 0), 0);
      const errors = s.servers.filter((x) => x.lastError).length;
      return `samples ${String(samples).padStart(4)}, servers with an error ${errors}`;
    };
    console.log(
      `${servers} servers onboarded, fleet of ${servers * 2} containers deployed; sampling ${minutes} min, ` +
        `${watched ? 'dashboard open (every server watched: the live interval)' : 'no dashboard (the normal interval)'}` +
        (first ? `; interval ${first.intervalSeconds} s, live ${first.liveIntervalSeconds} s` : ''),
    );
    console.log(`RSS at start-up (before onboarding): ${rssAtStart.toFixed(1)} MB`);
    const rows = [];
    const t0 = Date.now();
    let nextRow = t0 + everyS * 1000;
    while (Date.now() - t0 < minutes * 60_000) {
      if (watched) {
        await (await fetch(`${mc.base}/api/metrics/servers?range=1h&live=1`)).arrayBuffer();
        await (await fetch(`${mc.base}/api/metrics/stacks/${stackId}?range=1h&live=1`)).arrayBuffer();
      }
      if (Date.now() >= nextRow) {
        const rss = rssMb(mc.pid);
        rows.push(rss);
        console.log(
          `${((Date.now() - t0) / 60_000).toFixed(1).padStart(5)} min  RSS ${rss.toFixed(1).padStart(6)} MB  ` +
            `database ${dbMb(mc.dataDir).toFixed(1)} MB  ${totals(await sampler())}`,
        );
        nextRow += everyS * 1000;
      }
      await sleep(watched ? 5000 : 1000);
    }
    const end = await sampler();
    const rss = rssMb(mc.pid);
    console.log(
      `end: RSS ${rss.toFixed(1)} MB (max ${Math.max(rss, ...rows).toFixed(1)} MB, min ${Math.min(rss, ...rows).toFixed(1)} MB over the run), ` +
        `database ${dbMb(mc.dataDir).toFixed(1)} MB, ${totals(end)}`,
    );
    for (const s of end?.servers ?? []) {
      const n = s.samples - (base.get(s.serverId) ?? 0);
      console.log(
        `  ${s.serverName}: ${n} samples (one every ${((minutes * 60) / Math.max(n, 1)).toFixed(1)} s), ${s.commands} SSH commands in all, source ${s.source}, last error ${s.lastError ?? 'none'}`,
      );
    }
  } finally {
    await mc?.stop();
    await testbedDown();
  }
}

const servers = arg('--servers', 0);
if (servers > 0 && process.env.OTN_E2E_LOCKED !== '1') {
  // one test bed per machine: queue behind the e2e suites like they queue behind each other
  const r = spawnSync('flock', ['-o', '/tmp/otternauts-e2e.lock', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, OTN_E2E_LOCKED: '1' },
  });
  process.exit(r.status ?? 1);
} else if (servers > 0) {
  await sampled(servers);
} else {
  await apiCalls();
}
