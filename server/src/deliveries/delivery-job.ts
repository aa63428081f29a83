import type { JobDefinition } from '../jobs/job.types.js';
import { DeliveryRunner, type RunnerDeps } from './delivery-runner.js';

export const DELIVERY_JOB = 'stack.delivery';

export interface DeliveryJobDeps extends RunnerDeps {
  /** starts the job again for a stack (a delivery that came as this run was finishing) */
  requeue(stackId: string): Promise<void>;
}

/**
 * One job per stack works off its queued deliveries (JobsService keeps one per kind and
 * target). It is resumable: its one step reads its whole state from the delivery rows.
 */
export function deliveryJob(deps: DeliveryJobDeps): JobDefinition<object> {
  const runner = new DeliveryRunner(deps);
  const again = async (stackId: string | null) => {
    if (stackId && (await deps.store.hasPending(stackId))) await deps.requeue(stackId);
  };
  return {
    kind: DELIVERY_JOB,
    steps: [
      {
        name: 'deliver',
        title: 'Deploy the newest commit pushed or polled',
        run: (ctx) => runner.run(ctx.targetId!, (message) => ctx.log(message)),
      },
    ],
    onSuccess: (ctx) => again(ctx.targetId),
  };
}
