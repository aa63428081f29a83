import { Injectable, Logger } from '@nestjs/common';
import { ClusterService } from '../cluster/cluster.service.js';
import { INGRESS_SERVICE } from '../cluster/traefik-stack.js';
import { parseLogLine } from '../logs/log-line.js';
import { ServerShell } from '../servers/server-shell.js';
import { classifyAcmeLine, type AcmeFinding } from './acme-log.js';

export interface LoggedFinding extends AcmeFinding {
  /** the Traefik line it came from, without the docker prefix */
  line: string;
  seenAt: Date;
}

const READ_TIMEOUT_MS = 30_000;
/** a bound on one read; Traefik at its default level (ERROR) logs little, a retry loop logs a lot */
const MAX_LINES = 5000;
/** re-read a little before the last read (clocks, buffering) and drop the lines already seen */
const OVERLAP_MS = 5_000;
const FIRST_LOOK_BACK_MS = 15 * 60_000;

/**
 * Reads the ingress's logs since the previous read (`docker service logs --timestamps --since`,
 * on a manager) and keeps the certificate errors. The template leaves Traefik's log settings at
 * their defaults (level ERROR, the coloured common format): ACME failures are logged at ERROR.
 */
@Injectable()
export class IngressLogs {
  private readonly logger = new Logger('certificates');
  private lastRead: Date | null = null;
  private seen = new Set<string>();

  constructor(
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
  ) {}

  async read(now = new Date()): Promise<LoggedFinding[]> {
    const since = new Date((this.lastRead?.getTime() ?? now.getTime() - FIRST_LOOK_BACK_MS) - OVERLAP_MS);
    let output: { code: number | null; stdout: string; stderr: string };
    try {
      ({ result: output } = await this.cluster.withManager((m) =>
        this.shell.run(m, this.shell.docker(m).serviceLogs(INGRESS_SERVICE, { since: since.toISOString(), tail: MAX_LINES }), {
          timeoutMs: READ_TIMEOUT_MS,
          idempotent: true,
        }),
      ));
    } catch (err) {
      this.logger.debug({ err }, 'the ingress logs could not be read');
      return [];
    }
    if (output.code !== 0) {
      // no ingress yet (Traefik not deployed), or a manager without it: nothing to learn
      this.logger.debug({ code: output.code }, 'docker service logs of the ingress failed');
      return [];
    }
    this.lastRead = now;
    const seen = new Set<string>();
    const findings: LoggedFinding[] = [];
    // `docker service logs` passes the task's stdout and stderr through as its own
    for (const raw of `${output.stdout}\n${output.stderr}`.split('\n')) {
      if (!raw.trim()) continue;
      const framed = parseLogLine(raw.replace(/\r$/, ''));
      const key = `${framed.time ?? ''}|${framed.task}|${framed.message}`;
      seen.add(key);
      if (this.seen.has(key)) continue;
      for (const finding of classifyAcmeLine(framed.message)) {
        const at = finding.at ?? (framed.time ? new Date(framed.time) : now);
        findings.push({ ...finding, line: framed.message, seenAt: Number.isNaN(at.getTime()) ? now : at });
      }
    }
    this.seen = seen;
    return findings;
  }
}
