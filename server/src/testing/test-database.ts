import { applyMigrations } from '../database/migrate.js';
import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from './temp-dir.js';

/**
 * A Mission Control database of its own for one spec file: a new SQLite file with every
 * migration applied, opened as the app opens it (so its pragmas hold too). The caller
 * disconnects it in afterAll.
 */
export async function migratedDatabase(prefix: string): Promise<PrismaService> {
  const file = `${tempDir(prefix)}/mission_control.db`;
  applyMigrations(file);
  const prisma = new PrismaService(file);
  await prisma.configure();
  return prisma;
}
