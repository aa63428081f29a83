import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { RemoteCommand } from '../ssh/command.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { IncidentBook } from '../events/incident-book.js';
import { SshError } from '../ssh/ssh-errors.js';
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

/** Records what the checks would tell the incident book. */
function fakeIncidents() {
  const seen: string[] = [];
  const book = {
    openIncident: async (kind: string, subject: string) => void seen.push(`open ${kind}:${subject}`),
    resolveIncident: async (kind: string, subject: string) => void seen.push(`resolve ${kind}:${subject}`),
  } as unknown as IncidentBook;
  return { book, seen };
}

const prisma = { server: { update: async ({ data }: { data: Partial<Server> }) => server(data) } } as unknown as PrismaService;

describe(ServerChecks.name, () => {
  describe('check', () => {
    it('should sweep stale registry login folders on a manager', async () => {
      const { shell, ran } = fakeShell(true, '/tmp/otternauts-login.AbCd1234\n');
      const checked = await new ServerChecks(prisma, shell, fakeIncidents().book).check(server());
      expect(checked.status).toBe('ready');
      expect(ran.filter((c) => c.startsWith('find /tmp'))).toHaveLength(1);
      expect(ran.find((c) => c.startsWith('find /tmp'))).toContain("-name 'otternauts-login.*' -user root");
    });

    it('should leave a worker alone (deployments never log in there)', async () => {
      const { shell, ran } = fakeShell(false, '');
      const checked = await new ServerChecks(prisma, shell, fakeIncidents().book).check(server());
      expect(checked.swarmRole).toBe('worker');
      expect(ran.some((c) => c.startsWith('find'))).toBe(false);
    });
  });

  describe('events', () => {
    const failing = (err: Error) =>
      ({ run: async () => Promise.reject(err), docker: () => new DockerCommands(false), needsSudo: () => false }) as unknown as ServerShell;

    it('should open server.unreachable when SSH fails and resolve server.back when it answers again', async () => {
      const { book, seen } = fakeIncidents();
      await new ServerChecks(prisma, failing(new SshError('timeout', 'no answer in 10 s')), book).check(server());
      expect(seen).toEqual(['open server.unreachable:s1']);
      const { shell } = fakeShell(false, '');
      await new ServerChecks(prisma, shell, book).check(server({ status: 'unreachable' }));
      expect(seen).toEqual(['open server.unreachable:s1', 'resolve server.back:s1']);
    });

    it('should fail a server whose host key changed, and open no unreachable incident (ServerShell tells the timeline)', async () => {
      const { book, seen } = fakeIncidents();
      const checked = await new ServerChecks(prisma, failing(new SshError('host_key_mismatch', 'host key changed')), book).check(server());
      expect(checked.status).toBe('failed');
      expect(seen).toEqual([]);
    });
  });
});
