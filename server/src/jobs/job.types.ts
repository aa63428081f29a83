export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ProgressLevel = 'info' | 'warn' | 'error';

export interface ProgressEntry {
  at: string;
  step: string | null;
  level: ProgressLevel;
  message: string;
}

/** A job as services and the API see it (JSON columns parsed). */
export interface JobView {
  id: string;
  kind: string;
  targetType: string | null;
  targetId: string | null;
  status: JobStatus;
  currentStep: string | null;
  completedSteps: string[];
  steps: { name: string; title: string }[];
  progress: ProgressEntry[];
  attempts: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface StepContext<D> {
  jobId: string;
  targetId: string | null;
  /** carried from step to step and saved after each one; never put secrets here */
  data: D;
  log(message: string, level?: ProgressLevel): Promise<void>;
}

export interface JobStep<D> {
  name: string;
  title: string;
  run(ctx: StepContext<D>): Promise<void>;
}

/**
 * A kind of background work: ordered, idempotent steps. After a restart the job resumes
 * with the first step not recorded as completed.
 */
export interface JobDefinition<D = Record<string, unknown>> {
  kind: string;
  steps: JobStep<D>[];
  /** false: a job found running after a restart is failed instead of resumed */
  resumable?: boolean;
  /** called once when a step fails, after the job is marked failed */
  onFailure?(ctx: StepContext<D>, error: Error, step: string): Promise<void>;
  onSuccess?(ctx: StepContext<D>): Promise<void>;
}

/** A step failure whose message is already written for the user. */
export class StepFailure extends Error {}
