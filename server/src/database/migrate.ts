import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { serverRoot } from '../config/app-config.js';

const repoRoot = path.resolve(serverRoot, '..');

/** Names of the committed migrations (folders under prisma/migrations). */
export function committedMigrations(): string[] {
  const dir = path.join(repoRoot, 'prisma', 'migrations');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function databaseUrl(file: string): string {
  return `file:${file}`;
}

/**
 * Applies committed migrations with `prisma migrate deploy` (Prisma has no public API for
 * it). The CLI runs in a child process so its memory is returned when it exits.
 */
export function applyMigrations(databaseFile: string): string {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const output = execFileSync(process.execPath, [cli, 'migrate', 'deploy', '--config', 'prisma.config.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl(databaseFile), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return output;
}
