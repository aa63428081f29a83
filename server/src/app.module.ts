import { Module, type DynamicModule } from '@nestjs/common';
import { ClusterModule } from './cluster/cluster.module.js';
import { CoreModule, type CoreDeps } from './core/core.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsController } from './jobs/jobs.controller.js';
import { RegistriesModule } from './registries/registries.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { ServersModule } from './servers/servers.module.js';
import { StacksModule } from './stacks/stacks.module.js';
import { RepositoriesModule } from './repositories/repositories.module.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { EventsModule } from './events/events.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { BuildsModule } from './builds/builds.module.js';
import { PreviewsModule } from './previews/previews.module.js';
import { TokensModule } from './tokens/tokens.module.js';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        EventsModule,
        SecretsModule,
        RegistriesModule,
        ServersModule,
        ClusterModule,
        RepositoriesModule,
        StacksModule,
        DeliveriesModule,
        MetricsModule,
        IncidentsModule,
        NotificationsModule,
        CertificatesModule,
        BuildsModule,
        PreviewsModule,
        TokensModule,
      ],
      controllers: [HealthController, JobsController],
    };
  }
}
