import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { Server } from '../generated/prisma/client.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { RemoteCommand } from '../ssh/command.js';
import { unavailable } from '../errors/api-error.js';
import { ClusterDns } from './cluster-dns.js';

const manager = { id: 'm1', name: 'otn1', sshUser: 'otter' } as Server;
const servers = [
  { hostname: '10.77.0.11', advertiseAddress: '10.77.0.11' },
  { hostname: 'worker.example.net', advertiseAddress: '10.0.0.12' },
];

function setup(output: string | Error) {
  const ran: RemoteCommand[] = [];
  const prisma = { server: { findMany: async () => servers } } as unknown as PrismaService;
  const cluster = {
    withManager: async <T>(work: (m: Server) => Promise<T>) => {
      if (output instanceof Error) throw output;
      return { manager, result: await work(manager) };
    },
  } as unknown as ClusterService;
  const shell = {
    needsSudo: () => true,
    run: async (_m: Server, cmd: RemoteCommand) => (ran.push(cmd), { code: 0, stdout: output as string, stderr: '' }),
  } as unknown as ServerShell;
  return { dns: new ClusterDns(prisma, cluster, shell), ran };
}

const answer = [
  '@name shop.example.com',
  '203.0.113.9     STREAM shop.example.com',
  '@rc 0',
  '@name www.example.com',
  '198.51.100.7    STREAM www.example.com',
  '@rc 0',
  '@name worker.example.net',
  '198.51.100.7    STREAM worker.example.net',
  '@rc 0',
  '@nodes',
  '10.77.0.11',
  '0.0.0.0',
].join('\n');

describe(ClusterDns.name, () => {
  describe('check', () => {
    it("should resolve the domains and the servers' host names in one command and compare with every node address", async () => {
      const t = setup(answer);
      const verdicts = await t.dns.check(['shop.example.com', 'www.example.com']);
      expect(t.ran).toHaveLength(1);
      expect(t.ran[0].argv.slice(3)).toEqual(['otternauts-dns', 'shop.example.com', 'www.example.com', 'worker.example.net']);
      expect(t.ran[0].opts.sudo).toBe(true);
      expect(verdicts.get('shop.example.com')).toMatchObject({ status: 'elsewhere', nodes: ['10.77.0.11', '10.0.0.12', '198.51.100.7'] });
      // the worker's public address (its SSH host name resolved) is a node address too
      expect(verdicts.get('www.example.com')).toMatchObject({ status: 'ok', addresses: ['198.51.100.7'] });
    });

    it('should reuse a recent answer only when the caller allows it', async () => {
      const t = setup(answer);
      await t.dns.check(['shop.example.com']);
      await t.dns.check(['shop.example.com'], { maxAgeMs: 60_000 });
      expect(t.ran).toHaveLength(1);
      await t.dns.check(['shop.example.com']);
      expect(t.ran).toHaveLength(2);
    });

    it('should ask again at once when the cluster had no manager yet', async () => {
      const t = setup(unavailable('cluster_unreachable', 'This cluster has no manager yet: add a server first.'));
      const first = await t.dns.check(['shop.example.com'], { maxAgeMs: 60_000 });
      expect(first.get('shop.example.com')?.message).toBe('DNS of shop.example.com could not be checked: this cluster has no manager yet');
      let calls = 0;
      (t.dns as any).cluster.withManager = async () => {
        calls++;
        throw unavailable('cluster_unreachable', 'This cluster has no manager yet: add a server first.');
      };
      await t.dns.check(['shop.example.com'], { maxAgeMs: 60_000 });
      expect(calls).toBe(1);
    });

    it('should claim nothing about the domains when no manager answers', async () => {
      const t = setup(unavailable('cluster_unreachable', 'No manager of this cluster can be reached: the cluster is unreachable.'));
      expect([...(await t.dns.check(['shop.example.com'])).values()]).toEqual([
        {
          domain: 'shop.example.com',
          status: 'unknown',
          addresses: [],
          nodes: [],
          message: 'DNS of shop.example.com could not be checked: no manager answers',
        },
      ]);
    });
  });
});
