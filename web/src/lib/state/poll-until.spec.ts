import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PollUntil } from '#lib/state/poll-until.ts';

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe(PollUntil.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should run every interval until the task says it is finished, then stop by itself', async () => {
    let rounds = 0;
    const task = jest.fn(async () => ++rounds >= 3);
    const poll = new PollUntil({ intervalMs: 1000, task });

    poll.start();
    await settle();
    await jest.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(2);
    expect(poll.active).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(task).toHaveBeenCalledTimes(3);
    expect(poll.finished).toBe(true);
    expect(poll.active).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should stop when asked before it finished', async () => {
    const task = jest.fn(async () => false);
    const poll = new PollUntil({ intervalMs: 1000, task });

    poll.start();
    await settle();
    poll.stop();
    await jest.advanceTimersByTimeAsync(5000);

    expect(task).toHaveBeenCalledTimes(1);
    expect(poll.finished).toBe(false);
  });

  it('should keep polling after a round that failed', async () => {
    let rounds = 0;
    const poll = new PollUntil({
      intervalMs: 1000,
      task: async () => {
        rounds += 1;
        if (rounds === 1) throw new Error('network');
        return true;
      },
    });

    poll.start();
    await settle();
    await jest.advanceTimersByTimeAsync(1000);

    expect(rounds).toBe(2);
    expect(poll.finished).toBe(true);
  });
});
