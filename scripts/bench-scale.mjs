// Scale benchmark (not a test; prints its figures whatever they are): the PRD's "10+ servers,
// 20+ stacks". Brings up the e2e test bed with --servers nodes (needs root; queues behind the
// e2e suites' lock), onboards them through the API (the first --managers as managers), deploys
// --stacks stacks of 1 to 4 services, then for --minutes keeps one dashboard client polling the
// stacks and servers pages (live metrics on), one service's log stream followed, and prints:
// Mission Control's RSS (start, after onboarding, after deploys, end, peak) and CPU share; SSH
// connections per server as the servers see them (`ss` in each node); SSH commands per minute
// by program (Mission Control's debug log); API p50/p95/p99 of the stacks list, a stack page
// and the servers page; "add server" to `ready` per server; a deploy against the same
// `docker stack deploy` run by hand over ssh; and whatever failed.
//
// Usage: npm run build && npm run bench:scale [-- --servers 10 --managers 3 --stacks 30 --minutes 15]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMissionControl } from './mission-control-process.mjs';
import { apiClient, deploy, deployRecorded, nodeExec, onboard, testbedDown, testbedUp } from './testbed-cluster.mjs';
import { STEADY_MS } from '../server/dist/deployments/steadiness.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SERVERS = arg('--servers', 10);
const MANAGERS = arg('--managers', 3);
const STACKS = arg('--stacks', 30);
const MINUTES = arg('--minutes', 15);
const log = (m) => process.stderr.write(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** A stack of `n` services, each printing a line every 2 s (the log stream has something to carry). */
const stackFile = (n) =>
  `services:\n${Array.from(
    { length: n },
    (_, i) =>
      `  s${i}:\n    image: local/busybox:1\n    command: ["sh", "-c", "while true; do date; sleep 2; done"]\n` +
      `    stop_grace_period: 1s\n    deploy:\n      endpoint_mode: dnsrr\n`,
  ).join('')}`;

const procStat = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 a second)
};
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const pct = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const median = (values) => pct(values, 50);
const ms = (v) => `${v.toFixed(0)} ms`;

