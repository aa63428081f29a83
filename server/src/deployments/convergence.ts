import { parseReplicas, taskName, taskState, type ServiceRow, type TaskRow } from '../swarm/docker-output.js';

export type Verdict = { done: true } | { done: false; problem: string | null };

/** What `docker service inspect` says of a service's rolling update. */
export interface UpdateView {
  name: string;
  createdAt: string;
  updatedAt: string;
  updateState: string | null;
  updateStartedAt: string | null;
  updateMessage: string | null;
  /** the last spec change touched the task template, so Swarm rolls the tasks */
  tasksChanged: boolean;
}

interface InspectedService {
  Spec: { Name: string; TaskTemplate?: unknown };
  PreviousSpec?: { TaskTemplate?: unknown };
  CreatedAt: string;
  UpdatedAt: string;
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
}

export function parseServiceInspect(stdout: string): UpdateView[] {
  return (JSON.parse(stdout) as InspectedService[]).map((s) => ({
    name: s.Spec.Name,
    createdAt: s.CreatedAt,
    updatedAt: s.UpdatedAt,
    updateState: s.UpdateStatus?.State ?? null,
    updateStartedAt: s.UpdateStatus?.StartedAt ?? null,
    updateMessage: s.UpdateStatus?.Message ?? null,
    // `docker stack deploy` updates every service, changed or not; only a new task template rolls tasks
    tasksChanged: s.PreviousSpec !== undefined && JSON.stringify(s.PreviousSpec.TaskTemplate) !== JSON.stringify(s.Spec.TaskTemplate),
  }));
}

/**
 * A rolling update in flight (or not yet picked up by the orchestrator) means the running
 * tasks may still be the old ones; paused or rolled back updates are failures.
 */
function updateProblem(u: UpdateView | undefined, justDeployed: boolean): 'pending' | string | null {
  if (!u) return null;
  if (u.updateState === 'updating' || u.updateState === 'rollback_started') return 'pending';
  if (u.updateState === 'paused' || u.updateState === 'rollback_paused') return `The update of ${u.name} paused: ${u.updateMessage ?? 'a task failed'}`;
  if (u.updateState === 'rollback_completed') return `Swarm rolled back the update of ${u.name}: ${u.updateMessage ?? 'a task failed'}`;
  const notPickedUp = u.tasksChanged && (!u.updateStartedAt || Date.parse(u.updatedAt) > Date.parse(u.updateStartedAt));
  return justDeployed && notPickedUp ? 'pending' : null;
}

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
export function judge(stack: string, services: ServiceRow[], tasks: TaskRow[], updates: UpdateView[] = [], justDeployed = false): Verdict {
  let problem: string | null = null;
  let done = services.length > 0;
  for (const s of services) {
    const update = updateProblem(updates.find((u) => u.name === s.Name), justDeployed);
    if (update === 'pending') {
      done = false;
      continue;
    }
    if (update) {
      done = false;
      problem ??= update;
      continue;
    }
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
