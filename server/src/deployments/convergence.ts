import { parseReplicas, taskName, taskState, type ServiceRow, type TaskRow } from '../swarm/docker-output.js';
import { crashLoop, slotFailure, slotsOf, taskReason } from './task-failures.js';

/**
 * How sure a problem is: `failed` ends the deployment now; `stuck` once two looks in a row
 * show it (Swarm may still move); `retrying` only explains a timeout, since Swarm is
 * starting another task.
 */
export interface Problem {
  message: string;
  kind: 'failed' | 'stuck' | 'retrying';
}

export type Verdict = { done: true } | { done: false; problem: Problem | null };

export interface JudgeOptions {
  updates?: UpdateView[];
  /** `docker stack deploy` ran moments ago: the orchestrator may not have picked the change up */
  justDeployed?: boolean;
  /** ids of the tasks that existed before this deployment */
  earlier?: ReadonlySet<string>;
}

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
 * tasks may still be the old ones; paused or rolled back updates are failures. Answers
 * 'pending', the failure's message, or null when the update is not in the way.
 */
function updateProblem(u: UpdateView | undefined, justDeployed: boolean): string | null {
  if (!u) return null;
  if (u.updateState === 'updating' || u.updateState === 'rollback_started') return 'pending';
  const why = u.updateMessage ? taskReason(u.updateMessage) : 'a task failed';
  if (u.updateState === 'paused' || u.updateState === 'rollback_paused') return `The update of ${u.name} paused: ${why}`;
  if (u.updateState === 'rollback_completed') return `Swarm rolled back the update of ${u.name}: ${why}`;
  const notPickedUp = u.tasksChanged && (!u.updateStartedAt || Date.parse(u.updatedAt) > Date.parse(u.updateStartedAt));
  return justDeployed && notPickedUp ? 'pending' : null;
}

/** Plain words for a task's own error, after the PRD's "Deployment Failures" table. */
export function explainTaskError(service: string, image: string, error: string): string {
  if (
    /no such image|pull access denied|manifest unknown|not found: manifest|failed to resolve reference|repository does not exist/i.test(
      error,
    )
  ) {
    return `Failed to pull image ${image}: ${error}`;
  }
  if (/no suitable node|scheduling constraints|insufficient resources/i.test(error)) {
    return `Service ${service} cannot start: no nodes match constraints (${error})`;
  }
  if (/executable file not found|no such file or directory: unknown/i.test(error)) {
    return `Service ${service} cannot start: its command is not in the image ${image} (${error})`;
  }
  if (/unhealthy/i.test(error)) return `Service ${service} is unhealthy: ${error}`;
  return `Service ${service} cannot start: ${error}`;
}

const RANK: Record<Problem['kind'], number> = { failed: 3, stuck: 2, retrying: 1 };

/** What a stuck service's tasks say, slot by slot: the surest problem wins. */
function taskProblem(service: string, shortName: string, image: string, tasks: TaskRow[], earlier: ReadonlySet<string>): Problem | null {
  let worst: Problem | null = null;
  for (const slot of slotsOf(service, tasks)) {
    const f = slotFailure(slot, earlier);
    let p: Problem | null = null;
    const explain = (reason: string) => explainTaskError(shortName, slot[0].Image || image, reason);
    if (f.kind === 'stuck') p = { kind: 'stuck', message: explain(f.reason) };
    if (f.kind === 'failed') {
      const loop = crashLoop(f);
      const n = f.reasons.length;
      if (loop === 'looping')
        p = { kind: 'failed', message: `${explain(f.reasons[0])} (${n} tasks in a row failed; Swarm keeps restarting it)` };
      else if (loop === 'given-up')
        p = { kind: 'stuck', message: `${explain(f.reasons[0])} (${n} failed task${n > 1 ? 's' : ''}; its restart policy starts no more)` };
      else p = { kind: 'retrying', message: explain(f.reasons[0]) };
    }
    if (p && (!worst || RANK[p.kind] > RANK[worst.kind])) worst = p;
  }
  return worst;
}

/**
 * Judges one look at a stack's services and tasks: done when every service runs all its
 * replicas; otherwise the surest problem a stuck service shows, if any. Crash loops are judged
 * by their run of failed tasks, so a failing service ends the deployment in a few restarts
 * rather than at the deploy timeout.
 */
export function judge(stack: string, services: ServiceRow[], tasks: TaskRow[], opts: JudgeOptions = {}): Verdict {
  const { updates = [], justDeployed = false, earlier = new Set<string>() } = opts;
  let problem: Problem | null = null;
  const consider = (p: Problem | null) => {
    if (p && (!problem || RANK[p.kind] > RANK[problem.kind])) problem = p;
  };
  let done = services.length > 0;
  for (const s of services) {
    const update = updateProblem(
      updates.find((u) => u.name === s.Name),
      justDeployed,
    );
    if (update === 'pending') {
      done = false;
      continue;
    }
    if (update) {
      done = false;
      consider({ kind: 'stuck', message: update });
      continue;
    }
    const { running, desired } = parseReplicas(s.Replicas);
    const own = tasks.filter((t) => taskName(t).startsWith(`${s.Name}.`));
    const runningTasks = own.filter((t) => t.DesiredState.toLowerCase() === 'running' && taskState(t) === 'running').length;
    if (running >= desired && runningTasks >= desired) continue;
    done = false;
    consider(taskProblem(s.Name, s.Name.slice(stack.length + 1), s.Image, own, earlier));
  }
  return done ? { done: true } : { done: false, problem };
}
