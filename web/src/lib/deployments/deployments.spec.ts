import { describe, expect, it } from '@jest/globals';
import { activeDeployment, isSettled, rollbackTargets, type DeploymentLike } from '#lib/deployments/deployments.ts';

const d = (version: number, status: DeploymentLike['status']): DeploymentLike => ({ id: `d${version}`, version, status });

describe(isSettled.name, () => {
  it('should settle on success, failure and timeout only', () => {
    expect(['queued', 'running', 'succeeded', 'failed', 'timed_out'].map((s) => isSettled(s as DeploymentLike['status']))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe(activeDeployment.name, () => {
  it('should find the queued or running deployment', () => {
    expect(activeDeployment([d(3, 'running'), d(2, 'succeeded')])?.id).toBe('d3');
    expect(activeDeployment([d(2, 'failed'), d(1, 'succeeded')])).toBeUndefined();
  });
});

describe(rollbackTargets.name, () => {
  it('should offer every successful version but the newest successful one', () => {
    expect([...rollbackTargets([d(4, 'failed'), d(3, 'succeeded'), d(2, 'timed_out'), d(1, 'succeeded')])]).toEqual(['d1']);
    expect([...rollbackTargets([d(1, 'succeeded')])]).toEqual([]);
  });
});
