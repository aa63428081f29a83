import { setTimeout as sleep } from 'node:timers/promises';
import type { JobDefinition } from './job.types.js';

export interface StepsTestData {
  steps: number;
  stepMs: number;
}

export const TEST_JOB_KIND = 'test.steps';
const MAX_STEPS = 20;

/**
 * A job kind that only sleeps, enabled with OTTERNAUTS_TEST_JOBS=1: the end-to-end test
 * kills Mission Control in the middle of it and checks that it resumes where it was.
 */
export const stepsTestJob: JobDefinition<StepsTestData> = {
  kind: TEST_JOB_KIND,
  steps: Array.from({ length: MAX_STEPS }, (_, i) => ({
    name: `step-${i + 1}`,
    title: `Test step ${i + 1}`,
    async run(ctx) {
      if (i >= ctx.data.steps) return;
      await sleep(ctx.data.stepMs);
      await ctx.log(`step ${i + 1} of ${ctx.data.steps} done`);
    },
  })),
};
