import { Injectable, Logger } from '@nestjs/common';
import type { Cluster, Server } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { unavailable } from '../errors/api-error.js';
import { SshError } from '../ssh/ssh-errors.js';
import { MESSAGES } from '../servers/server-messages.js';

/** Any SSH failure makes that manager unusable for now (a docker error does not): try the next. */
function isUnreachable(err: unknown): err is SshError {
  return err instanceof SshError;
}

/** The single Phase 1 cluster and the way to its managers. */
@Injectable()
export class ClusterService {
  private readonly logger = new Logger('cluster');

  constructor(private readonly prisma: PrismaService) {}

  async cluster(): Promise<Cluster> {
    const existing = await this.prisma.cluster.findFirst({ orderBy: { createdAt: 'asc' } });
    return existing ?? this.prisma.cluster.create({ data: { name: 'default' } });
  }

  /** Managers in the order they are tried: ready ones first, then by when they were added. */
  async managers(): Promise<Server[]> {
    const rows = await this.prisma.server.findMany({
      where: { swarmRole: 'manager', swarmNodeId: { not: null } },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
    const rank = (s: Server) => (s.status === 'ready' ? 0 : s.status === 'unreachable' ? 1 : 2);
    return rows.filter((s) => s.status !== 'pending' && s.status !== 'provisioning').sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Runs `work` on the first manager that answers. A manager that cannot be reached over
   * SSH is marked unreachable and the next one is tried; none left: the cluster is unreachable.
   */
  async withManager<T>(work: (manager: Server) => Promise<T>, opts: { exclude?: string } = {}): Promise<{ manager: Server; result: T }> {
    const managers = (await this.managers()).filter((m) => m.id !== opts.exclude);
    const problems: string[] = [];
    for (const manager of managers) {
      try {
        const result = await work(manager);
        if (manager.status === 'unreachable') {
          await this.prisma.server.update({
            where: { id: manager.id },
            data: { status: 'ready', lastError: null, lastSeenAt: new Date() },
          });
        }
        return { manager, result };
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        const message = err.message;
        problems.push(`${manager.name}: ${message}`);
        this.logger.warn({ server: manager.name, kind: err.kind }, 'manager unreachable, trying the next one');
        await this.prisma.server.update({
          where: { id: manager.id },
          data: err.kind === 'host_key_mismatch' ? { status: 'failed', lastError: message } : { status: 'unreachable', lastError: message },
        });
      }
    }
    throw unavailable(
      'cluster_unreachable',
      managers.length ? `${MESSAGES.noManager} (${problems.join('; ')})` : 'This cluster has no manager yet: add a server first.',
    );
  }

  /**
   * The server that builds images: the one chosen for the cluster (Cluster.buildServerId), else
   * the first manager. Null when there is neither.
   */
  async buildServerOrNull(): Promise<Server | null> {
    const c = await this.cluster();
    if (c.buildServerId) {
      const chosen = await this.prisma.server.findUnique({ where: { id: c.buildServerId } });
      if (chosen) return chosen;
    }
    return (await this.managers())[0] ?? null;
  }

  /** buildServerOrNull, or an error that says what to do. */
  async buildServer(): Promise<Server> {
    const server = await this.buildServerOrNull();
    if (!server) throw unavailable('no_build_server', 'This cluster has no server to build images on yet: add a server first.');
    if (!server.dockerVersion)
      throw unavailable(
        'build_server_without_docker',
        `${server.name} builds this cluster's images but has no Docker: install it or choose another build server.`,
      );
    return server;
  }
}
