import type { Server } from '../generated/prisma/client.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { ServerShell } from '../servers/server-shell.js';
import { RemoteCommand } from '../ssh/command.js';
import { parseNodes, taskName, type TaskRow } from '../swarm/docker-output.js';
import { taskReason } from '../deployments/task-failures.js';

/** Health-check output is a program's output: enough to say what failed, never a page of it. */
export const HEALTH_OUTPUT_MAX = 1000;
const INSPECT_TIMEOUT_MS = 15_000;

interface HealthState {
  Status?: string;
  FailingStreak?: number;
  Log?: { Start?: string; End?: string; ExitCode?: number; Output?: string }[] | null;
}

/** The last probe of `docker inspect --format '{{json .State.Health}}'` (null when the container has no healthcheck). */
export function parseHealthLog(stdout: string): { status: string; output: string; exitCode: number | null } | null {
  const text = stdout.trim();
  if (!text || text === 'null') return null;
  let health: HealthState | null;
  try {
    health = JSON.parse(text) as HealthState | null;
  } catch {
    return null;
  }
  if (!health) return null;
  const last = health.Log?.at(-1);
  return { status: health.Status ?? 'unknown', output: trimOutput(last?.Output ?? ''), exitCode: last?.ExitCode ?? null };
}

export function trimOutput(output: string): string {
  const text = output.trim();
  return text.length > HEALTH_OUTPUT_MAX ? `${text.slice(0, HEALTH_OUTPUT_MAX - 1)}…` : text;
}

/** Swarm names a task's container `<task name>.<task id>` (the full id, as `docker service ps --no-trunc` gives it). */
export function containerNameOf(task: TaskRow): string {
  return `${taskName(task)}.${task.ID}`;
}

export interface HealthLogDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
}

/**
 * The server a task ran on: `docker service ps` names the node by its hostname, which is
 * usually the server's name or SSH host; otherwise a manager's node list maps the hostname to
 * the node id each server recorded when it joined.
 */
async function serverOfNode(deps: HealthLogDeps, node: string): Promise<Server | null> {
  const servers = await deps.prisma.server.findMany({ where: { swarmNodeId: { not: null } } });
  const direct = servers.find((s) => s.name === node || s.hostname === node);
  if (direct) return direct;
  const { result } = await deps.cluster.withManager(async (m) =>
    parseNodes((await deps.shell.runOk(m, deps.shell.docker(m).nodeList(), 'docker node ls', { idempotent: true })).stdout),
  );
  const id = result.find((n) => n.Hostname === node)?.ID;
  return servers.find((s) => s.swarmNodeId === id) ?? null;
}

/**
 * Asks the task's node for its container's health log: one `docker inspect` there. Answers the
 * last probe's output, or null when the node, the container or its health log cannot be had
 * (a failed deployment must still say why it failed, with or without this detail).
 */
export async function taskHealthOutput(deps: HealthLogDeps, task: TaskRow): Promise<string | null> {
  try {
    const server = task.Node ? await serverOfNode(deps, task.Node) : null;
    if (!server) return null;
    const inspect = new RemoteCommand(['docker', 'inspect', '--format', '{{json .State.Health}}', containerNameOf(task)], {
      sudo: deps.shell.needsSudo(server),
    });
    const r = await deps.shell.run(server, inspect, { timeoutMs: INSPECT_TIMEOUT_MS, idempotent: true });
    if (r.code !== 0) return null;
    const health = parseHealthLog(r.stdout);
    return health?.output || null;
  } catch {
    return null;
  }
}

/**
 * A deployment's "Service web is unhealthy: <Docker's task error>" says only that Docker
 * stopped the container; the last health-check output on the task's node says why, so it
 * takes the task error's place. Any other message (or no output to be had) stays as it is.
 */
export async function withHealthCheckOutput(deps: HealthLogDeps, message: string, stack: string, tasks: TaskRow[]): Promise<string> {
  for (const t of tasks) {
    if (!/unhealthy container/i.test(t.Error)) continue;
    const service = taskName(t)
      .replace(/\.[^.]+$/, '')
      .slice(stack.length + 1);
    const said = `Service ${service} is unhealthy: ${taskReason(t.Error)}`;
    if (!message.includes(said)) continue;
    const output = await taskHealthOutput(deps, t);
    return output ? message.replace(said, `Service ${service} is unhealthy: ${output}`) : message;
  }
  return message;
}
