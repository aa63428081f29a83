import type { IncidentBook } from '../events/incident-book.js';
import type { ContainerSample } from '../metrics/metrics.types.js';
import type { TaskRow } from '../swarm/docker-output.js';
import { crashLoopOf, unhealthyMessage, unhealthyTaskOf } from './service-health.js';

export type Book = Pick<IncidentBook, 'openIncident' | 'resolveIncident' | 'openOf'>;

/** One service of a stack Mission Control manages, as one look at the Swarm showed it. */
export interface WatchedService {
  name: string;
  fullName: string;
  stackId: string;
  stackName: string;
  running: number;
  desired: number;
  /** its tasks, newest first per slot (docker service ps) */
  tasks: TaskRow[];
  /** its containers in the latest samples of every server (empty without samples) */
  containers: ContainerSample[];
}

export interface ServicesLook {
  now: number;
  graceMs: number;
  services: WatchedService[];
  /** stacks with a queued or running deployment: the deployment's own events speak for them */
  busyStacks: ReadonlySet<string>;
}

const names = (s: WatchedService) => ({ stackId: s.stackId, stackName: s.stackName, service: s.fullName });

/**
 * Degraded, unhealthy and crash-looping services, from one look after another. A problem must
 * last (degraded: the grace period) before it opens, and a health or crash incident ends only
 * once the service has been well for the grace period too, so a flapping service is one
 * incident, not a notification per look. The book makes each open and resolve happen once.
 */
export class ServiceWatch {
  /** when each service was first seen short of replicas (in this run of Mission Control) */
  private readonly shortSince = new Map<string, number>();
  /** when each service with an open health or crash incident was last seen sick */
  private readonly wellSince = new Map<string, number>();

  constructor(
    private readonly book: Book,
    /** the last health-check output of a task Swarm stopped as unhealthy (one command on its node) */
    private readonly healthOutput: (task: TaskRow) => Promise<string | null>,
  ) {}

  async look(look: ServicesLook): Promise<void> {
    for (const s of look.services) {
      const busy = look.busyStacks.has(s.stackId);
      await this.degraded(s, look, busy);
      await this.unhealthy(s, look, busy);
      await this.crashLoop(s, look, busy);
    }
    await this.gone(look);
  }

  private async degraded(s: WatchedService, look: ServicesLook, busy: boolean): Promise<void> {
    if (s.running >= s.desired) {
      this.shortSince.delete(s.fullName);
      await this.book.resolveIncident('service.recovered', s.fullName, {
        ...names(s),
        message: `Service ${s.name} of ${s.stackName} recovered: ${s.running} of ${s.desired} replicas run`,
        details: { running: s.running, desired: s.desired },
      });
      return;
    }
    // a deployment replaces tasks on purpose; the grace period counts from when it is over
    if (busy || !this.shortSince.has(s.fullName)) this.shortSince.set(s.fullName, look.now);
    const since = this.shortSince.get(s.fullName)!;
    if (busy || look.now - since < look.graceMs) return;
    const reason = s.tasks.find((t) => t.Error.trim())?.Error.trim() ?? null;
    await this.book.openIncident('service.degraded', s.fullName, {
      ...names(s),
      message: `Service ${s.name} of ${s.stackName} is degraded: ${s.running} of ${s.desired} replicas run`,
      details: { running: s.running, desired: s.desired, since: new Date(since).toISOString(), ...(reason && { reason }) },
    });
  }

  private async unhealthy(s: WatchedService, look: ServicesLook, busy: boolean): Promise<void> {
    const sick = s.containers.find((c) => c.health === 'unhealthy');
    const sickTask = sick ? null : unhealthyTaskOf(s.fullName, s.tasks, s.containers);
    const key = `health\u0000${s.fullName}`;
    if (sick || sickTask) {
      this.wellSince.delete(key);
      if (busy || this.book.openOf('service.unhealthy').has(s.fullName)) return;
      const output = sick ? sick.healthOutput : await this.healthOutput(sickTask!);
      await this.book.openIncident('service.unhealthy', s.fullName, {
        ...names(s),
        message: unhealthyMessage(s.name, output),
        details: { output, ...(sick ? { exitCode: sick.healthExitCode } : { task: sickTask!.Name, error: sickTask!.Error }) },
      });
      return;
    }
    if (!this.book.openOf('service.unhealthy').has(s.fullName)) return;
    if (!this.wellFor(key, look)) return;
    await this.book.resolveIncident('service.healthy', s.fullName, {
      ...names(s),
      message: `Service ${s.name} of ${s.stackName} passes its healthcheck again`,
    });
  }

  private async crashLoop(s: WatchedService, look: ServicesLook, busy: boolean): Promise<void> {
    const loop = crashLoopOf(s.fullName, s.tasks);
    const key = `crash\u0000${s.fullName}`;
    if (loop) {
      this.wellSince.delete(key);
      if (busy) return;
      const code = loop.lastExitCode === null ? '' : `, last exit code ${loop.lastExitCode}`;
      await this.book.openIncident('service.crash_loop', s.fullName, {
        ...names(s),
        message: `Service ${s.name} of ${s.stackName} keeps crashing: ${loop.restarts} tasks in a row failed${code}`,
        details: { restarts: loop.restarts, lastExitCode: loop.lastExitCode, reason: loop.reason },
      });
      return;
    }
    if (!this.book.openOf('service.crash_loop').has(s.fullName)) return;
    if (s.running < s.desired || !this.wellFor(key, look)) return;
    await this.book.resolveIncident('service.crash_loop_ended', s.fullName, {
      ...names(s),
      message: `Service ${s.name} of ${s.stackName} runs steadily again`,
      details: { running: s.running, desired: s.desired },
    });
  }

  /** Well (no sign of the problem) on every look for the grace period. */
  private wellFor(key: string, look: ServicesLook): boolean {
    if (!this.wellSince.has(key)) this.wellSince.set(key, look.now);
    return look.now - this.wellSince.get(key)! >= look.graceMs;
  }

  /** A service that is no longer in the Swarm (its stack removed or changed) ends its incidents. */
  private async gone(look: ServicesLook): Promise<void> {
    const present = new Set(look.services.map((s) => s.fullName));
    const ends = [
      ['service.degraded', 'service.recovered'],
      ['service.unhealthy', 'service.healthy'],
      ['service.crash_loop', 'service.crash_loop_ended'],
    ] as const;
    for (const [opens, resolves] of ends) {
      for (const [service, opened] of this.book.openOf(opens)) {
        if (present.has(service)) continue;
        this.shortSince.delete(service);
        await this.book.resolveIncident(resolves, service, {
          stackId: opened.stackId,
          stackName: opened.stackName,
          service,
          message: `Service ${service} is no longer in the Swarm; its incident is closed`,
          details: { gone: true },
        });
      }
    }
    for (const service of this.shortSince.keys()) if (!present.has(service)) this.shortSince.delete(service);
  }
}
