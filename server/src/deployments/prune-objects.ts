import type { Server } from '../generated/prisma/client.js';
import type { NamesInUse } from '../compose/content-names.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';

export interface PruneOutcome {
  removed: string[];
  /** what could not be listed or removed; never a reason to fail a deployment that worked */
  warnings: string[];
}

/**
 * After a successful deploy: the stack's configs and secrets that the deployed file no longer
 * names (named by content, every changed file leaves its old object behind). One still in use
 * (a task that has not rolled over) is refused by Docker and stays for the next deploy.
 */
export async function pruneUnusedObjects(shell: ServerShell, m: Server, stack: string, inUse: NamesInUse): Promise<PruneOutcome> {
  const docker = shell.docker(m);
  const outcome: PruneOutcome = { removed: [], warnings: [] };
  const kinds = [
    { what: 'config', list: docker.stackConfigNames(stack), remove: docker.configRemove, keep: new Set(inUse.configs) },
    { what: 'secret', list: docker.stackSecretNames(stack), remove: docker.secretRemove, keep: new Set(inUse.secrets) },
  ];
  for (const kind of kinds) {
    try {
      const listed = await shell.run(m, kind.list, { timeoutMs: 30_000, idempotent: true });
      if (listed.code !== 0) {
        outcome.warnings.push(`Could not list the stack's ${kind.what}s: ${lastLines(listed.stderr, 2)}`);
        continue;
      }
      const unused = listed.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter((name) => name !== '' && !kind.keep.has(name));
      if (unused.length === 0) continue;
      const r = await shell.run(m, kind.remove(...unused), { timeoutMs: 60_000 });
      const failed = new Set(unused.filter((name) => r.stderr.includes(name)));
      outcome.removed.push(...unused.filter((name) => r.code === 0 || !failed.has(name)));
      if (r.code !== 0) outcome.warnings.push(`Could not remove every unused ${kind.what}: ${lastLines(r.stderr, 3)}`);
    } catch (err) {
      outcome.warnings.push(`Could not prune the stack's ${kind.what}s: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return outcome;
}
