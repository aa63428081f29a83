import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../errors/api-error.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { ServerShell, lastLines } from '../servers/server-shell.js';
import { DOCKER_NAME } from '../common/validators.js';
import { StacksService } from '../stacks/stacks.service.js';
import { parseServices } from '../swarm/docker-output.js';
import type { LogQueryDto, LogsDto } from './log.dto.js';
import { LineSplitter, parseLogLine } from './log-line.js';
import { openEventStream } from '../common/event-stream.js';

/** `docker service logs` on a manager: recent lines, or a follow stream as server-sent events. */
@Injectable()
export class LogsService {
  private readonly logger = new Logger('logs');

  constructor(
    private readonly stacks: StacksService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
  ) {}

  private async serviceName(stackId: string, service: string): Promise<string> {
    const stack = await this.stacks.find(stackId);
    const full = `${stack.name}_${service}`;
    if (!DOCKER_NAME.test(service) || !DOCKER_NAME.test(full)) throw badRequest('validation_failed', 'service: is not a service name', [{ field: 'service', message: 'is not a service name' }]);
    const { result: exists } = await this.cluster.withManager(async (m) =>
      parseServices((await this.shell.runOk(m, this.shell.docker(m).stackServices(stack.name), 'docker stack services')).stdout).some((s) => s.Name === full),
    );
    if (!exists) throw notFound(`service in stack ${stack.name} named`, service);
    return full;
  }

  async recent(stackId: string, service: string, q: LogQueryDto): Promise<LogsDto> {
    const full = await this.serviceName(stackId, service);
    const { result } = await this.cluster.withManager(async (m) => {
      const r = await this.shell.run(m, this.shell.docker(m).serviceLogs(full, { tail: q.tail ?? 200, since: q.since, timestamps: q.timestamps !== false }), { timeoutMs: 60_000 });
      if (r.code !== 0) throw badRequest('logs_unavailable', `Docker could not read the logs of ${service}: ${lastLines(r.stderr, 2)}`);
      // docker service logs sends the services' stdout and stderr on its own two streams
      return [...r.stdout.split('\n'), ...r.stderr.split('\n')].filter((l) => l.trim().length > 0).map(parseLogLine);
    });
    result.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    return { service, lines: result };
  }

  /** Streams until the client goes away; then the remote `docker service logs -f` ends too. */
  async follow(stackId: string, service: string, q: LogQueryDto, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const full = await this.serviceName(stackId, service);
    const manager = (await this.cluster.managers()).find((m) => m.status === 'ready') ?? (await this.cluster.managers())[0];
    if (!manager) throw notFound('manager for the logs of', service);
    const stream = openEventStream(req, reply);
    const out = new LineSplitter();
    const err = new LineSplitter();
    const send = (lines: string[]) => lines.forEach((l) => stream.send('line', parseLogLine(l)));
    try {
      const command = this.shell.docker(manager).serviceLogs(full, { tail: q.tail ?? 50, since: q.since, timestamps: q.timestamps !== false, follow: true });
      await this.shell.stream(manager, command, { onStdout: (c) => send(out.push(c)), onStderr: (c) => send(err.push(c)) }, stream.signal);
      send([...out.flush(), ...err.flush()]);
      if (!stream.signal.aborted) stream.send('end', {});
    } catch (e) {
      if (!stream.signal.aborted) stream.send('error', { message: (e as Error).message });
      this.logger.debug({ err: (e as Error).message }, 'log stream ended');
    } finally {
      stream.end();
    }
  }
}
