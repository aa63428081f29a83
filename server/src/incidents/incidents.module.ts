import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Scheduler } from '../jobs/scheduler.js';
import { ServersModule } from '../servers/servers.module.js';
import { StacksModule } from '../stacks/stacks.module.js';
import { IncidentWatcher } from './incident-watcher.js';

/** Watchers that turn what the Swarm shows into events: degraded and recovered services, failing healthchecks, crash loops, unreachable clusters, low disks. */
@Module({
  imports: [ServersModule, StacksModule],
  providers: [IncidentWatcher],
  exports: [IncidentWatcher],
})
export class IncidentsModule implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly watcher: IncidentWatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.add({ name: 'incident-watch', everySeconds: this.config.watchIntervalSeconds, run: () => this.watcher.tick() });
  }
}
