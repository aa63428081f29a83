import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './mission-control.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `otternauts` (cli/dist/main.js) the way a pipeline does: OTTERNAUTS_URL and
 * OTTERNAUTS_TOKEN in its environment, its own empty config folder, stdin as given.
 */
export function otternauts(args: string[], env: { url: string; token?: string; stdin?: string }): Promise<CliRun> {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-cli-e2e-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'cli', 'dist', 'main.js'), ...args], {
    env: {
      PATH: process.env.PATH,
      XDG_CONFIG_HOME: config,
      OTTERNAUTS_URL: env.url,
      ...(env.token && { OTTERNAUTS_TOKEN: env.token }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(env.stdin ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}
