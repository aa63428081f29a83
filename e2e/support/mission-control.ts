import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningMissionControl {
  url: string;
  pid: number;
  dataDir: string;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  api<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T; text: string }>;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, exactly like a crash or an OOM kill */
  kill(): Promise<void>;
}

export function newDataDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `otn-e2e-${name}-`));
}

let nextPort = 19100 + Math.floor(Math.random() * 500);

/** Starts the built Mission Control (server/dist/main.js) as its own process. */
export async function startMissionControl(dataDir: string, env: Record<string, string> = {}): Promise<RunningMissionControl> {
  const port = nextPort++;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'server', 'dist', 'main.js')], {
    env: { ...process.env, OTTERNAUTS_DATA_DIR: dataDir, OTTERNAUTS_PORT: String(port), OTTERNAUTS_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  // what it wrote stays beside its data, for a post-mortem of a failed run
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      fs.writeFileSync(path.join(dataDir, 'mission-control.log'), out);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Mission Control exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 60_000) throw new Error(`Mission Control did not start within 60 s:\n${out}`);
    await sleep(100);
  }

  const api = jsonApi(url);

  return {
    url,
    pid: child.pid!,
    dataDir,
    output: () => out,
    api,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A JSON client for Mission Control at `url`: `{ status, body, text }` (body parsed when it is JSON). */
export function jsonApi(url: string, headers: Record<string, string> = {}) {
  return async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text };
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
    await sleep(everyMs);
  }
}
