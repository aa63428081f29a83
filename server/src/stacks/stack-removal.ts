import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from '../generated/prisma/client.js';
import { ApiError, conflict } from '../errors/api-error.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { jsonLines } from '../swarm/docker-output.js';

export const NETWORKS_GONE_TIMEOUT_MS = 60_000;

/**
 * `docker stack rm` deletes the services and then, at once, their networks. Swarm refuses a
 * network while a task of a just-deleted service is not yet marked for removal ("network … is
 * in use by task …", exit 1): a race its orchestrator usually wins, and loses on a busy
 * manager. Such a refusal only means "not yet", so the removal runs again (it is idempotent)
 * until the networks are gone.
 */
const NOT_YET = /is in use by (task|service)|Failed to remove some resources/i;

export interface RemovalDeps {
  shell: Pick<ServerShell, 'run' | 'docker'>;
  timeoutMs?: number;
  pollMs?: number;
}

/** Removes the stack from the Swarm and waits until its networks are gone too. */
export async function removeStackFromSwarm(deps: RemovalDeps, manager: Server, stack: string): Promise<void> {
  const docker = deps.shell.docker(manager);
  const timeoutMs = deps.timeoutMs ?? NETWORKS_GONE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const slow = () =>
    conflict('stack_remove_slow', `Swarm has not removed the networks of ${stack} after ${timeoutMs / 1000} s; try again shortly.`);
  for (;;) {
    const removed = await deps.shell.run(manager, docker.stackRemove(stack));
    const output = lastLines(`${removed.stderr}\n${removed.stdout}`);
    if (removed.code !== 0 && !NOT_YET.test(output))
      throw new ApiError(
        502,
        'stack_remove_failed',
        `docker stack rm ${stack} failed on ${manager.name}: ${output || `exit code ${removed.code}`}`,
      );
    const networks = await deps.shell.run(manager, docker.networksOfStack(stack));
    if (networks.code !== 0)
      throw new ApiError(
        502,
        'stack_remove_failed',
        `docker network ls failed on ${manager.name}: ${lastLines(networks.stderr) || `exit code ${networks.code}`}`,
      );
    if (jsonLines(networks.stdout).length === 0) return;
    if (Date.now() > deadline) throw slow();
    await sleep(deps.pollMs ?? 1000);
  }
}
