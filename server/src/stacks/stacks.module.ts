import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { DeploymentsController } from '../deployments/deployments.controller.js';
import { DeploymentsService } from '../deployments/deployments.service.js';
import { deploymentJob } from '../deployments/deployment.job.js';
import { LogsService } from '../logs/logs.service.js';
import { RegistriesModule } from '../registries/registries.module.js';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { RegistriesService } from '../registries/registries.service.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { ServersModule } from '../servers/servers.module.js';
import { ServerShell } from '../servers/server-shell.js';
import { GitService } from '../git/git.service.js';
import { GitDeploys } from './git-deploys.js';
import { StackDeployer } from './stack-deployer.js';
import { StackSource } from './stack-source.js';
import { StackStatus } from './stack-status.js';
import { StackValidation } from './stack-validation.js';
import { StacksController } from './stacks.controller.js';
import { StacksService } from './stacks.service.js';
import { EventsService } from '../events/events.service.js';

@Module({
  imports: [ServersModule, SecretsModule, RegistriesModule, RepositoriesModule],
  controllers: [StacksController, DeploymentsController],
  providers: [StacksService, StackStatus, StackValidation, StackSource, StackDeployer, GitDeploys, DeploymentsService, LogsService],
  exports: [StacksService, GitDeploys, StackStatus, StackDeployer],
})
export class StacksModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly prisma: PrismaService,
    private readonly shell: ServerShell,
    private readonly cluster: ClusterService,
    private readonly secrets: SecretsService,
    private readonly registries: RegistriesService,
    private readonly config: AppConfig,
    private readonly status: StackStatus,
    private readonly git: GitService,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      deploymentJob({
        prisma: this.prisma,
        shell: this.shell,
        cluster: this.cluster,
        secrets: this.secrets,
        registries: this.registries,
        config: this.config,
        git: this.git,
        events: this.events,
        onSettled: () => this.status.invalidate(),
      }),
    );
  }
}
