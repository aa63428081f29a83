import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest } from '../errors/api-error.js';
import { ServerShell } from '../servers/server-shell.js';
import { ServersService } from '../servers/servers.service.js';
import { parseNodes } from '../swarm/docker-output.js';
import { ClusterService } from './cluster.service.js';
import type { ClusterDto } from './cluster.dto.js';

/** What GET/PUT /api/cluster answer. */
@Injectable()
export class ClusterViews {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly servers: ServersService,
    private readonly config: AppConfig,
  ) {}

  async get(refresh: boolean): Promise<ClusterDto> {
    const extra: Partial<ClusterDto> = {};
    if (refresh && (await this.cluster.managers()).length > 0) {
      try {
        const { manager, result } = await this.cluster.withManager(async (m) =>
          parseNodes((await this.shell.runOk(m, this.shell.docker(m).nodeList(), 'docker node ls', { idempotent: true })).stdout),
        );
        extra.managerInUse = manager.id;
        extra.nodes = result.map((n) => ({
          id: n.ID,
          hostname: n.Hostname,
          status: n.Status,
          availability: n.Availability,
          managerStatus: n.ManagerStatus,
          engineVersion: n.EngineVersion,
        }));
      } catch {
        extra.managerInUse = null; // every manager failed: the status below says unreachable
      }
    }
    return { ...(await this.view()), ...extra };
  }

  async update(acmeEmail: string | undefined): Promise<ClusterDto> {
    const c = await this.cluster.cluster();
    await this.prisma.cluster.update({ where: { id: c.id }, data: { acmeEmail: acmeEmail || null } });
    return this.view();
  }

  /** The server that builds images; it must be in the cluster (a Swarm node) and have Docker. */
  async setBuildServer(serverId: string | null): Promise<ClusterDto> {
    const c = await this.cluster.cluster();
    if (serverId !== null) {
      const server = await this.prisma.server.findUnique({ where: { id: serverId } });
      if (!server || server.clusterId !== c.id || !server.swarmNodeId)
        throw badRequest('build_server_not_in_cluster', `serverId: ${JSON.stringify(serverId)} is not a server of this cluster's Swarm.`, [
          { field: 'serverId', message: 'must be a server that has joined the Swarm' },
        ]);
      if (!server.dockerVersion)
        throw badRequest(
          'build_server_without_docker',
          `serverId: ${server.name} has no Docker; install it there or choose another server.`,
          [{ field: 'serverId', message: 'must be a server with Docker' }],
        );
    }
    await this.prisma.cluster.update({ where: { id: c.id }, data: { buildServerId: serverId } });
    return this.view();
  }

  async deployIngress(): Promise<ClusterDto> {
    if ((await this.cluster.managers()).length === 0) throw badRequest('no_manager', 'Add a first server before deploying the ingress.');
    await this.servers.deployIngress();
    return this.view();
  }

  private async view(): Promise<ClusterDto> {
    const c = await this.cluster.cluster();
    const managers = await this.cluster.managers();
    const builder = await this.cluster.buildServerOrNull();
    const status = managers.length === 0 ? 'empty' : managers.some((m) => m.status === 'ready') ? 'ok' : 'unreachable';
    return {
      id: c.id,
      name: c.name,
      swarmId: c.swarmId,
      acmeEmail: c.acmeEmail,
      status,
      traefik: { status: c.traefikStatus, error: c.traefikError, image: this.config.traefikImage },
      managers: managers.map((m) => m.id),
      buildServerId: c.buildServerId,
      buildServer: builder ? { id: builder.id, name: builder.name } : null,
    };
  }
}
