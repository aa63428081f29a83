/**
 * Waits after each failed attempt: a receiver that restarts is back within a minute, one
 * that is down for maintenance within the hour. After the last wait's attempt fails too,
 * the delivery is given up (failed) and shows why.
 */
export const RETRY_DELAYS_SECONDS = [10, 60, 300, 1800] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** When to try again after `attempts` attempts have failed, or null to give up. */
export function nextAttemptAt(attempts: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay * 1000);
}
