import { describe, expect, it } from '@jest/globals';
import { jobMessages, stepViews, type JobLike } from '#lib/jobs/job-steps.ts';

const job = (over: Partial<JobLike>): JobLike => ({
  status: 'running',
  currentStep: null,
  completedSteps: [],
  steps: [
    { name: 'deploy', title: 'Send the stack to the Swarm' },
    { name: 'converge', title: 'Wait for every service to run' },
  ],
  progress: [],
  ...over,
});

describe(stepViews.name, () => {
  it('should mark completed, current and later steps', () => {
    const views = stepViews(job({ currentStep: 'converge', completedSteps: ['deploy'] }));
    expect(views.map((v) => v.state)).toEqual(['done', 'running']);
  });

  it('should mark the step a failed job stopped at', () => {
    expect(stepViews(job({ status: 'failed', currentStep: 'deploy' })).map((v) => v.state)).toEqual(['failed', 'pending']);
  });

  it('should keep every step pending while queued, and done once the job succeeded', () => {
    expect(stepViews(job({ status: 'queued', currentStep: 'deploy' })).map((v) => v.state)).toEqual(['pending', 'pending']);
    expect(stepViews(job({ status: 'succeeded', completedSteps: ['deploy'] })).map((v) => v.state)).toEqual(['done', 'done']);
  });

  it('should give each step its own messages', () => {
    const progress = [
      { at: 't1', step: 'deploy', level: 'info' as const, message: 'accepted version 1' },
      { at: 't2', step: 'converge', level: 'info' as const, message: 'Launch successful! Your fleet is now in orbit.' },
      { at: 't3', step: null, level: 'warn' as const, message: 'resumed after a restart' },
    ];
    const views = stepViews(job({ status: 'succeeded', progress }));
    expect(views.map((v) => v.messages.map((m) => m.at))).toEqual([['t1'], ['t2']]);
    expect(jobMessages(job({ progress })).map((m) => m.at)).toEqual(['t3']);
  });
});
