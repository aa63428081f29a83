export type DeploymentStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out';

export interface DeploymentLike {
  id: string;
  version: number;
  status: DeploymentStatus;
}

export const isSettled = (status: DeploymentStatus): boolean => status === 'succeeded' || status === 'failed' || status === 'timed_out';

/** The deployment still on its way (Mission Control runs one per stack at a time), if any. */
export function activeDeployment<T extends DeploymentLike>(history: readonly T[]): T | undefined {
  return history.find((d) => !isSettled(d.status));
}

/**
 * Versions worth returning to: those that launched successfully, except the newest
 * successful one, which is what runs now.
 */
export function rollbackTargets<T extends DeploymentLike>(history: readonly T[]): Set<string> {
  const succeeded = history.filter((d) => d.status === 'succeeded').sort((a, b) => b.version - a.version);
  return new Set(succeeded.slice(1).map((d) => d.id));
}
