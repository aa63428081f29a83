import type { Server } from '../generated/prisma/client.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { StepFailure } from '../jobs/job.types.js';
import { FILE_UPLOAD_TIMEOUT_MS, filesDirFrom, makeFilesDir, removeFilesDir, writeFileCommand } from './files-dirs.js';

/**
 * Sends the files (file i as `<dir>/i`) to a private folder on the manager, runs `work` with
 * the folder, and removes it whatever happens. Each file travels on stdin; no file means no
 * folder (work gets null).
 */
export async function withFilesOnManager<T>(
  shell: ServerShell,
  m: Server,
  contents: readonly Buffer[],
  work: (dir: string | null) => Promise<T>,
): Promise<T> {
  if (contents.length === 0) return work(null);
  const dir = filesDirFrom((await shell.runOk(m, makeFilesDir(), 'mktemp')).stdout);
  try {
    for (const [i, content] of contents.entries()) {
      // the bytes as they are (a config may be binary): ServerShell hands stdin to SshPool.exec unchanged, which takes a Buffer
      const stdin = content as unknown as string;
      const r = await shell.run(m, writeFileCommand(dir, i), { stdin, timeoutMs: FILE_UPLOAD_TIMEOUT_MS });
      if (r.code !== 0) throw new StepFailure(`Could not write a file beside the Compose file on ${m.name}: ${lastLines(r.stderr, 2)}`);
    }
    return await work(dir);
  } finally {
    await shell.run(m, removeFilesDir(dir)).catch(() => undefined);
  }
}
