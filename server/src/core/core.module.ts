import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { VaultService } from '../vault/vault.service.js';
import { JobStore } from '../jobs/job.store.js';
import { JobsService } from '../jobs/jobs.service.js';
import { Scheduler } from '../jobs/scheduler.js';
import { StreamLimits } from '../common/stream-limits.js';

export interface CoreDeps {
  config: AppConfig;
  prisma: PrismaService;
  vault: VaultService;
}

/** What every capability needs: settings, the database, the vault, background jobs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: deps.config },
        { provide: PrismaService, useValue: deps.prisma },
        { provide: VaultService, useValue: deps.vault },
        JobStore,
        JobsService,
        Scheduler,
        StreamLimits,
      ],
      exports: [AppConfig, PrismaService, VaultService, JobStore, JobsService, Scheduler, StreamLimits],
    };
  }
}
