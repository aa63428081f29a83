import { setTimeout as sleep } from 'node:timers/promises';
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { DeliveryStore } from '../deliveries/delivery.store.js';
import { StackState } from '../deliveries/stack-state.js';
import { GitModule } from '../git/git.module.js';
import { GitService } from '../git/git.service.js';
import { RefFetch } from '../git/ref-fetch.js';
import { Scheduler } from '../jobs/scheduler.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PreviewSecretsController } from '../secrets/preview-secrets.controller.js';
import { PreviewSecretsService } from '../secrets/preview-secrets.service.js';
import { StackDeployer } from '../stacks/stack-deployer.js';
import { StacksModule } from '../stacks/stacks.module.js';
import { previewJob } from './preview-job.js';
import { PREVIEW_JOB } from './preview-job-kind.js';
import { PreviewStacks } from './preview-stacks.js';
import { PreviewSweeper } from './preview-sweeper.js';
import { PreviewTeardown } from './preview-teardown.js';
import { PreviewsController } from './previews.controller.js';
import { PreviewsService } from './previews.service.js';

/** Preview stacks for pull/merge requests: deployed from the request's head, torn down on close, merge or age. */
@Module({
  imports: [GitModule, StacksModule, DeliveriesModule],
  controllers: [PreviewsController, PreviewSecretsController],
  providers: [PreviewsService, PreviewTeardown, PreviewSweeper, PreviewSecretsService, RefFetch],
})
export class PreviewsModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly stacks: StackState,
    private readonly previews: PreviewStacks,
    private readonly git: GitService,
    private readonly refs: RefFetch,
    private readonly deployer: StackDeployer,
    private readonly teardown: PreviewTeardown,
    private readonly sweeper: PreviewSweeper,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      previewJob({
        store: this.store,
        stacks: this.stacks,
        previews: this.previews,
        fetchHead: (repo, ref) => this.refs.fetchRequestRef(repo, ref),
        hasCommit: (repo, sha) => this.git.hasCommit(repo, sha),
        deploy: async (preview, sha, ref) => {
          // gitPlan applies the preview transform (domains, replicas) for a stack with a parent
          const plan = await this.deployer.gitPlan(preview, { sha, ref }, 'preview');
          const d = await this.deployer.start(preview, plan, 'conflict');
          return { deploymentId: d.id, version: d.version };
        },
        tearDown: (preview, why) => this.teardown.tearDown(preview, why),
        sleep: (ms) => sleep(ms),
        pollMs: 1000,
        hasPending: (stackId) => this.store.hasPendingRequests(stackId),
        requeue: async (stackId) => void (await this.jobs.enqueue(PREVIEW_JOB, { type: 'stack', id: stackId }, {})),
      }),
    );
  }

  onApplicationBootstrap(): void {
    this.scheduler.add({ name: 'preview-sweep', everySeconds: this.config.gitPollTickSeconds, run: () => this.sweeper.tick() });
  }
}
