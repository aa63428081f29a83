import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { RemoteCommand } from '../ssh/command.js';
import type { ServerShell } from '../servers/server-shell.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { TaskRow } from '../swarm/docker-output.js';
import { HEALTH_OUTPUT_MAX, parseHealthLog, taskHealthOutput, withHealthCheckOutput } from './health-log.js';

// `docker inspect --format '{{json .State.Health}}'` of a container whose wget healthcheck fails (Docker 26)
const INSPECTED =
  '{"Status":"unhealthy","FailingStreak":3,"Log":[' +
  '{"Start":"2026-12-02T01:40:01.1Z","End":"2026-12-02T01:40:01.2Z","ExitCode":1,"Output":"Connecting to localhost:8080 (127.0.0.1:8080)\\nwget: can\'t connect to remote host (127.0.0.1): Connection refused\\n"},' +
  '{"Start":"2026-12-02T01:40:03.1Z","End":"2026-12-02T01:40:03.2Z","ExitCode":1,"Output":"wget: server returned error: HTTP/1.1 500 Internal Server Error\\n"}]}\n';

describe(parseHealthLog.name, () => {
  it("should answer the last probe's output, trimmed, and its exit code", () => {
    expect(parseHealthLog(INSPECTED)).toEqual({
      status: 'unhealthy',
      output: 'wget: server returned error: HTTP/1.1 500 Internal Server Error',
      exitCode: 1,
    });
  });

  it('should answer null for a container without a healthcheck or text that is not JSON', () => {
    expect(parseHealthLog('null\n')).toBeNull();
    expect(parseHealthLog('')).toBeNull();
    expect(parseHealthLog('Error: No such object: shop_web.1.abc')).toBeNull();
  });

  it('should cut a long output', () => {
    const long = JSON.stringify({ Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'x'.repeat(5000) }] });
    expect(parseHealthLog(long)!.output).toHaveLength(HEALTH_OUTPUT_MAX);
  });
});

describe(taskHealthOutput.name, () => {
  const servers = [
    { id: 's1', name: 'outpost-1', hostname: '10.77.0.11', sshUser: 'otto', swarmNodeId: 'n1' },
    { id: 's2', name: 'outpost-2', hostname: '10.77.0.12', sshUser: 'root', swarmNodeId: 'n2' },
  ] as Server[];
  const prisma = { server: { findMany: async () => servers } } as unknown as PrismaService;
  const task = (node: string): TaskRow => ({
    ID: 'x7k2pq9v0c3m5n8b1z4w6y2r0',
    Name: '\\_ shop_web.1',
    Image: 'local/busybox:1',
    Node: node,
    DesiredState: 'Shutdown',
    CurrentState: 'Failed 2 seconds ago',
    Error: 'task: non-zero exit (137): dockerexec: unhealthy container',
    Ports: '',
  });

  function fakes() {
    const ran: { server: string; command: string }[] = [];
    const shell = {
      needsSudo: (s: Server) => s.sshUser !== 'root',
      docker: (s: Server) => new DockerCommands(s.sshUser !== 'root'),
      async run(s: Server, cmd: RemoteCommand) {
        ran.push({ server: s.name, command: cmd.toShell() });
        return { code: 0, stdout: INSPECTED, stderr: '' };
      },
      async runOk(s: Server, cmd: RemoteCommand) {
        ran.push({ server: s.name, command: cmd.toShell() });
        return { code: 0, stdout: '{"ID":"n2","Hostname":"node-b"}\n{"ID":"n1","Hostname":"node-a"}\n', stderr: '' };
      },
    } as unknown as ServerShell;
    const cluster = {
      withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager: servers[1], result: await work(servers[1]) }),
    } as unknown as ClusterService;
    return { ran, deps: { prisma, shell, cluster } };
  }

  it("should run one docker inspect of the task's container on the node named like the server", async () => {
    const { ran, deps } = fakes();
    expect(await taskHealthOutput(deps, task('outpost-1'))).toBe('wget: server returned error: HTTP/1.1 500 Internal Server Error');
    expect(ran).toEqual([
      { server: 'outpost-1', command: "sudo -n -- docker inspect --format '{{json .State.Health}}' shop_web.1.x7k2pq9v0c3m5n8b1z4w6y2r0" },
    ]);
  });

  it("should map a node hostname to its server through the manager's node list", async () => {
    const { ran, deps } = fakes();
    expect(await taskHealthOutput(deps, task('node-b'))).toContain('HTTP/1.1 500');
    expect(ran.map((r) => [r.server, r.command.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['outpost-2', 'docker node ls'],
      ['outpost-2', 'docker inspect --format'],
    ]);
  });

  it('should answer null for a node no server is', async () => {
    const { deps } = fakes();
    expect(await taskHealthOutput(deps, task('elsewhere'))).toBeNull();
  });

  it("should put the health-check output in place of Docker's task error in a deployment's message", async () => {
    const { deps } = fakes();
    const said =
      'Service web is unhealthy: task: non-zero exit (137): dockerexec: unhealthy container (2 tasks in a row failed; Swarm keeps restarting it)';
    expect(await withHealthCheckOutput(deps, said, 'shop', [task('outpost-1')])).toBe(
      'Service web is unhealthy: wget: server returned error: HTTP/1.1 500 Internal Server Error (2 tasks in a row failed; Swarm keeps restarting it)',
    );
    const other = 'Service web cannot start: No such image: nope:1';
    expect(await withHealthCheckOutput(deps, other, 'shop', [task('outpost-1')])).toBe(other);
  });
});
