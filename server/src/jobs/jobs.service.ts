import { EventEmitter } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import type { Job } from '../generated/prisma/client.js';
import { notFound } from '../errors/api-error.js';
import { JobStore, parseJson } from './job.store.js';
import { KeyedLock } from './keyed-lock.js';
import {
  StepFailure,
  type JobDefinition,
  type JobStatus,
  type JobView,
  type ProgressEntry,
  type ProgressLevel,
  type StepContext,
} from './job.types.js';

/**
 * Runs durable jobs in this process (the SSH connections live here). State is written to
 * SQLite after every step, so a restart resumes after the last completed step.
 */
// Each kind has its own data type; the runner stores and passes it through without reading it.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyJobDefinition = JobDefinition<any>;
type AnyStepContext = StepContext<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

@Injectable()
export class JobsService {
  private readonly logger = new Logger('jobs');
  private readonly kinds = new Map<string, AnyJobDefinition>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly locks = new KeyedLock();
  /** emits 'job' with a JobView after every change */
  readonly events = new EventEmitter();
  private stopping = false;

  constructor(private readonly store: JobStore) {
    this.events.setMaxListeners(0);
  }

  register<D>(definition: JobDefinition<D>): void {
    this.kinds.set(definition.kind, definition);
  }

  /**
   * Starts a job, or answers the one of this kind already queued or running for the target: a
   * double-clicked "deploy ingress" or "provision" must not run two jobs against one cluster.
   */
  async enqueue<D>(kind: string, target: { type: string; id: string } | null, data: D): Promise<JobView> {
    this.definition(kind);
    const create = async () => {
      const job = await this.store.create(kind, target?.type ?? null, target?.id ?? null, data);
      this.start(job.id);
      return this.view(job);
    };
    if (!target) return create();
    return this.exclusive(`job\u0000${kind}\u0000${target.type}\u0000${target.id}`, async () => {
      const active = await this.store.findActive(kind, target.type, target.id);
      return active ? this.view(active) : create();
    });
  }

  /** Runs work one at a time per key: for callers whose own check-then-create must not race. */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(key, work);
  }

  /** Runs a failed job again from the step that failed. */
  async retry(id: string): Promise<JobView> {
    const job = await this.store.find(id);
    if (!job) throw notFound('job', id);
    if (job.status === 'failed') {
      const updated = await this.store.update(id, { status: 'queued', error: null, finishedAt: null });
      this.publish(updated);
      this.start(id);
      return this.view(updated);
    }
    return this.view(job);
  }

  async get(id: string): Promise<JobView> {
    const job = await this.store.find(id);
    if (!job) throw notFound('job', id);
    return this.view(job);
  }

  async latestFor(targetType: string, targetId: string, kind?: string): Promise<JobView | null> {
    const job = await this.store.latestFor(targetType, targetId, kind);
    return job ? this.view(job) : null;
  }

  isActive(id: string): boolean {
    return this.running.has(id);
  }

  /** Waits for a job started in this process to settle (tests and shutdown). */
  async settled(id: string): Promise<JobView> {
    await this.running.get(id);
    return this.get(id);
  }

  /** At start-up: jobs that were queued or running when Mission Control stopped. */
  async recover(): Promise<number> {
    const unfinished = await this.store.findUnfinished();
    for (const job of unfinished) {
      const definition = this.kinds.get(job.kind);
      if (!definition || definition.resumable === false) {
        const reason = definition
          ? 'Mission Control restarted while this job was running, and this kind of job cannot resume safely. Start it again.'
          : `Mission Control no longer knows jobs of kind ${job.kind}.`;
        const failed = await this.store.update(job.id, {
          status: 'failed',
          error: reason,
          finishedAt: new Date(),
          progress: this.appendTo(job, null, 'error', reason),
        });
        this.publish(failed);
        continue;
      }
      if (job.status === 'running') {
        const done = parseJson<string[]>(job.completedSteps, []);
        const resumeNote = done.length
          ? `Mission Control restarted; resuming after step "${done[done.length - 1]}".`
          : 'Mission Control restarted; starting again from the first step.';
        await this.store.update(job.id, { progress: this.appendTo(job, null, 'info', resumeNote) });
      }
      this.start(job.id);
    }
    return unfinished.length;
  }

  /** Stops picking up work; running steps finish or are resumed at the next start. */
  shutdown(): void {
    this.stopping = true;
  }

  private start(id: string): void {
    if (this.running.has(id) || this.stopping) return;
    const run = this.run(id)
      .catch((err: unknown) => this.logger.error({ err, jobId: id }, 'job runner failed'))
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  private async run(id: string): Promise<void> {
    let job = await this.store.find(id);
    if (!job || job.status === 'succeeded') return;
    const definition = this.definition(job.kind);
    const completed = parseJson<string[]>(job.completedSteps, []);
    let progress = parseJson<ProgressEntry[]>(job.progress, []);
    const data = parseJson<Record<string, unknown>>(job.data, {});
    let currentStep: string | null = null;

    const save = async (patch: Parameters<JobStore['update']>[1]) => {
      job = await this.store.update(id, patch);
      this.publish(job);
    };
    const ctx: AnyStepContext = {
      jobId: id,
      targetId: job.targetId,
      data,
      log: async (message: string, level: ProgressLevel = 'info') => {
        progress = [...progress, { at: new Date().toISOString(), step: currentStep, level, message }];
        await save({ progress });
      },
    };

    await save({ status: 'running', attempts: job.attempts + 1, startedAt: job.startedAt ?? new Date(), error: null });
    for (const step of definition.steps) {
      if (completed.includes(step.name)) continue;
      if (this.stopping) return;
      currentStep = step.name;
      await save({ currentStep: step.name });
      try {
        await step.run(ctx);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        progress = [...progress, { at: new Date().toISOString(), step: step.name, level: 'error', message }];
        await save({ status: 'failed', error: message, progress, data, finishedAt: new Date() });
        if (!(err instanceof StepFailure)) {
          this.logger.warn({ jobId: id, kind: job.kind, step: step.name, err }, 'job step failed');
        }
        await definition.onFailure?.(ctx, err as Error, step.name);
        return;
      }
      completed.push(step.name);
      await save({ completedSteps: completed, data });
    }
    currentStep = null;
    await save({ status: 'succeeded', currentStep: null, finishedAt: new Date() });
    await definition.onSuccess?.(ctx);
  }

  private definition(kind: string): AnyJobDefinition {
    const definition = this.kinds.get(kind);
    if (!definition) throw new Error(`unknown job kind ${kind}`);
    return definition;
  }

  private appendTo(job: Job, step: string | null, level: ProgressLevel, message: string): ProgressEntry[] {
    return [...parseJson<ProgressEntry[]>(job.progress, []), { at: new Date().toISOString(), step, level, message }];
  }

  private publish(job: Job): void {
    this.events.emit('job', this.view(job));
  }

  view(job: Job): JobView {
    const steps = this.kinds.get(job.kind)?.steps.map((s) => ({ name: s.name, title: s.title })) ?? [];
    return {
      id: job.id,
      kind: job.kind,
      targetType: job.targetType,
      targetId: job.targetId,
      status: job.status as JobStatus,
      currentStep: job.currentStep,
      completedSteps: parseJson<string[]>(job.completedSteps, []),
      steps,
      progress: parseJson<ProgressEntry[]>(job.progress, []),
      attempts: job.attempts,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    };
  }
}
