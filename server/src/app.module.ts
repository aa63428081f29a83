import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreDeps } from './core/core.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsController } from './jobs/jobs.controller.js';
import { RegistriesController } from './registries/registries.controller.js';
import { RegistriesService } from './registries/registries.service.js';
import { SecretsController } from './secrets/secrets.controller.js';
import { SecretsService } from './secrets/secrets.service.js';
import { ServersModule } from './servers/servers.module.js';
import { StacksModule } from './stacks/stacks.module.js';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(deps), ServersModule, StacksModule],
      controllers: [HealthController, JobsController, SecretsController, RegistriesController],
      providers: [SecretsService, RegistriesService],
    };
  }
}
