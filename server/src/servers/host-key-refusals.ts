import { Injectable } from '@nestjs/common';
import type { Server } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { EventsService } from '../events/events.service.js';
import type { SshError } from '../ssh/ssh-errors.js';

/**
 * Records host_key.refused once per server and trusted key, whichever command meets the
 * changed key first: the sampler, a status refresh on a manager, a check or a deploy all go
 * through ServerShell, and whoever is first must not leave the timeline silent.
 */
@Injectable()
export class HostKeyRefusals {
  private readonly told = new Set<string>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
  ) {}

  async report(server: Server, err: SshError): Promise<void> {
    const key = `${server.id}\u0000${server.hostKeyFingerprint}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    // across restarts: the same refusal (same server, same trusted key) was recorded before
    const earlier = await this.prisma.event
      .findFirst({
        where: { kind: 'host_key.refused', serverId: server.id, details: { contains: JSON.stringify(server.hostKeyFingerprint) } },
      })
      .catch(() => null);
    if (earlier) return;
    await this.events.tryRecord({
      kind: 'host_key.refused',
      serverId: server.id,
      serverName: server.name,
      message: `${server.name} presented a different SSH host key${err.presentedFingerprint ? ` (${err.presentedFingerprint})` : ''}; Mission Control refused the connection`,
      details: { reason: err.message, trusted: server.hostKeyFingerprint, presented: err.presentedFingerprint ?? null },
    });
  }
}
