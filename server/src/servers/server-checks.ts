import { Injectable, Logger } from '@nestjs/common';
import type { Server } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { IncidentBook } from '../events/incident-book.js';
import { sweepStaleLoginDirs } from '../deployments/login-dirs.js';
import { SshError } from '../ssh/ssh-errors.js';
import { parseInfo, swarmState } from '../swarm/docker-output.js';
import { ServerShell } from './server-shell.js';

/**
 * The periodic look at every onboarded server: reachable with the right host key, Docker
 * up, still in the Swarm. Onboarding servers are left to their job.
 */
@Injectable()
export class ServerChecks {
  private readonly logger = new Logger('server-checks');

  constructor(
    private readonly prisma: PrismaService,
    private readonly shell: ServerShell,
    private readonly book: IncidentBook,
  ) {}

  async checkAll(): Promise<void> {
    const servers = await this.prisma.server.findMany({ where: { status: { in: ['ready', 'unreachable'] } } });
    await Promise.all(servers.map((s) => this.check(s)));
    this.logger.debug({ servers: servers.length }, 'background server checks done');
  }

  async check(server: Server): Promise<Server> {
    try {
      const r = await this.shell.run(server, this.shell.docker(server).info(), { timeoutMs: 30_000, idempotent: true });
      if (r.code !== 0)
        return this.mark(server, 'unreachable', `Docker does not answer on ${server.name}: ${r.stderr.trim().split('\n').pop() ?? ''}`);
      const info = parseInfo(r.stdout);
      const swarm = swarmState(info);
      if (server.swarmNodeId && (swarm.state !== 'active' || swarm.nodeId !== server.swarmNodeId)) {
        return this.mark(
          server,
          'failed',
          `${server.name} is no longer in this cluster's Swarm (node state: ${swarm.state}). Remove it and add it again.`,
          info.ServerVersion,
        );
      }
      // Deployments run on managers: a registry login folder left there by a Mission Control
      // killed mid-deploy holds credentials, so it is swept at every check, not only at the next deploy.
      if (swarm.isManager) await this.sweepLogins(server);
      await this.book.resolveIncident('server.back', server.id, {
        serverId: server.id,
        serverName: server.name,
        message: `${server.name} answers again`,
      });
      return this.prisma.server.update({
        where: { id: server.id },
        data: {
          status: 'ready',
          lastError: null,
          lastSeenAt: new Date(),
          dockerVersion: info.ServerVersion,
          swarmRole: swarm.isManager ? 'manager' : 'worker',
        },
      });
    } catch (err) {
      if (!(err instanceof SshError)) throw err;
      // a changed host key is a security matter, not a network blip
      // told to the timeline by ServerShell (host-key-refusals.ts), whichever command met it first
      if (err.kind === 'host_key_mismatch') return this.mark(server, 'failed', err.message);
      return this.mark(server, 'unreachable', err.message);
    }
  }

  private async sweepLogins(server: Server): Promise<void> {
    const { removed, problem } = await sweepStaleLoginDirs(this.shell, server);
    if (removed.length > 0)
      this.logger.warn({ server: server.name, removed }, 'removed registry login folders left by an interrupted deployment');
    if (problem) this.logger.warn({ server: server.name }, `could not sweep old registry login folders: ${problem}`);
  }

  private async mark(server: Server, status: 'failed' | 'unreachable', lastError: string, dockerVersion?: string): Promise<Server> {
    if (server.status !== status) this.logger.warn({ server: server.name, status }, lastError);
    // the book opens it once: a server that stays unreachable is one incident, not one per check
    if (status === 'unreachable')
      await this.book.openIncident('server.unreachable', server.id, {
        serverId: server.id,
        serverName: server.name,
        message: `${server.name} is unreachable: ${lastError}`,
        details: { reason: lastError },
      });
    return this.prisma.server.update({ where: { id: server.id }, data: { status, lastError, ...(dockerVersion && { dockerVersion }) } });
  }
}
