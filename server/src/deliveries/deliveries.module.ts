import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { GitModule } from '../git/git.module.js';
import { GitService } from '../git/git.service.js';
import { Scheduler } from '../jobs/scheduler.js';
import { JobsService } from '../jobs/jobs.service.js';
import { GitDeploys } from '../stacks/git-deploys.js';
import { StacksModule } from '../stacks/stacks.module.js';
import { CommitDeployer } from './commit-deployer.js';
import { DeliveryIntake } from './delivery-intake.js';
import { DELIVERY_JOB, deliveryJob } from './delivery-job.js';
import { DeliveryStore } from './delivery.store.js';
import { GitPoller } from './git-poller.js';
import { HooksController } from './hooks.controller.js';
import { StackDeliveriesController } from './stack-deliveries.controller.js';
import { StackState } from './stack-state.js';
import { StackWebhooks } from './stack-webhooks.js';
import { RequestIntake } from './request-intake.js';
import { PreviewStacks } from '../previews/preview-stacks.js';

/** Push to deploy (signed webhooks), polling, and the record of every decision. */
@Module({
  imports: [GitModule, StacksModule],
  controllers: [HooksController, StackDeliveriesController],
  providers: [
    DeliveryStore,
    StackState,
    DeliveryIntake,
    RequestIntake,
    PreviewStacks,
    GitPoller,
    StackWebhooks,
    { provide: CommitDeployer, useExisting: GitDeploys },
  ],
  // the preview job (previews/) works off the request deliveries recorded here
  exports: [DeliveryStore, StackState, PreviewStacks],
})
export class DeliveriesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly stacks: StackState,
    private readonly git: GitService,
    private readonly deployer: CommitDeployer,
    private readonly poller: GitPoller,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      deliveryJob({
        store: this.store,
        stacks: this.stacks,
        git: this.git,
        deployer: this.deployer,
        pollMs: 1000,
        requeue: async (stackId) => void (await this.jobs.enqueue(DELIVERY_JOB, { type: 'stack', id: stackId }, {})),
      }),
    );
  }

  onApplicationBootstrap(): void {
    this.scheduler.add({ name: 'git-poll', everySeconds: this.config.gitPollTickSeconds, run: () => this.poller.tick() });
  }
}
