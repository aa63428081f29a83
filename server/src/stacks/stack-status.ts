import { Injectable, Optional } from '@nestjs/common';
import { IncidentBook, incidentKey } from '../events/incident-book.js';
import { LatestSamples } from '../metrics/metrics.types.js';
import { serviceHealth } from '../incidents/service-health.js';
import type { Stack } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { ServerShell } from '../servers/server-shell.js';
import { parseReplicas, parseServices, parseTasks, taskName, taskState, type ServiceRow, type TaskRow } from '../swarm/docker-output.js';
import { parseServiceImages, pinnedDigest } from '../registries/service-images.js';
import { StackValidation } from './stack-validation.js';
import type { StackDto, StackServiceDto } from './stack.dto.js';

export interface Snapshot {
  at: number;
  services: ServiceRow[];
  tasks: TaskRow[];
  /** service name -> the image its spec runs, digest included (service ls drops it) */
  images?: ReadonlyMap<string, string>;
  error: string | null;
}

const TASKS_SHOWN_PER_SERVICE = 6;
/** How stale a snapshot a page may still be shown while a fresher one is on its way. */
const STALE_SERVED_FACTOR = 3;

/**
 * Live state of every stack from three docker commands on one manager (all services, all their
 * tasks, all their spec images), cached for a few seconds: a page poll never costs a round
 * trip per service.
 */
@Injectable()
export class StackStatus {
  private snapshot?: Snapshot;
  private refreshing?: Promise<Snapshot>;

  constructor(
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly config: AppConfig,
    private readonly validation: StackValidation,
    private readonly book: IncidentBook,
    // the metrics module (global) provides it; without it, health comes from Swarm's tasks alone
    @Optional() private readonly samples?: LatestSamples,
  ) {}

  /**
   * The snapshot, refreshed when older than `maxAgeMs`. A page (`stale: 'serve'`) gets a
   * snapshot up to STALE_SERVED_FACTOR × the age at once while the refresh runs behind it, so
   * a dashboard poll never waits on three SSH round trips; the incident watch and anything
   * after `invalidate()` wait for fresh state.
   */
  async current(maxAgeMs = this.config.statusRefreshIntervalSeconds * 1000, stale: 'wait' | 'serve' = 'wait'): Promise<Snapshot> {
    const age = this.snapshot ? Date.now() - this.snapshot.at : Infinity;
    if (this.snapshot && age < maxAgeMs) return this.snapshot;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    if (this.snapshot && stale === 'serve' && age < maxAgeMs * STALE_SERVED_FACTOR) return this.snapshot;
    return this.refreshing;
  }

  private async refresh(): Promise<Snapshot> {
    try {
      if ((await this.cluster.managers()).length === 0) return (this.snapshot = { at: Date.now(), services: [], tasks: [], error: null });
      const { result } = await this.cluster.withManager(async (m) => {
        const docker = this.shell.docker(m);
        const services = parseServices((await this.shell.runOk(m, docker.serviceList(), 'docker service ls')).stdout);
        const names = services.map((s) => s.Name);
        const tasks = services.length
          ? parseTasks((await this.shell.runOk(m, docker.serviceTasks(...names), 'docker service ps')).stdout)
          : [];
        // one command for every service's digest; a service removed since `ls` only loses its own line
        const images = services.length ? parseServiceImages((await this.shell.run(m, docker.serviceImages(...names))).stdout) : new Map();
        return { services, tasks, images };
      });
      return (this.snapshot = { at: Date.now(), ...result, error: null });
    } catch (err) {
      return (this.snapshot = { at: Date.now(), services: [], tasks: [], error: (err as Error).message });
    }
  }

  /** Drops the cache so the next read asks the Swarm again. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  forget(_stackName: string): void {
    this.invalidate();
  }

  async services(stack: Stack, maxAgeMs?: number): Promise<{ services: StackServiceDto[]; error: string | null }> {
    const stackName = stack.name;
    const snap = await this.current(maxAgeMs, 'serve');
    const domains = new Map(this.validation.declaredServices(stack).map((s) => [s.name, s.domains]));
    const containers = (this.samples?.all() ?? []).flatMap((n) => n.containers);
    const services = snap.services
      .filter((s) => s.Name.startsWith(`${stackName}_`))
      .map((s) => {
        const tasks = snap.tasks
          .filter((t) => taskName(t).startsWith(`${s.Name}.`))
          .filter((t, i, all) => t.DesiredState.toLowerCase() === 'running' || all.indexOf(t) < TASKS_SHOWN_PER_SERVICE)
          .slice(0, TASKS_SHOWN_PER_SERVICE)
          .map((t) => ({
            id: t.ID,
            name: taskName(t),
            node: t.Node,
            state: taskState(t),
            currentState: t.CurrentState,
            desiredState: t.DesiredState.toLowerCase(),
            error: t.Error,
          }));
        const replicas = parseReplicas(s.Replicas);
        const name = s.Name.slice(stackName.length + 1);
        const own = snap.tasks.filter((t) => taskName(t).startsWith(`${s.Name}.`));
        const health = serviceHealth({
          name,
          fullName: s.Name,
          tasks: own,
          containers: containers.filter((c) => c.serviceName === s.Name),
          openUnhealthy: this.book.get(incidentKey('service.unhealthy', s.Name)),
          openCrashLoop: this.book.get(incidentKey('service.crash_loop', s.Name)),
        });
        return {
          name,
          fullName: s.Name,
          image: s.Image || null,
          mode: s.Mode,
          replicasRunning: replicas.running,
          replicasDesired: replicas.desired,
          domains: domains.get(name) ?? [],
          tasks,
          health,
          digest: pinnedDigest(snap.images?.get(s.Name)),
        };
      });
    return { services, error: snap.error };
  }

  async view(stack: Stack): Promise<Omit<StackDto, 'source' | 'commit' | 'preview'>> {
    const { services, error } = await this.services(stack);
    let status = stack.status;
    if (status === 'running' && !error && services.length === 0) status = 'stopped';
    return {
      id: stack.id,
      name: stack.name,
      status,
      configuration: stack.configuration,
      lastDeployedAt: stack.lastDeployedAt,
      createdAt: stack.createdAt,
      updatedAt: stack.updatedAt,
      services,
      statusError: error,
    };
  }
}
