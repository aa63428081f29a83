import type { JobDefinition } from '../jobs/job.types.js';
import { PREVIEW_JOB } from './preview-job-kind.js';
import { PreviewRunner, type PreviewRunnerDeps } from './preview-runner.js';

export interface PreviewJobDeps extends PreviewRunnerDeps {
  hasPending(stackId: string): Promise<boolean>;
  /** starts the job again for a parent (an event that came as this run was finishing) */
  requeue(stackId: string): Promise<void>;
}

/**
 * One job per parent stack (JobsService keeps one per kind and target) works off its request
 * deliveries. Resumable: its one step reads its whole state from the delivery rows.
 */
export function previewJob(deps: PreviewJobDeps): JobDefinition<object> {
  const runner = new PreviewRunner(deps);
  return {
    kind: PREVIEW_JOB,
    steps: [
      {
        name: 'previews',
        title: 'Deploy or tear down the previews of pull/merge requests',
        run: (ctx) => runner.run(ctx.targetId!, (message) => ctx.log(message)),
      },
    ],
    onSuccess: async (ctx) => {
      if (ctx.targetId && (await deps.hasPending(ctx.targetId))) await deps.requeue(ctx.targetId);
    },
  };
}
