import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  let scheduler: Scheduler;
  beforeEach(() => {
    jest.useFakeTimers();
    scheduler = new Scheduler();
  });
  afterEach(() => {
    scheduler.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('should run each schedule once per its own interval, the first time one interval after start', async () => {
    const runs: string[] = [];
    scheduler.add({ name: 'fast', everySeconds: 5, run: async () => void runs.push('fast') });
    scheduler.add({ name: 'slow', everySeconds: 15, run: async () => void runs.push('slow') });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(4_999);
    expect(runs).toEqual([]);
    await jest.advanceTimersByTimeAsync(10_001);
    expect(runs.filter((r) => r === 'fast')).toHaveLength(3);
    expect(runs.filter((r) => r === 'slow')).toHaveLength(1);
  });

  it('should skip a tick while the last run of that schedule is still going, and take the next one after', async () => {
    let release = () => {};
    let started = 0;
    scheduler.add({
      name: 'long',
      everySeconds: 1,
      run: () => {
        started++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
    release();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
  });

  it('should keep running after a run failed', async () => {
    let calls = 0;
    scheduler.add({
      name: 'flaky',
      everySeconds: 2,
      run: async () => {
        calls++;
        throw new Error('the server went away');
      },
    });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(6_000);
    expect(calls).toBe(3);
  });

  it('should stop every timer on shutdown, and refuse an interval that is not a positive whole number of seconds', async () => {
    let calls = 0;
    scheduler.add({ name: 'x', everySeconds: 1, run: async () => void calls++ });
    scheduler.start();
    scheduler.start(); // twice: still one timer
    await jest.advanceTimersByTimeAsync(2_000);
    scheduler.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
    expect(() => scheduler.add({ name: 'y', everySeconds: 0.5, run: async () => {} })).toThrow(
      'everySeconds must be a positive whole number',
    );
  });
});
