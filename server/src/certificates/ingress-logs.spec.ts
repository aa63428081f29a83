import fs from 'node:fs';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { Server } from '../generated/prisma/client.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { RemoteCommand } from '../ssh/command.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import { IngressLogs } from './ingress-logs.js';

const fixtures = JSON.parse(fs.readFileSync(new URL('./fixtures/traefik-acme-lines.json', import.meta.url), 'utf8')) as {
  id: string;
  line: string;
}[];
const line = (id: string) => fixtures.find((f) => f.id === id)!.line;
const frame = (time: string, text: string) => `${time} otternauts-ingress_traefik.1.q8x3pe2v1m0n@otn1    | ${text}`;

/** The command each read runs: Traefik's service log since a moment, at most its last 5000 lines. */
const serviceLogsSince = (since: string) => [
  'docker',
  'service',
  'logs',
  '--no-trunc',
  '--timestamps',
  '--tail',
  '5000',
  '--since',
  since,
  'otternauts-ingress_traefik',
];

function setup(outputs: { code: number; stdout: string; stderr?: string }[]) {
  const ran: RemoteCommand[] = [];
  const manager = { id: 'm1', sshUser: 'root' } as Server;
  const cluster = {
    withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager, result: await work(manager) }),
  } as unknown as ClusterService;
  const shell = {
    docker: () => new DockerCommands(false),
    run: async (_m: Server, cmd: RemoteCommand) => {
      ran.push(cmd);
      const next = outputs.shift();
      if (!next) throw new Error('an unexpected command');
      return { stderr: '', ...next };
    },
  } as unknown as ServerShell;
  return { logs: new IngressLogs(cluster, shell), ran };
}

describe(IngressLogs.name, () => {
  describe('read', () => {
    it('should read since the last read, keep the certificate errors and not report a line twice', async () => {
      const first = [
        frame('2025-07-17T12:33:50.000000000Z', '2025-07-17T12:33:50Z INF Configuration loaded from flags.'),
        frame('2025-07-17T12:33:51.100000000Z', line('rate-limited-v3')),
      ].join('\n');
      const second = `${frame('2025-07-17T12:33:51.100000000Z', line('rate-limited-v3'))}\n`;
      const t = setup([
        { code: 0, stdout: `${first}\n` },
        { code: 0, stdout: second, stderr: `${frame('2025-07-17T12:34:10.000000000Z', line('rejected-identifier-v3'))}\n` },
      ]);
      const one = await t.logs.read(new Date('2025-07-17T12:40:00Z'));
      const two = await t.logs.read(new Date('2025-07-17T12:45:00Z'));
      expect(t.ran.map((c) => c.argv)).toEqual([
        serviceLogsSince('2025-07-17T12:24:55.000Z'),
        serviceLogsSince('2025-07-17T12:39:55.000Z'),
      ]);
      expect(one.map((f) => [f.domain, f.status, f.seenAt.toISOString()])).toEqual([
        ['danaullmann.de', 'rate_limited', '2025-07-17T12:33:51.000Z'],
      ]);
      expect(one[0].line).toBe(line('rate-limited-v3'));
      expect(two.map((f) => [f.domain, f.status])).toEqual([['example.com', 'error']]);
    });

    it('should learn nothing when the ingress is not deployed', async () => {
      const t = setup([{ code: 1, stdout: '', stderr: 'Error: No such service: otternauts-ingress_traefik' }]);
      expect(await t.logs.read(new Date())).toEqual([]);
    });
  });
});
