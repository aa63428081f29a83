import { Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { IncidentBook } from '../events/incident-book.js';
import { ServerShell } from '../servers/server-shell.js';
import { StackStatus } from '../stacks/stack-status.js';
import { parseReplicas, taskName } from '../swarm/docker-output.js';
import { taskHealthOutput } from './health-log.js';
import { watchCluster, watchDisks } from './host-watch.js';
import { LatestSamples } from '../metrics/metrics.types.js';
import { ServiceWatch, type WatchedService } from './service-watch.js';

/**
 * One look every watch interval: the Swarm's services and tasks (the stack pages' own snapshot,
 * no older than the interval), the sampler's latest samples, and which stacks are deploying.
 */
@Injectable()
export class IncidentWatcher {
  private readonly logger = new Logger('incidents');
  private readonly services: ServiceWatch;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly status: StackStatus,
    private readonly book: IncidentBook,
    // the metrics module (global) provides it; without it, disks are not watched and health comes from tasks
    @Optional() private readonly samples?: LatestSamples,
  ) {
    this.services = new ServiceWatch(book, (task) => taskHealthOutput({ prisma, shell, cluster }, task));
  }

  async tick(now = Date.now()): Promise<void> {
    await this.book.load();
    const snap = await this.status.current(this.config.watchIntervalSeconds * 1000);
    const managers = await this.cluster.managers();
    const c = await this.cluster.cluster();
    await watchCluster(this.book, { clusterId: c.id, managers, answered: snap.error === null, error: snap.error });
    const samples = this.samples?.all() ?? [];
    await watchDisks(this.book, samples, this.config.diskLowBytes);
    // no answer from the Swarm says nothing about its services: they keep their incidents
    if (snap.error !== null || managers.length === 0) return;

    const stacks = await this.prisma.stack.findMany({ select: { id: true, name: true } });
    const busy = await this.prisma.deployment.findMany({ where: { status: { in: ['queued', 'running'] } }, select: { stackId: true } });
    const containers = samples.flatMap((s) => s.containers);
    const watched: WatchedService[] = [];
    for (const svc of snap.services) {
      const stack = stacks.find((st) => svc.Name.startsWith(`${st.name}_`));
      if (!stack) continue; // Mission Control's own ingress and services it does not manage
      const { running, desired } = parseReplicas(svc.Replicas);
      watched.push({
        name: svc.Name.slice(stack.name.length + 1),
        fullName: svc.Name,
        stackId: stack.id,
        stackName: stack.name,
        running,
        desired,
        tasks: snap.tasks.filter((t) => taskName(t).startsWith(`${svc.Name}.`)),
        containers: containers.filter((ct) => ct.serviceName === svc.Name),
      });
    }
    await this.services.look({
      now,
      graceMs: this.config.degradedGraceSeconds * 1000,
      services: watched,
      busyStacks: new Set(busy.map((d) => d.stackId)),
    });
    this.logger.debug({ services: watched.length, open: this.book.list().length }, 'incident watch done');
  }
}
