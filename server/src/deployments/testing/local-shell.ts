import { spawn } from 'node:child_process';
import type { Server } from '../../generated/prisma/client.js';
import type { RemoteCommand } from '../../ssh/command.js';
import { DockerCommands } from '../../swarm/docker-commands.js';
import type { RunOptions, RunResult, ServerShell } from '../../servers/server-shell.js';

/**
 * A ServerShell that runs each command's quoted text with this machine's `sh -c`, as sshd hands
 * it to the login shell: the commands really run (mktemp, dd, rm), without a server. Every
 * command line is recorded. `env` adds to the environment (a PATH with a stand-in docker).
 */
export function localShell(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const run = (_s: Server, cmd: RemoteCommand, opts: RunOptions = {}) =>
    new Promise<RunResult>((resolve, reject) => {
      lines.push(cmd.toShell());
      const child = spawn('sh', ['-c', cmd.toShell()], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      // a program that reads no stdin (mktemp) may exit before it is written
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin ?? '');
    });
  const shell = {
    docker: () => new DockerCommands(false),
    needsSudo: () => false,
    run,
    runOk: async (s: Server, cmd: RemoteCommand, what: string, opts?: RunOptions) => {
      const r = await run(s, cmd, opts);
      if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr}`);
      return r;
    },
  } as unknown as ServerShell;
  return { shell, lines };
}

export const localServer = { id: 'local', name: 'manager-1', sshUser: 'root' } as unknown as Server;
