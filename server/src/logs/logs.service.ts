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
import { StreamLimits } from '../common/stream-limits.js';
import type { Server } from '../generated/prisma/client.js';
import { SshError } from '../ssh/ssh-errors.js';
import type { StreamHandlers } from '../ssh/exec-channel.js';

/** `docker service logs` on a manager: recent lines, or a follow stream as server-sent events. */
@Injectable()
export class LogsService {
  private readonly logger = new Logger('logs');

  constructor(
    private readonly stacks: StacksService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly limits: StreamLimits,
  ) {}

  /** The service's full name, and the manager that answered for it (a reachable one). */
  private async serviceName(stackId: string, service: string): Promise<{ full: string; manager: Server }> {
    const stack = await this.stacks.find(stackId);
    const full = `${stack.name}_${service}`;
    if (!DOCKER_NAME.test(service) || !DOCKER_NAME.test(full))
      throw badRequest('validation_failed', 'service: is not a service name', [{ field: 'service', message: 'is not a service name' }]);
    const { manager, result: exists } = await this.cluster.withManager(async (m) =>
      parseServices((await this.shell.runOk(m, this.shell.docker(m).stackServices(stack.name), 'docker stack services')).stdout).some(
        (s) => s.Name === full,
      ),
    );
    if (!exists) throw notFound(`service in stack ${stack.name} named`, service);
    return { full, manager };
  }

  async recent(stackId: string, service: string, q: LogQueryDto): Promise<LogsDto> {
    const { full } = await this.serviceName(stackId, service);
    const { result } = await this.cluster.withManager(async (m) => {
      const r = await this.shell.run(
        m,
        this.shell.docker(m).serviceLogs(full, { tail: q.tail ?? 200, since: q.since, timestamps: q.timestamps !== false }),
        { timeoutMs: 60_000 },
      );
      if (r.code !== 0) throw badRequest('logs_unavailable', `Docker could not read the logs of ${service}: ${lastLines(r.stderr, 2)}`);
      // docker service logs sends the services' stdout and stderr on its own two streams
      return [...r.stdout.split('\n'), ...r.stderr.split('\n')].filter((l) => l.trim().length > 0).map(parseLogLine);
    });
    result.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    return { service, lines: result };
  }

  /**
   * Streams until the client goes away; then the remote `docker service logs -f` ends too.
   * Starts on the manager that just answered; one that cannot be reached before any line came
   * is skipped for the next. A connection lost mid-follow ends the stream with a plain
   * `error` event, never a silent hang.
   */
  async follow(stackId: string, service: string, q: LogQueryDto, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { full, manager } = await this.serviceName(stackId, service);
    const { stream, lease } = this.limits.open(req, reply, manager); // 429 before the stream opens
    const splitters = { out: new LineSplitter(), err: new LineSplitter() };
    let delivered = false;
    const send = (lines: string[]): boolean => {
      let keepUp = true;
      for (const line of lines) keepUp = stream.send('line', parseLogLine(line)) && keepUp;
      if (lines.length > 0) delivered = true;
      return keepUp;
    };
    const handlers: StreamHandlers = {
      onStdout: (chunk) => send(splitters.out.push(chunk)),
      onStderr: (chunk) => send(splitters.err.push(chunk)),
      // a slow browser pauses the SSH channel rather than queueing lines here
      waitForDrain: () => stream.drained(),
    };
    const candidates = [manager, ...(await this.cluster.managers()).filter((m) => m.id !== manager.id)];
    try {
      for (const [i, m] of candidates.entries()) {
        try {
          lease.moveTo(m);
          const command = this.shell
            .docker(m)
            .serviceLogs(full, { tail: q.tail ?? 50, since: q.since, timestamps: q.timestamps !== false, follow: true });
          await this.shell.stream(m, command, handlers, stream.signal);
          send([...splitters.out.flush(), ...splitters.err.flush()]);
          if (!stream.signal.aborted) stream.send('end', {});
          return;
        } catch (e) {
          if (stream.signal.aborted) return;
          const message = (e as Error).message;
          if (e instanceof SshError && !delivered && i < candidates.length - 1) {
            this.logger.warn({ server: m.name, kind: e.kind }, 'log follow: manager unreachable, trying the next one');
            continue;
          }
          this.logger.debug({ server: m.name, err: message }, 'log stream ended');
          stream.send('error', {
            message:
              e instanceof SshError
                ? `Following the logs of ${service} through ${m.name} stopped: ${message} Open the logs again to continue.`
                : message,
          });
          return;
        }
      }
    } finally {
      stream.end();
    }
  }
}
