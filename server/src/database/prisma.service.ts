import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';
import { databaseUrl } from './migrate.js';

/** The one Prisma client, on the SQLite file in the data directory. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(databaseFile: string) {
    super({ adapter: new PrismaBetterSQLite3({ url: databaseUrl(databaseFile) }) });
  }

  /** WAL lets the dashboard read while a job writes; busy_timeout waits out short locks. */
  async configure(): Promise<void> {
    await this.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await this.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
    await this.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  }

  /** Migration names recorded as applied; empty on a new database. */
  async appliedMigrations(): Promise<string[]> {
    try {
      const rows = await this.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      return rows.map((r) => r.migration_name);
    } catch {
      return []; // no migrations table yet
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
