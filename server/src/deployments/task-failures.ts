import { registryOf } from '../registries/image-reference.js';
import { taskName, taskState, type TaskRow } from '../swarm/docker-output.js';

/**
 * Two tasks of a slot in a row that failed the same way: Swarm's restart reproduced the failure,
 * so it is not a hiccup of one start. Any reasons, this many in a row: a crash loop all the same.
 */
export const SAME_REASON_RUN = 2;
export const ANY_REASON_RUN = 3;

const FAILED_STATES = new Set(['failed', 'rejected']);
/** Desired states of a task Swarm is still starting (a restart waits in "ready" for its delay). */
const COMING_STATES = new Set(['running', 'ready', 'accepted', 'new', 'pending', 'assigned']);

/**
 * Docker's own words for a task's failure, without what differs from one task to the next:
 * `docker service ps --no-trunc` quotes the error Go-style (%q), and OCI runtime errors carry
 * container and task ids (64 hex digits, uuids, Swarm's 25-character ids) that change with
 * every restart.
 */
export function taskReason(error: string): string {
  let text = error.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      text = JSON.parse(text) as string;
    } catch {
      // Go's %q has escapes JSON lacks (\x..): the quotes are all we need to drop
      text = text.slice(1, -1).replaceAll('\\"', '"');
    }
  }
  return withPullExplained(
    text
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
      // an image digest (sha256:…) and a tag (…:<commit sha>, as built images are tagged) name what to pull: they stay
      .replace(/(?<!sha256:|:)\b[0-9a-f]{12,}\b/gi, '<id>')
      // Swarm's own task, service and node ids: 25 lowercase letters and digits
      .replace(/\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{25}\b/g, '<id>')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * Swarm on Docker 26 reports every failed pull the same way: the task is rejected with
 * `No such image: <image>` (measured with `docker stack deploy --with-registry-auth
 * --resolve-image always` against a private Distribution 2.8 registry, for a tag that is not
 * there as for a node that got no credential). The registry's own answer goes only to the
 * node's Docker log ("pulling image failed", `manifest for <image> not found: manifest
 * unknown: manifest unknown`, or `Head "https://<registry>/v2/<repo>/manifests/<tag>": no
 * basic auth credentials`), where Mission Control cannot read it. For an image from a
 * registry, Docker's words stay and the two causes are said in plain words after them.
 */
function withPullExplained(reason: string): string {
  const image = /^No such image: (\S+)$/.exec(reason)?.[1];
  if (!image || !image.includes('/')) return reason;
  const registry = registryOf(image);
  // a local image (the test bed's local/busybox:1) or Docker Hub: no private registry to check
  if (registry === 'docker.io') return reason;
  return (
    `${reason} (the node could not pull it from ${registry}: either the tag is not in the registry ` +
    `(Docker logs "manifest unknown"), or the registry refused the node ("no basic auth credentials"). ` +
    `Check that ${image} was pushed, and that Registries holds a credential for ${registry})`
  );
}

/** What one slot's tasks (newest first, as docker lists them) say about failure. */
export type SlotFailure =
  | { kind: 'none' }
  /** a task waits with an error (no node can take it): no new task comes by itself */
  | { kind: 'stuck'; reason: string }
  /** the newest tasks failed; `restarting` when Swarm is starting another one */
  | { kind: 'failed'; reasons: string[]; restarting: boolean };

/**
 * Reads one slot: the run of failed tasks from the newest one back, skipping the task Swarm is
 * starting in their place. Tasks listed in `earlier` existed before this deployment and are
 * history: they stop the run, so an old version's failures never count against the new one.
 */
export function slotFailure(slot: TaskRow[], earlier: ReadonlySet<string> = new Set()): SlotFailure {
  let i = 0;
  let restarting = false;
  for (; i < slot.length && COMING_STATES.has(slot[i].DesiredState.toLowerCase()) && !FAILED_STATES.has(taskState(slot[i])); i++) {
    if (slot[i].Error.trim() && taskState(slot[i]) === 'pending') return { kind: 'stuck', reason: taskReason(slot[i].Error) };
    restarting = true;
  }
  const reasons: string[] = [];
  for (; i < slot.length && FAILED_STATES.has(taskState(slot[i])) && !earlier.has(slot[i].ID); i++) {
    reasons.push(taskReason(slot[i].Error) || `the task ${taskState(slot[i])} without saying why`);
  }
  return reasons.length ? { kind: 'failed', reasons, restarting } : { kind: 'none' };
}

/** A service's tasks by slot ("web.1", or "web.<node id>" for a global service), newest first. */
export function slotsOf(service: string, tasks: TaskRow[]): TaskRow[][] {
  const slots = new Map<string, TaskRow[]>();
  for (const t of tasks) {
    const name = taskName(t);
    if (!name.startsWith(`${service}.`)) continue;
    slots.set(name, [...(slots.get(name) ?? []), t]);
  }
  return [...slots.values()];
}

/** Failed for good: Swarm reproduced the failure, keeps looping, or starts no more tasks. */
export function crashLoop(f: SlotFailure & { kind: 'failed' }): 'looping' | 'given-up' | null {
  if (!f.restarting) return 'given-up';
  const latest = f.reasons.slice(0, SAME_REASON_RUN);
  if (latest.length === SAME_REASON_RUN && latest.every((r) => r === latest[0])) return 'looping';
  return f.reasons.length >= ANY_REASON_RUN ? 'looping' : null;
}
