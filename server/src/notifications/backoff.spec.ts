import { describe, expect, it } from '@jest/globals';
import { MAX_ATTEMPTS, nextAttemptAt } from './backoff.js';

describe('nextAttemptAt', () => {
  const t0 = new Date('2026-12-02T03:00:00Z');
  const wait = (attempts: number) => {
    const next = nextAttemptAt(attempts, t0);
    return next ? (next.getTime() - t0.getTime()) / 1000 : null;
  };

  it('should wait 10 s, 1 min, 5 min, then 30 min, each after the failed attempt', () => {
    expect([1, 2, 3, 4].map(wait)).toEqual([10, 60, 300, 1800]);
  });

  it('should give up after the fifth attempt', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    expect(wait(5)).toBeNull();
    expect(wait(9)).toBeNull();
  });
});
