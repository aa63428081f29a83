import { crashLoop, slotFailure, slotsOf } from '../deployments/task-failures.js';
import { taskState, type TaskRow } from '../swarm/docker-output.js';
import type { ContainerSample } from '../metrics/metrics.types.js';
import { containerNameOf } from './health-log.js';

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'crash_loop';

/** What the stack page shows per service (StackServiceDto.health). */
export interface ServiceHealthView {
  state: HealthState | null;
  message: string | null;
  output: string | null;
  restarts: number;
  lastExitCode: number | null;
  since: Date | null;
}

const FAILED = new Set(['failed', 'rejected']);
/** Docker's words when it stops a container its healthcheck gave up on. */
export const UNHEALTHY_TASK = /unhealthy container/i;

/** "task: non-zero exit (137): dockerexec: unhealthy container" -> 137 */
export function exitCodeOf(error: string): number | null {
  const m = /non-zero exit \((\d+)\)/.exec(error);
  return m ? Number(m[1]) : null;
}

export interface CrashLoopView {
  /** failed tasks in a row of the slot that loops (as far as Swarm's task history reaches) */
  restarts: number;
  lastExitCode: number | null;
  reason: string;
}

/**
 * A crash loop as the deployment judges one (deployments/task-failures.ts), on a slot whose
 * newest task is not running now: a task that runs after earlier failures is not looping.
 */
export function crashLoopOf(fullName: string, tasks: TaskRow[]): CrashLoopView | null {
  let worst: CrashLoopView | null = null;
  for (const slot of slotsOf(fullName, tasks)) {
    if (slot.length === 0 || taskState(slot[0]) === 'running') continue;
    const f = slotFailure(slot);
    if (f.kind !== 'failed' || crashLoop(f) !== 'looping') continue;
    const newestFailed = slot.find((t) => FAILED.has(taskState(t)));
    const view = { restarts: f.reasons.length, lastExitCode: exitCodeOf(newestFailed?.Error ?? ''), reason: f.reasons[0] };
    if (!worst || view.restarts > worst.restarts) worst = view;
  }
  return worst;
}

/** Failed tasks of the service Swarm still lists: how often it had to start one again. */
export function restartsOf(fullName: string, tasks: TaskRow[]): { restarts: number; lastExitCode: number | null } {
  const failed = slotsOf(fullName, tasks)
    .flat()
    .filter((t) => FAILED.has(taskState(t)));
  return { restarts: failed.length, lastExitCode: exitCodeOf(failed[0]?.Error ?? '') };
}

/**
 * The newest task Swarm stopped because its healthcheck failed, in a slot that is not back to
 * health: its new task is not running yet, or its container still starts or fails the check.
 */
export function unhealthyTaskOf(fullName: string, tasks: TaskRow[], containers: ContainerSample[]): TaskRow | null {
  for (const slot of slotsOf(fullName, tasks)) {
    const newestFailed = slot.find((t) => FAILED.has(taskState(t)));
    if (!newestFailed || !UNHEALTHY_TASK.test(newestFailed.Error)) continue;
    const head = slot[0];
    if (head === newestFailed || taskState(head) !== 'running') return newestFailed;
    // Swarm's task name label is the container's name: <service>.<slot>.<task id>
    const sample = containers.find((c) => c.taskName === containerNameOf(head));
    if (sample && sample.health !== 'healthy') return newestFailed;
  }
  return null;
}

export interface HealthInput {
  /** short name (web) and full Swarm name (shop_web) */
  name: string;
  fullName: string;
  tasks: TaskRow[];
  /** this service's containers in the latest samples of every server */
  containers: ContainerSample[];
  /** the opening events of its open incidents, for the output Docker no longer shows and since when */
  openUnhealthy?: { at: Date; details: Record<string, unknown> };
  openCrashLoop?: { at: Date };
}

export function unhealthyMessage(name: string, output: string | null): string {
  return output ? `Service ${name} is unhealthy: ${output}` : `Service ${name} is unhealthy`;
}

/** One service's health from what Swarm and the latest samples show. */
export function serviceHealth(input: HealthInput): ServiceHealthView {
  const { name, fullName, tasks, containers } = input;
  const counts = restartsOf(fullName, tasks);
  const sick = containers.find((c) => c.health === 'unhealthy');
  const sickTask = sick ? null : unhealthyTaskOf(fullName, tasks, containers);
  if (sick || sickTask) {
    const stored = input.openUnhealthy?.details.output;
    const output = sick?.healthOutput || (typeof stored === 'string' ? stored : null);
    return { state: 'unhealthy', message: unhealthyMessage(name, output), output, ...counts, since: input.openUnhealthy?.at ?? null };
  }
  const loop = crashLoopOf(fullName, tasks);
  if (loop) {
    const code = loop.lastExitCode === null ? '' : `, last exit code ${loop.lastExitCode}`;
    return {
      state: 'crash_loop',
      message: `Service ${name} keeps crashing: ${loop.restarts} tasks in a row failed${code} (${loop.reason})`,
      output: null,
      restarts: Math.max(loop.restarts, counts.restarts),
      lastExitCode: loop.lastExitCode,
      since: input.openCrashLoop?.at ?? null,
    };
  }
  const state = containers.some((c) => c.health === 'starting')
    ? 'starting'
    : containers.some((c) => c.health === 'healthy')
      ? 'healthy'
      : null;
  return { state, message: null, output: null, ...counts, since: null };
}
