/**
 * How often the converge step looks at a stack, and how long a stuck problem must last before
 * it ends the deployment.
 */

/** The usual pause between looks: three docker commands on a manager each time. */
export const POLL_MS = 2000;
/**
 * Most services run a second or two after `docker stack deploy`: looking every half second
 * for the first five saves up to a poll interval on every deploy, for a few more commands.
 */
export const QUICK_LOOK_MS = 500;
export const QUICK_FOR_MS = 5000;
/** A stuck problem (no node can take a task) must last this long: Swarm may still place it. */
export const STUCK_FOR_MS = 2000;

/** The pause before the next look, `sinceDeployMs` after docker stack deploy accepted the stack. */
export function lookInterval(sinceDeployMs: number): number {
  return sinceDeployMs < QUICK_FOR_MS ? QUICK_LOOK_MS : POLL_MS;
}

/** The same stuck problem, seen on every look since it first showed. */
export class StuckWatch {
  private since: { at: number; message: string } | null = null;

  /** One look's stuck problem, or null when it showed none; true once the same one lasted STUCK_FOR_MS. */
  lasted(message: string | null, now: number): boolean {
    if (message === null) {
      this.since = null;
      return false;
    }
    if (this.since?.message !== message) this.since = { at: now, message };
    return now - this.since.at >= STUCK_FOR_MS;
  }
}
