import { Global, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Scheduler } from '../jobs/scheduler.js';
import { ServersModule } from '../servers/servers.module.js';
import { Downsampler, MINUTE_SECONDS } from './downsampler.js';
import { MetricsSampler } from './metrics-sampler.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { MetricsStore } from './metrics.store.js';
import { LatestSamples } from './metrics.types.js';

/**
 * Agentless metrics: one sampling command per server per interval, series in SQLite with
 * downsampling. Global so the watchers (incidents) can read LatestSamples without importing it.
 */
@Global()
@Module({
  imports: [ServersModule],
  controllers: [MetricsController],
  providers: [MetricsStore, MetricsSampler, Downsampler, MetricsService, { provide: LatestSamples, useExisting: MetricsSampler }],
  exports: [LatestSamples],
})
export class MetricsModule implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly sampler: MetricsSampler,
    private readonly downsampler: Downsampler,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.add({
      name: 'metrics',
      everySeconds: this.sampler.tickSeconds,
      run: () => {
        // not awaited: a slow server must not hold back the next tick for the others
        // (a server still being sampled is skipped by the sampler itself)
        this.sampler.tick().catch((err: unknown) => new Logger('metrics').warn({ err }, 'a metrics tick failed'));
        return Promise.resolve();
      },
    });
    this.scheduler.add({ name: 'metrics-downsample', everySeconds: MINUTE_SECONDS, run: async () => void (await this.downsampler.run()) });
  }
}
