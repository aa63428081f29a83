import { describe, expect, it } from '@jest/globals';
import { ChannelLimiter } from './channel-limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

describe(ChannelLimiter.name, () => {
  it('should grant up to the limit at once and queue the rest in order', async () => {
    const limiter = new ChannelLimiter(2);
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const third = limiter.acquire().then((r) => (order.push(3), r));
    const fourth = limiter.acquire().then((r) => (order.push(4), r));
    await tick();
    expect([limiter.activeCount, limiter.queuedCount]).toEqual([2, 2]);

    releases[0]();
    (await third)();
    releases[1]();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(limiter.peakActive).toBe(2);
  });

  it('should ignore a second release of the same slot', async () => {
    const limiter = new ChannelLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.activeCount).toBe(0);
    await limiter.acquire();
    expect(limiter.activeCount).toBe(1);
  });

  it('should take an aborted waiter out of the queue', async () => {
    const limiter = new ChannelLimiter(1);
    const release = await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(limiter.queuedCount).toBe(0);
    release();
    expect(limiter.activeCount).toBe(0);
  });

  it('should reject everyone waiting when told the slots are gone', async () => {
    const limiter = new ChannelLimiter(1);
    await limiter.acquire();
    const waiting = [limiter.acquire(), limiter.acquire()];
    limiter.failWaiting(new Error('connection lost'));
    for (const w of waiting) await expect(w).rejects.toThrow('connection lost');
  });

  it('should queue beyond a lowered limit', async () => {
    const limiter = new ChannelLimiter(3);
    const first = await limiter.acquire();
    await limiter.acquire();
    limiter.lowerLimit(1);
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    first();
    await tick();
    expect(granted).toBe(false);
    expect(limiter.max).toBe(1);
  });
});
