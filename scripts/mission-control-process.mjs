// The built Mission Control (server/dist) as a process of its own on a random loopback port,
// with a throw-away data directory: what the benchmarks measure against.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** What `npm start` (package.json) and the image (Dockerfile) run Mission Control with. */
export const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=2'];
/** ...and the environment they set for it (the caller's environment may override it, to measure). */
export const RUNTIME_ENV = { MALLOC_ARENA_MAX: '2' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts it and waits for its first health answer; `stop()` ends it and removes its data.
 * `env`: settings on top of the defaults (e.g. OTTERNAUTS_METRICS_INTERVAL for the sampling mode).
 * `onLogLine`: called with each line Mission Control writes to stdout (its JSON log), when given.
 * `nodeArgs`: Node and V8 flags to run it with; by default those of `npm start` and the image.
 * `dataDir`: a data directory to start on (a restart) and keep; by default a new one, removed on stop.
 */
export async function startMissionControl(env = {}, { onLogLine, nodeArgs = RUNTIME_NODE_FLAGS, dataDir: given } = {}) {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const dataDir = given ?? fs.mkdtempSync(path.join(os.tmpdir(), 'otn-bench-'));
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'server', 'dist', 'main.js')], {
    env: {
      ...RUNTIME_ENV,
      ...process.env,
      OTTERNAUTS_DATA_DIR: dataDir,
      OTTERNAUTS_PORT: String(port),
      OTTERNAUTS_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', onLogLine ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onLogLine) readline.createInterface({ input: child.stdout }).on('line', onLogLine);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    // a sampler or job halfway through an SSH command ends it first: wait for the exit (bounded)
    await Promise.race([exited, sleep(15_000)]);
    if (!given) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 60_000) {
      await stop();
      throw new Error('Mission Control did not answer within 60 s');
    }
    await sleep(100);
  }
  return { base, pid: child.pid, dataDir, startupMs: Date.now() - started, stop };
}
