// Footprint benchmark (not a test): Mission Control's resident memory after start-up and
// after 1,000 API calls. Target: under 100 MB idle. Prints figures whatever they are.
// Usage: npm run build && npm run bench:footprint [-- --calls 1000]
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMissionControl } from './mission-control-process.mjs';

const callsArg = process.argv.indexOf('--calls');
const calls = callsArg > 0 ? Number(process.argv[callsArg + 1]) : 1000;
const rssMb = (pid) => {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
};

const { base, pid, startupMs, stop } = await startMissionControl();
try {
  await sleep(3000); // let start-up garbage settle
  const idle = rssMb(pid);

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

  console.log(`start-up to first health answer: ${startupMs} ms`);
  console.log(`RSS after start-up (idle):        ${idle.toFixed(1)} MB   (target < 100 MB)`);
  console.log(`RSS after ${calls} API calls:       ${after.toFixed(1)} MB`);
  console.log(`RSS 3 s later:                    ${settled.toFixed(1)} MB`);
  console.log(`API calls: ${calls} in ${elapsed} ms (${((calls / elapsed) * 1000).toFixed(0)} per second, one at a time)`);
} finally {
  await stop();
}
