// Prisma 6.19 with its JS engine and the better-sqlite3 adapter: runs fully offline
// (Prisma 7's CLI downloads a native engine on every command and fails here).
import path from 'node:path';
import os from 'node:os';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const raw = process.env.OTTERNAUTS_DATA_DIR ?? path.join(os.homedir(), '.otternauts');
  const dir = raw.startsWith('~') ? path.join(os.homedir(), raw.slice(1)) : raw;
  return `file:${path.resolve(dir, 'mission_control.db')}`;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseUrl() });
  },
});
