import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Scheduler } from '../jobs/scheduler.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { SSH_POOL_OPTIONS, SshPool, type SshPoolOptions } from '../ssh/ssh-pool.js';
import { ServerChecks } from './server-checks.js';
import { ServerEvents } from './server-events.js';
import { ServerShell } from './server-shell.js';
import { HostKeyRefusals } from './host-key-refusals.js';
import { ServersController } from './servers.controller.js';
import { ServersService } from './servers.service.js';

@Module({
  controllers: [ServersController],
  providers: [
    // The pool logs connects, drops and command timings (never arguments or output).
    { provide: SSH_POOL_OPTIONS, useFactory: (): SshPoolOptions => ({ logger: new Logger('ssh') }) },
    SshPool,
    ServerShell,
    HostKeyRefusals,
    ServersService,
    ServerChecks,
    ServerEvents,
    ClusterService,
  ],
  exports: [ServerShell, ClusterService, SshPool, ServersService],
})
export class ServersModule implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly checks: ServerChecks,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.add({ name: 'server-checks', everySeconds: this.config.serverCheckIntervalSeconds, run: () => this.checks.checkAll() });
  }
}
