import { Logger } from '@nestjs/common';
import type { Server } from '../generated/prisma/client.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import { conflict } from '../errors/api-error.js';
import type { ServerShell } from './server-shell.js';

/**
 * Removing a server from the cluster: drain it so Swarm moves its tasks, demote a manager,
 * let it leave, then remove the node. A server that cannot be reached is removed from the
 * Swarm's node list anyway (the user asked for it to go).
 */
export class NodeRemoval {
  private readonly logger = new Logger('servers');

  constructor(
    private readonly prisma: PrismaService,
    private readonly shell: ServerShell,
    private readonly cluster: ClusterService,
  ) {}

  async remove(server: Server): Promise<void> {
    if (server.swarmNodeId) await this.leaveSwarm(server);
    await this.prisma.job.deleteMany({ where: { targetType: 'server', targetId: server.id } });
    await this.prisma.server.delete({ where: { id: server.id } });
    this.shell.reset(server);
  }

  private async leaveSwarm(server: Server): Promise<void> {
    const others = await this.prisma.server.findMany({ where: { swarmNodeId: { not: null }, NOT: { id: server.id } } });
    const otherManagers = others.filter((s) => s.swarmRole === 'manager');
    if (server.swarmRole === 'manager' && otherManagers.length === 0 && others.length > 0) {
      throw conflict(
        'last_manager',
        `${server.name} is the last manager and ${others.length} other server(s) depend on it. Remove the workers first, or add another manager.`,
      );
    }
    if (others.length === 0) {
      // the last node: the Swarm ends with it
      await this.bestEffort('leave the swarm', () =>
        this.shell.runOk(server, this.shell.docker(server).swarmLeave(true), 'docker swarm leave'),
      );
      const c = await this.cluster.cluster();
      await this.prisma.cluster.update({ where: { id: c.id }, data: { swarmId: null, traefikStatus: 'pending', traefikError: null } });
      return;
    }
    const nodeId = server.swarmNodeId!;
    await this.cluster.withManager(
      async (m) => {
        const docker = this.shell.docker(m);
        await this.shell.runOk(m, docker.nodeDrain(nodeId), 'docker node update --availability drain');
        if (server.swarmRole === 'manager') await this.shell.runOk(m, docker.nodeDemote(nodeId), 'docker node demote');
      },
      { exclude: server.id },
    );
    await this.bestEffort('leave the swarm', () =>
      this.shell.runOk(server, this.shell.docker(server).swarmLeave(false), 'docker swarm leave', { timeoutMs: 60_000 }),
    );
    await this.cluster.withManager((m) => this.shell.runOk(m, this.shell.docker(m).nodeRemove(nodeId), 'docker node rm'), {
      exclude: server.id,
    });
  }

  private async bestEffort(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `could not ${what}; removing the server anyway`);
    }
  }
}
