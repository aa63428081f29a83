import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobView } from '../jobs/job.types.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ServersService } from './servers.service.js';

const HEARTBEAT_MS = 15_000;

/** Server-sent events for the add-server wizard: the server after every change of its job. */
@Injectable()
export class ServerEvents {
  constructor(
    private readonly servers: ServersService,
    private readonly jobs: JobsService,
  ) {}

  async stream(id: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const first = await this.servers.get(id); // 404 before the stream starts
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('server', first);

    let sending = Promise.resolve();
    const onJob = (job: JobView) => {
      if (job.targetType !== 'server' || job.targetId !== id) return;
      // keep events in order: each one waits for the one before
      sending = sending.then(async () => {
        try {
          send('server', await this.servers.get(id));
        } catch {
          send('gone', { id });
          raw.end();
        }
      });
    };
    this.jobs.events.on('job', onJob);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      this.jobs.events.off('job', onJob);
    });
  }
}
