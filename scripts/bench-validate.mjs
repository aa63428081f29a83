// Validation benchmark (not a test): how long validating a Compose file takes, and how long
// it holds Mission Control's event loop, for 64/256/512 KB files of two shapes: one service
// with a very wide `environment`, and many small services. Prints figures whatever they are.
// Usage: npm run build && npm run bench:validate [-- --runs 5] [-- --no-server]
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMissionControl } from './mission-control-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const withServer = !process.argv.includes('--no-server');
const SIZES_KB = [64, 256, 512];
// The API refuses configurations over 512 KiB; stay just under it.
const API_LIMIT = 512 * 1024;

const { validateStack } = await import(pathToFileURL(path.join(root, 'server', 'dist', 'compose', 'validate-stack.js')).href);

/** One service whose `environment` mapping holds nearly the whole file. */
function wideEnvironment(bytes) {
  const lines = ['services:', '  app:', '    image: nginx:1.27', '    environment:'];
  let size = lines.join('\n').length;
  for (let i = 0; size < bytes - 64; i++) {
    const line = `      KEY_${String(i).padStart(6, '0')}: value-${i}-abcdefghij`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Many services, each with a few ports, labels and environment keys. */
function manyServices(bytes) {
  const lines = ['services:'];
  let size = lines[0].length;
  for (let i = 0; size < bytes - 400; i++) {
    const service = [
      `  svc${i}:`,
      `    image: registry.example.com/team/app-${i}:1.0.${i}`,
      '    deploy:',
      `      replicas: ${1 + (i % 3)}`,
      '      labels:',
      `        com.example.owner: team-${i % 7}`,
      '    environment:',
      ...Array.from({ length: 8 }, (_, k) => `      VAR_${k}: "value ${i}-${k}"`),
    ];
    lines.push(...service);
    size += service.join('\n').length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Many services, each with values of the wrong kind: thousands of errors to explain. */
function manyErrors(bytes) {
  const lines = ['services:'];
  let size = lines[0].length;
  for (let i = 0; size < bytes - 200; i++) {
    const service = [`  svc${i}:`, '    image: nginx', '    environment:', '      A: {b: 1}', '    ports:', '      - {target: x}'];
    lines.push(...service);
    size += service.join('\n').length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Nine aliases of nine aliases... of nine values: 387 million values once expanded. */
function billionLaughs() {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${[...lines, 'services:', '  web:', '    image: nginx', '    command: *a9'].join('\n')}\n`;
}

function deeplyNested(bytes) {
  const depth = Math.floor((bytes - 100) / 2);
  return `services:\n  web:\n    image: nginx\n    command: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ctx = { secretNames: new Set(), domainsInUse: new Map(), routersInUse: new Map() };
const cases = SIZES_KB.flatMap((kb) => {
  const bytes = Math.min(kb * 1024, API_LIMIT - 64);
  return [
    { label: `${kb} KB, one wide environment`, text: wideEnvironment(bytes) },
    { label: `${kb} KB, many services`, text: manyServices(bytes) },
    { label: `${kb} KB, thousands of errors`, text: manyErrors(bytes), invalid: true },
  ];
});
cases.push({ label: 'billion laughs (1 KB)', text: billionLaughs(), invalid: true });
cases.push({ label: '512 KB of nested [[[...]]]', text: deeplyNested(API_LIMIT - 64), invalid: true });

console.log(`In-process validateStack (server/dist), median of ${runs} runs; event-loop block = the longest delay a timer saw`);
for (const c of cases) {
  const result = validateStack('bench', c.text, ctx); // warm-up, and a check that the file is what we meant
  if (result.valid === Boolean(c.invalid))
    throw new Error(`${c.label}: the generated file is ${result.valid ? '' : 'not '}valid: ${result.errors[0]?.message}`);
  const times = [];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    validateStack('bench', c.text, ctx);
    times.push(performance.now() - t0);
    await sleep(5); // let the loop-delay timer fire between runs
  }
  histogram.disable();
  const blockMs = histogram.max / 1e6;
  const outcome = c.invalid ? `  ${result.errors.length} errors, first: ${result.errors[0].message.slice(0, 70)}` : '';
  console.log(
    `  ${c.label.padEnd(34)} ${(c.text.length / 1024).toFixed(0).padStart(4)} KiB  validate ${median(times).toFixed(1).padStart(8)} ms   event-loop block ${blockMs.toFixed(1).padStart(8)} ms${outcome}`,
  );
}

if (withServer) await benchThroughServer();

/** POST /api/stacks/validate on a real Mission Control while /api/health is polled. */
async function benchThroughServer() {
  const { base, stop } = await startMissionControl();
  try {
    console.log(`Through Mission Control: POST /api/stacks/validate while GET /api/health is asked every 10 ms (median of ${runs})`);
    for (const c of cases) {
      const validateTimes = [];
      const healthWorst = [];
      for (let i = 0; i < runs; i++) {
        let done = false;
        let worst = 0;
        const poll = (async () => {
          while (!done) {
            const t0 = performance.now();
            await (await fetch(`${base}/api/health`)).arrayBuffer();
            worst = Math.max(worst, performance.now() - t0);
            await sleep(10);
          }
        })();
        await sleep(30);
        const t0 = performance.now();
        const res = await fetch(`${base}/api/stacks/validate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'bench', configuration: c.text }),
        });
        const body = await res.json();
        validateTimes.push(performance.now() - t0);
        if (res.status !== 200 || body.valid === Boolean(c.invalid))
          throw new Error(`${c.label}: validate answered ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        await sleep(30);
        done = true;
        await poll;
        healthWorst.push(worst);
      }
      console.log(
        `  ${c.label.padEnd(34)} validate ${median(validateTimes).toFixed(1).padStart(8)} ms   slowest /api/health meanwhile ${median(healthWorst).toFixed(1).padStart(8)} ms`,
      );
    }
  } finally {
    await stop();
  }
}
