import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreDeps } from './core/core.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsController } from './jobs/jobs.controller.js';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(deps)],
      controllers: [HealthController, JobsController],
    };
  }
}
