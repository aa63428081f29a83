export type StepState = 'done' | 'running' | 'failed' | 'pending';

export interface JobLike {
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  currentStep: string | null;
  completedSteps: string[];
  steps: { name: string; title: string }[];
  progress: { at: string; step: string | null; level: 'info' | 'warn' | 'error'; message: string }[];
}

export interface StepView {
  name: string;
  title: string;
  state: StepState;
  messages: JobLike['progress'];
}

/** Each step of a job with where it stands and the progress messages it wrote. */
export function stepViews(job: JobLike): StepView[] {
  const done = new Set(job.completedSteps);
  return job.steps.map((step) => {
    let state: StepState = 'pending';
    if (job.status === 'succeeded' || done.has(step.name)) state = 'done';
    else if (job.currentStep === step.name) state = job.status === 'failed' ? 'failed' : job.status === 'running' ? 'running' : 'pending';
    return { ...step, state, messages: job.progress.filter((p) => p.step === step.name) };
  });
}

/** Messages that belong to no step (written before or after the steps ran). */
export function jobMessages(job: JobLike): JobLike['progress'] {
  const names = new Set(job.steps.map((s) => s.name));
  return job.progress.filter((p) => p.step === null || !names.has(p.step));
}
