import { parseReplicas, taskName, taskState, type ServiceRow, type TaskRow } from '../swarm/docker-output.js';

export type Verdict = { done: true } | { done: false; problem: string | null };

/** Plain words for a task's own error, after the PRD's "Deployment Failures" table. */
export function explainTaskError(service: string, image: string, error: string): string {
  if (/no such image|pull access denied|manifest unknown|not found: manifest|failed to resolve reference|repository does not exist/i.test(error)) {
    return `Failed to pull image ${image}: ${error}`;
  }
  if (/no suitable node|scheduling constraints|insufficient resources/i.test(error)) {
    return `Service ${service} cannot start: no nodes match constraints (${error})`;
  }
  if (/unhealthy/i.test(error)) return `Service ${service} is unhealthy: ${error}`;
  return `Service ${service} cannot start: ${error}`;
}

/**
 * Judges one look at a stack's services and tasks: done when every service runs all its
 * replicas; otherwise the problem a stuck service shows (its newest task's error), if any.
 */
export function judge(stack: string, services: ServiceRow[], tasks: TaskRow[]): Verdict {
  let problem: string | null = null;
  let done = services.length > 0;
  for (const s of services) {
    const { running, desired } = parseReplicas(s.Replicas);
    const own = tasks.filter((t) => taskName(t).startsWith(`${s.Name}.`));
    const runningTasks = own.filter((t) => t.DesiredState.toLowerCase() === 'running' && taskState(t) === 'running').length;
    if (running >= desired && runningTasks >= desired) continue;
    done = false;
    // docker lists the newest task of each slot first
    const failing = own.find((t) => t.Error && t.Error.trim());
    if (failing && !problem) problem = explainTaskError(s.Name.slice(stack.length + 1), failing.Image || s.Image, failing.Error.trim());
  }
  return done ? { done: true } : { done: false, problem };
}
