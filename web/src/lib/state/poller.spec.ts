import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Poller } from '#lib/state/poller.ts';

/** Lets pending promise callbacks run (fake timers do not advance microtasks). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe(Poller.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should run at once and then after each interval', async () => {
    const task = jest.fn(async () => {});
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    await settle();
    expect(task).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(5);
    poller.stop();
  });

  it('should stop running after stop()', async () => {
    const task = jest.fn(async () => {});
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    await settle();
    poller.stop();
    await jest.advanceTimersByTimeAsync(10_000);

    expect(task).toHaveBeenCalledTimes(1);
    expect(poller.active).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should not schedule again when stopped while the task is running', async () => {
    let finish: () => void = () => {};
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    poller.stop();
    finish();
    await settle();
    await jest.advanceTimersByTimeAsync(5000);

    expect(task).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should never overlap runs: the interval starts when a slow run ends', async () => {
    let running = 0;
    let most = 0;
    const task = jest.fn(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      running -= 1;
    });
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    await jest.advanceTimersByTimeAsync(7000); // 0-2.5 run, 3.5-6 run, 7 third starts

    expect(task).toHaveBeenCalledTimes(3);
    expect(most).toBe(1);
    poller.stop();
  });

  it('should keep polling after a failed run', async () => {
    const task = jest.fn(async () => {
      throw new Error('Mission Control is restarting');
    });
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    await jest.advanceTimersByTimeAsync(2000);

    expect(task).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  it('should skip runs while shouldRun says no, and keep the rhythm', async () => {
    let visible = false;
    const task = jest.fn(async () => {});
    const poller = new Poller({ intervalMs: 1000, task, shouldRun: () => visible });

    poller.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(task).toHaveBeenCalledTimes(0);

    visible = true;
    await jest.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
    poller.stop();
  });

  it('should ignore a second start()', async () => {
    const task = jest.fn(async () => {});
    const poller = new Poller({ intervalMs: 1000, task });

    poller.start();
    poller.start();
    await settle();

    expect(task).toHaveBeenCalledTimes(1);
    poller.stop();
  });
});
