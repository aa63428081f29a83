import { taskState, type TaskRow } from '../swarm/docker-output.js';

/** docker's own CLI waits this long "to verify that tasks are stable" before calling a service converged. */
export const STEADY_MS = 5000;

/** The tasks running as desired, as one comparable key. */
export function runningTaskKey(tasks: TaskRow[]): string {
  return tasks
    .filter((t) => t.DesiredState.toLowerCase() === 'running' && taskState(t) === 'running')
    .map((t) => t.ID)
    .sort()
    .join(',');
}

/**
 * A stack that looks converged once may be a crash loop caught between restarts: a command
 * that exits at once is "running" for a moment. It counts as converged only when the same
 * tasks have run for STEADY_MS (a restarted task has a new id).
 */
export class Steadiness {
  private since: { at: number; key: string } | null = null;

  /** One look that found every service running these tasks; true once they held steady. */
  converged(key: string, now: number): boolean {
    if (this.since?.key !== key) this.since = { at: now, key };
    return now - this.since.at >= STEADY_MS;
  }

  /**
   * How long to wait before the next look: the poll interval, or less when the tasks' steady
   * time ends sooner (a look at the second it ends, not up to an interval later).
   */
  nextLookIn(now: number, pollMs: number): number {
    if (!this.since) return pollMs;
    return Math.max(0, Math.min(pollMs, this.since.at + STEADY_MS - now));
  }

  /** A look that found the stack not converged. */
  reset(): void {
    this.since = null;
  }
}
