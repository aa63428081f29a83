import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { RemoteCommand } from '../ssh/command.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import { ServerChecks } from './server-checks.js';
import type { RunResult, ServerShell } from './server-shell.js';

const server = (over: Partial<Server> = {}): Server =>
  ({ id: 's1', name: 'outpost-1', sshUser: 'root', status: 'ready', swarmNodeId: 'node1', ...over }) as Server;

const info = (manager: boolean) =>
  JSON.stringify({
    ServerVersion: '26.1.5',
    Swarm: { LocalNodeState: 'active', NodeID: 'node1', ControlAvailable: manager, Cluster: manager ? { ID: 'c1' } : undefined },
  });

/** A shell that answers `docker info` and the login sweep, and fails on anything else. */
function fakeShell(manager: boolean, sweepOut: string) {
  const ran: string[] = [];
  const shell = {
    needsSudo: () => false,
    docker: () => new DockerCommands(false),
    async run(_s: Server, cmd: RemoteCommand): Promise<RunResult> {
      const text = cmd.toShell();
      ran.push(text);
      if (text.startsWith('docker info')) return { code: 0, stdout: info(manager), stderr: '' };
      if (text.startsWith('find /tmp')) return { code: 0, stdout: sweepOut, stderr: '' };
      throw new Error(`unexpected command: ${text}`);
    },
  };
  return { shell: shell as unknown as ServerShell, ran };
}

const prisma = { server: { update: async ({ data }: { data: Partial<Server> }) => server(data) } } as unknown as PrismaService;

describe(ServerChecks.name, () => {
  describe('check', () => {
    it('should sweep stale registry login folders on a manager', async () => {
      const { shell, ran } = fakeShell(true, '/tmp/otternauts-login.AbCd1234\n');
      const checked = await new ServerChecks(prisma, shell).check(server());
      expect(checked.status).toBe('ready');
      expect(ran.filter((c) => c.startsWith('find /tmp'))).toHaveLength(1);
      expect(ran.find((c) => c.startsWith('find /tmp'))).toContain("-name 'otternauts-login.*' -user root");
    });

    it('should leave a worker alone (deployments never log in there)', async () => {
      const { shell, ran } = fakeShell(false, '');
      const checked = await new ServerChecks(prisma, shell).check(server());
      expect(checked.swarmRole).toBe('worker');
      expect(ran.some((c) => c.startsWith('find'))).toBe(false);
    });
  });
});
