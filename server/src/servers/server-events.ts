import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StreamLimits } from '../common/stream-limits.js';
import type { JobView } from '../jobs/job.types.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ServersService } from './servers.service.js';

/** Server-sent events for the add-server wizard: the server after every change of its job. */
@Injectable()
export class ServerEvents {
  constructor(
    private readonly servers: ServersService,
    private readonly jobs: JobsService,
    private readonly limits: StreamLimits,
  ) {}

  async stream(id: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const first = await this.servers.get(id); // 404 before the stream starts
    const { stream } = this.limits.open(req, reply); // 429 past the cap, before the stream opens
    stream.send('server', first);

    let sending = Promise.resolve();
    const onJob = (job: JobView) => {
      if (job.targetType !== 'server' || job.targetId !== id) return;
      // keep events in order: each one waits for the one before
      sending = sending.then(async () => {
        try {
          stream.send('server', await this.servers.get(id));
        } catch {
          stream.send('gone', { id });
          stream.end();
        }
      });
    };
    this.jobs.events.on('job', onJob);
    stream.signal.addEventListener('abort', () => this.jobs.events.off('job', onJob));
  }
}