async function run() {
  const failures = [];
  const state = await testbedUp(SERVERS);
  const commands = new Map(); // program -> count, during the soak
  const commandFailures = new Map(); // kind -> count, all run
  let counting = false;
  const onLogLine = (line) => {
    if (!line.startsWith('{')) return;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (entry.msg === 'ssh command finished' && counting) commands.set(entry.program, (commands.get(entry.program) ?? 0) + 1);
    if (entry.msg === 'ssh command failed') commandFailures.set(entry.kind, (commandFailures.get(entry.kind) ?? 0) + 1);
  };
  let mc;
  let peak = 0;
  let peakTimer;
  try {
    mc = await startMissionControl({ OTTERNAUTS_RESOLVE_IMAGE: 'never', OTTERNAUTS_LOG_LEVEL: 'debug' }, { onLogLine });
    const api = apiClient(mc.base);
    peakTimer = setInterval(() => (peak = Math.max(peak, rssMb(mc.pid))), 2000);
    const rss = { start: rssMb(mc.pid) };
    const cpu0 = { ticks: procStat(mc.pid), at: Date.now() };

    // SSH connections Mission Control holds, counted on the servers (sshd's side of each one)
    const maxConnections = new Map(state.nodes.map((n) => [n.name, 0]));
    const countConnections = async () => {
      await Promise.all(
        state.nodes.map(async (n) => {
          const out = await nodeExec(n.name, ['ss', '-Htn', 'state', 'established', '( sport = :22 )']).catch(() => '');
          const ours = out.split('\n').filter((l) => l.includes(`${state.hostAddress}:`)).length;
          maxConnections.set(n.name, Math.max(maxConnections.get(n.name), ours));
        }),
      );
    };

    log(`onboarding ${SERVERS} servers (${MANAGERS} managers)`);
    const readySeconds = await onboard(api, state, { managers: MANAGERS });
    rss.onboarded = rssMb(mc.pid);
    await countConnections();

    log(`deploying ${STACKS} stacks, 5 at a time`);
    const deploySeconds = [];
    const stackIds = [];
    for (let i = 0; i < STACKS; i += 5) {
      const batch = Array.from({ length: Math.min(5, STACKS - i) }, (_, k) => i + k);
      await Promise.all(
        batch.map(async (j) => {
          const t0 = Date.now();
          try {
            stackIds[j] = await deploy(api, `scale-${j}`, stackFile(1 + (j % 4)));
            deploySeconds.push((Date.now() - t0) / 1000);
          } catch (err) {
            failures.push(`deploy scale-${j}: ${err.message}`);
          }
        }),
      );
    }
    rss.deployed = rssMb(mc.pid);
    await countConnections();

    // the overhead: the same 4-service stack through Mission Control and by hand over ssh, two
    // ways: the CLI's own wait (--detach=false, which watches each service for 5 s of stability)
    // and a plain deploy followed by a wait until every service runs all its replicas. Each is
    // also split in two: sending the stack (Mission Control: the deploy call to "docker stack
    // deploy accepted"; by hand: ssh in and docker stack deploy) and waiting for it to run.
    log('deploy overhead: Mission Control against docker stack deploy by hand (3 each)');
    const manager = state.nodes[0];
    const overhead = { mc: [], mcSend: [], mcWait: [], attached: [], replicas: [], handSend: [], handWait: [] };
    const byHand = (remote) => {
      const t0 = Date.now();
      const hand = spawnSync(
        'ssh',
        [
          '-i',
          state.keys.ed25519,
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'LogLevel=ERROR',
          `root@${manager.address}`,
          remote,
        ],
        { input: stackFile(4), encoding: 'utf8' },
      );
      if (hand.status !== 0) failures.push(`hand deploy: ${hand.stderr.trim()}`);
      return { ms: Date.now() - t0, stdout: hand.stdout ?? '' };
    };
    for (let k = 0; k < 3; k++) {
      const t0 = Date.now();
      try {
        const { deployment: d, postedAt } = await deployRecorded(api, `overhead-mc-${k}`, stackFile(4));
        overhead.mc.push(Date.now() - t0);
        const accepted = d.job?.progress.find((p) => p.message.startsWith('docker stack deploy accepted'));
        if (accepted) {
          overhead.mcSend.push(Date.parse(accepted.at) - postedAt);
          overhead.mcWait.push(Date.parse(d.finishedAt) - Date.parse(accepted.at));
        }
      } catch (err) {
        failures.push(`overhead deploy: ${err.message}`);
      }
      overhead.attached.push(byHand(`docker stack deploy --detach=false -c - overhead-attached-${k} >/dev/null`).ms);
      const name = `overhead-replicas-${k}`;
      // the manager's clock splits its run: started, deployed, all replicas running
      const hand = byHand(
        `a=$(date +%s%3N); docker stack deploy --detach=true -c - ${name} >/dev/null; b=$(date +%s%3N); ` +
          `until [ "$(docker stack services --format '{{.Replicas}}' ${name} | awk -F'[/ ]' '$1 == $2' | wc -l)" -eq 4 ]; do sleep 0.2; done; ` +
          `echo "$a $b $(date +%s%3N)"`,
      );
      overhead.replicas.push(hand.ms);
      const [, deployed, running] = hand.stdout.trim().split(' ').map(Number);
      if (running > deployed) {
        overhead.handWait.push(running - deployed);
        overhead.handSend.push(hand.ms - (running - deployed));
      }
    }

    log(`soak: ${MINUTES} minutes, one dashboard client every 5 s, one log stream`);
    const latency = { stacks: [], stack: [], servers: [] };
    let apiErrors = 0;
    const timed = async (key, route) => {
      const t0 = performance.now();
      const res = await fetch(`${mc.base}${route}`);
      await res.arrayBuffer();
      latency[key]?.push(performance.now() - t0);
      if (!res.ok) apiErrors++;
    };
    const stream = new AbortController();
    let streamLines = 0;
    let streamEnded = false;
    const follow = (async () => {
      const res = await fetch(`${mc.base}/api/stacks/${stackIds[0]}/services/s0/logs?follow=1&tail=10`, { signal: stream.signal });
      const decoder = new TextDecoder();
      for await (const chunk of res.body)
        streamLines += decoder
          .decode(chunk)
          .split('\n')
          .filter((l) => l.startsWith('data:')).length;
      streamEnded = true;
    })().catch((err) => {
      if (err.name !== 'AbortError') failures.push(`log stream: ${err.message}`);
    });

    counting = true;
    const soakStart = Date.now();
    const rows = [];
    let nextRow = soakStart + 60_000;
    let k = 0;
    while (Date.now() - soakStart < MINUTES * 60_000) {
      const id = stackIds.filter(Boolean)[k++ % stackIds.filter(Boolean).length];
      await Promise.all([
        timed('stacks', '/api/stacks'),
        timed('stack', `/api/stacks/${id}`),
        timed('servers', '/api/servers'),
        // what the pages ask for besides: the live charts
        timed(null, '/api/metrics/servers?range=1h&live=1'),
        timed(null, `/api/metrics/stacks/${id}?range=1h&live=1`),
      ]).catch((err) => failures.push(`dashboard poll: ${err.message}`));
      if (Date.now() >= nextRow) {
        await countConnections();
        const r = rssMb(mc.pid);
        rows.push(r);
        log(`${((Date.now() - soakStart) / 60_000).toFixed(0)} min: RSS ${r.toFixed(1)} MB, log lines ${streamLines}`);
        nextRow += 60_000;
      }
      await sleep(5000);
    }
    counting = false;
    const soakMinutes = (Date.now() - soakStart) / 60_000;
    stream.abort();
    await follow;
    if (streamEnded) failures.push('the log stream ended before the soak did');
    if (streamLines === 0) failures.push('the log stream carried no line');
    rss.end = rssMb(mc.pid);
    const cpuShare = (procStat(mc.pid) - cpu0.ticks) / 100 / ((Date.now() - cpu0.at) / 1000);

    const line = (s) => console.log(s);
    line(
      `scale: ${SERVERS} servers (${MANAGERS} managers), ${stackIds.filter(Boolean).length}/${STACKS} stacks up, soak ${soakMinutes.toFixed(1)} min`,
    );
    line(
      `RSS: start ${rss.start.toFixed(1)} MB, after onboarding ${rss.onboarded.toFixed(1)} MB, after deploys ${rss.deployed.toFixed(1)} MB, ` +
        `end ${rss.end.toFixed(1)} MB, peak ${Math.max(peak, rss.end).toFixed(1)} MB; over the soak, by minute: ${rows.map((r) => r.toFixed(0)).join(' ')}`,
    );
    line(`CPU: ${(cpuShare * 100).toFixed(1)} % of one core on average, from start-up to the end`);
    line(`SSH connections per server (most at once, seen by sshd): ${[...maxConnections].map(([n, c]) => `${n} ${c}`).join(', ')}`);
    line(
      `SSH commands per minute during the soak: ${[...commands]
        .sort((a, b) => b[1] - a[1])
        .map(([p, c]) => `${p} ${(c / soakMinutes).toFixed(1)}`)
        .join(', ')} (total ${([...commands.values()].reduce((a, b) => a + b, 0) / soakMinutes).toFixed(1)})`,
    );
    for (const [key, values] of Object.entries(latency))
      line(
        `API ${key.padEnd(7)} p50 ${ms(pct(values, 50))}, p95 ${ms(pct(values, 95))}, p99 ${ms(pct(values, 99))} (${values.length} calls)`,
      );
    line(
      `add server to ready: ${Object.entries(readySeconds)
        .map(([n, s]) => `${n} ${s.toFixed(1)} s`)
        .join(', ')}`,
    );
    line(
      `deploys of the ${STACKS} stacks (5 at a time): median ${median(deploySeconds).toFixed(1)} s, slowest ${Math.max(...deploySeconds).toFixed(1)} s`,
    );
    const mcMs = median(overhead.mc);
    const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
    line(
      `deploy overhead (4 services, median of 3): Mission Control ${ms(mcMs)}; by hand over ssh, ` +
        `docker stack deploy then a wait until all replicas run ${ms(median(overhead.replicas))} (ratio ${ratio(mcMs, median(overhead.replicas))}), ` +
        `docker stack deploy --detach=false ${ms(median(overhead.attached))} (ratio ${ratio(mcMs, median(overhead.attached))})`,
    );
    const [mcSend, handSend] = [median(overhead.mcSend), median(overhead.handSend)];
    const [mcWait, handWait] = [median(overhead.mcWait), median(overhead.handWait)];
    line(
      `  sending the stack: Mission Control ${ms(mcSend)} (deploy call to "accepted"), by hand ${ms(handSend)} ` +
        `(ssh and docker stack deploy) (ratio ${ratio(mcSend, handSend)})`,
    );
    line(
      `  waiting for it to run: Mission Control ${ms(mcWait)}, of which ${ms(STEADY_MS)} is the steadiness watch ` +
        `docker's CLI also keeps; the rest ${ms(mcWait - STEADY_MS)} against ${ms(handWait)} by hand ` +
        `(ratio ${ratio(mcWait - STEADY_MS, handWait)})`,
    );
    if (apiErrors) failures.push(`${apiErrors} dashboard calls answered an error`);
    for (const [kind, n] of commandFailures) failures.push(`${n} SSH commands failed (${kind})`);
    line(failures.length ? `failed:\n  ${failures.join('\n  ')}` : 'failed: nothing');
    return failures.length ? 1 : 0;
  } finally {
    clearInterval(peakTimer);
    await mc?.stop();
    await testbedDown();
  }
}

if (process.env.OTN_E2E_LOCKED !== '1') {
  // one test bed per machine: queue behind the e2e suites like they queue behind each other
  const r = spawnSync('flock', ['-o', '/tmp/otternauts-e2e.lock', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, OTN_E2E_LOCKED: '1' },
  });
  process.exit(r.status ?? 1);
} else {
  process.exitCode = await run();
}
