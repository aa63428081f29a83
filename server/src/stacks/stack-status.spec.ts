import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { Server } from '../generated/prisma/client.js';
import type { IncidentBook } from '../events/incident-book.js';
import type { StackValidation } from './stack-validation.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import { StackStatus } from './stack-status.js';

/** A manager whose `docker service ls` answers one more service each time it is asked, `delayMs` later. */
function fakes(delayMs: number) {
  let lists = 0;
  const manager = { id: 'm', name: 'otn1', sshUser: 'root' } as Server;
  const cluster = {
    managers: async () => [manager],
    withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager, result: await work(manager) }),
  } as unknown as ClusterService;
  const shell = {
    docker: () => new DockerCommands(false),
    runOk: async (_m: Server, cmd: { argv: string[] }) => {
      const listing = cmd.argv[1] === 'service' && cmd.argv[2] === 'ls';
      if (listing) lists++;
      await new Promise((r) => setTimeout(r, delayMs));
      if (listing) {
        const rows = Array.from({ length: lists }, (_, i) =>
          JSON.stringify({ ID: `s${i}`, Name: `shop_s${i}`, Mode: 'replicated', Replicas: '1/1', Image: 'busybox' }),
        );
        return { code: 0, stdout: rows.join('\n'), stderr: '' };
      }
      return { code: 0, stdout: '', stderr: '' };
    },
    run: async () => ({ code: 0, stdout: '', stderr: '' }),
  } as unknown as ServerShell;
  const config = { statusRefreshIntervalSeconds: 10 } as AppConfig;
  const status = new StackStatus(cluster, shell, config, {} as StackValidation, {} as IncidentBook);
  return { status, lists: () => lists };
}

describe('StackStatus.current', () => {
  it('should answer a page at once with the last snapshot while a stale one refreshes behind it', async () => {
    const { status, lists } = fakes(50);
    expect((await status.current(20, 'serve')).services).toHaveLength(1); // nothing cached yet: it waits
    await new Promise((r) => setTimeout(r, 30)); // stale now
    const served = await status.current(20, 'serve');
    expect(served.services).toHaveLength(1); // the last one: no round trip waited for
    expect(lists()).toBe(2); // but one has started
    await new Promise((r) => setTimeout(r, 120));
    expect((await status.current(1_000, 'serve')).services).toHaveLength(2);
  });

  it('should make the incident watch wait for fresh state, and share one refresh between callers', async () => {
    const { status, lists } = fakes(30);
    await status.current(10);
    await new Promise((r) => setTimeout(r, 20));
    const [a, b, c] = await Promise.all([status.current(10), status.current(10), status.current(10, 'serve')]);
    expect(a.services).toHaveLength(2);
    expect(b).toBe(a);
    expect(c.services).toHaveLength(1); // the page got the last one, at once
    expect(lists()).toBe(2);
  });

  it('should wait when the snapshot is far too old to show, or after invalidate()', async () => {
    const { status } = fakes(10);
    await status.current(10);
    await new Promise((r) => setTimeout(r, 40)); // more than 3 × 10 ms
    expect((await status.current(10, 'serve')).services).toHaveLength(2);
    status.invalidate();
    expect((await status.current(10_000, 'serve')).services).toHaveLength(3);
  });
});
