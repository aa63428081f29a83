import { RemoteCommand } from '../ssh/command.js';
import { sweepStaleDirs } from '../ssh/stale-dirs.js';
import type { Server } from '../generated/prisma/client.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { FILES_DIR_PREFIX } from './files-dirs.js';

/**
 * A deployment's `docker login` writes registry credentials (config.json) into a directory of
 * its own on the manager, removed when the deploy step ends. Mission Control killed in between
 * leaves it behind: the name marks it so the next contact can sweep it.
 */
export const LOGIN_DIR_PARENT = '/tmp';
export const LOGIN_DIR_PREFIX = 'otternauts-login.';

/** Bounds on the commands run while a login directory exists (the deploy step). */
export const LOGIN_TIMEOUT_MS = 60_000;
export const STACK_DEPLOY_TIMEOUT_MS = 300_000;

/**
 * A login directory is touched by every `docker login` (config.json is replaced, which changes
 * the directory's mtime), and `docker stack deploy` follows within STACK_DEPLOY_TIMEOUT_MS: one
 * untouched for longer than that, plus a login and a margin, belongs to no running deployment.
 */
export const STALE_LOGIN_MINUTES = Math.ceil((STACK_DEPLOY_TIMEOUT_MS + LOGIN_TIMEOUT_MS) / 60_000) + 4;

/** mktemp -d makes it 0700, owned by the SSH user. */
export const makeLoginDir = () => new RemoteCommand(['mktemp', '-d', `${LOGIN_DIR_PARENT}/${LOGIN_DIR_PREFIX}XXXXXXXX`]);

/** sudo: `sudo docker login` wrote config.json as root. */
export const removeLoginDir = (dir: string, sudo: boolean) => new RemoteCommand(['rm', '-rf', '--', dir], { sudo });

/**
 * Removes the stale login directories of `owner` (the SSH user that made them), and the stale
 * folders of files sent beside a Compose file (files-dirs.ts; the same lifetime bounds hold),
 * and prints each one removed.
 */
export const sweepLoginDirs = (owner: string, sudo: boolean) =>
  sweepStaleDirs(LOGIN_DIR_PARENT, [LOGIN_DIR_PREFIX, FILES_DIR_PREFIX], owner, STALE_LOGIN_MINUTES, sudo);

/**
 * Sweeps a manager's stale login directories (and folders of files): at the start of every deployment on it, and
 * wherever else Mission Control contacts a server it may have been killed on. Never throws:
 * a failed sweep must not stop the work that triggered it, so it says what went wrong instead.
 */
export async function sweepStaleLoginDirs(shell: ServerShell, server: Server): Promise<{ removed: string[]; problem: string | null }> {
  try {
    const r = await shell.run(server, sweepLoginDirs(server.sshUser, shell.needsSudo(server)), { timeoutMs: 30_000 });
    const removed = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith(`${LOGIN_DIR_PARENT}/${LOGIN_DIR_PREFIX}`) || l.startsWith(`${LOGIN_DIR_PARENT}/${FILES_DIR_PREFIX}`));
    return { removed, problem: r.code === 0 ? null : lastLines(r.stderr || r.stdout, 2) || `find exited with ${r.code}` };
  } catch (err) {
    return { removed: [], problem: err instanceof Error ? err.message : String(err) };
  }
}
