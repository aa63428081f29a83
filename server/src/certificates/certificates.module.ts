import { Global, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { Scheduler } from '../jobs/scheduler.js';
import { ServersModule } from '../servers/servers.module.js';
import { CertificateWatch } from './certificate-watch.js';
import { ClusterDns } from './cluster-dns.js';
import { DnsWarnings } from './dns-warnings.js';
import { DomainCheckStore } from './domain-check.store.js';
import { DomainsController } from './domains.controller.js';
import { DomainsService } from './domains.service.js';
import { IngressLogs } from './ingress-logs.js';

/**
 * Shields told the truth: domains' DNS against the cluster's addresses, and Traefik's ACME errors in plain words.
 * Global so the stacks' validate route can add DNS warnings without the stacks module importing this one.
 */
@Global()
@Module({
  imports: [ServersModule],
  controllers: [DomainsController],
  providers: [ClusterDns, DnsWarnings, DomainCheckStore, IngressLogs, CertificateWatch, DomainsService],
  exports: [DnsWarnings],
})
export class CertificatesModule implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly events: EventsService,
    private readonly watch: CertificateWatch,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.add({
      name: 'certificates',
      everySeconds: this.config.certificateCheckIntervalSeconds,
      run: () => this.watch.checkAll(),
    });
    this.unsubscribe = this.events.onEvent((event) => this.watch.onEvent(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.watch.stop();
  }
}
