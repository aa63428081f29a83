import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MetricsRange } from '#lib/metrics/metrics.types.ts';
import { RangeRefresher } from '#lib/metrics/range-refresher.ts';

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(options: { isVisible?: () => boolean; liveIntervalSeconds?: number } = {}) {
  const calls: { range: MetricsRange; live: boolean }[] = [];
  const applied: string[] = [];
  const fetch = jest.fn(async (range: MetricsRange, live: boolean) => {
    calls.push({ range, live });
    return `${range}#${calls.length}`;
  });
  const refresher = new RangeRefresher({ fetch, apply: (value) => applied.push(value), ...options });
  return { refresher, calls, applied, fetch };
}

describe(RangeRefresher.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('start', () => {
    it('should read 1 h at once with live=1 and again every live interval', async () => {
      const { refresher, calls } = setup({ liveIntervalSeconds: 5 });

      refresher.start();
      await settle();
      expect(calls).toEqual([{ range: '1h', live: true }]);

      await jest.advanceTimersByTimeAsync(15_000);
      expect(calls).toHaveLength(4);
      expect(calls.every((c) => c.live)).toBe(true);
      refresher.stop();
    });

    it('should not ask while the tab is hidden', async () => {
      let visible = false;
      const { refresher, calls } = setup({ isVisible: () => visible });

      refresher.start();
      await jest.advanceTimersByTimeAsync(20_000);
      expect(calls).toHaveLength(0);

      visible = true;
      await jest.advanceTimersByTimeAsync(5000);
      expect(calls).toHaveLength(1);
      refresher.stop();
    });
  });

  describe('stop', () => {
    it('should leave no timer behind and ask no more', async () => {
      const { refresher, calls } = setup();

      refresher.start();
      await settle();
      refresher.stop();
      await jest.advanceTimersByTimeAsync(60_000);

      expect(calls).toHaveLength(1);
      expect(refresher.running).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should drop an answer that arrives after the page left', async () => {
      let release: (value: string) => void = () => {};
      const applied: string[] = [];
      const refresher = new RangeRefresher({
        fetch: () => new Promise<string>((resolve) => (release = resolve)),
        apply: (value) => applied.push(value),
      });

      refresher.start();
      refresher.stop();
      release('late');
      await settle();

      expect(applied).toEqual([]);
    });
  });

  describe('setRange', () => {
    it('should read the new range at once, without live, on its own rhythm', async () => {
      const { refresher, calls, applied } = setup();
      refresher.start();
      await settle();

      refresher.setRange('24h');
      await settle();
      expect(calls[1]).toEqual({ range: '24h', live: false });
      expect(applied).toEqual(['1h#1', '24h#2']);

      await jest.advanceTimersByTimeAsync(59_000);
      expect(calls).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(1000);
      expect(calls).toHaveLength(3);
      refresher.stop();
    });

    it('should drop a slow answer for the range shown before', async () => {
      const pending: ((value: string) => void)[] = [];
      const applied: string[] = [];
      const refresher = new RangeRefresher({
        fetch: (range) => new Promise<string>((resolve) => pending.push(() => resolve(range))),
        apply: (value) => applied.push(value),
      });
      refresher.start();
      refresher.setRange('7d');

      pending[1]?.('7d');
      pending[0]?.('1h');
      await settle();

      expect(applied).toEqual(['7d']);
      refresher.stop();
    });

    it('should not start a stopped refresher', async () => {
      const { refresher, calls } = setup();

      refresher.setRange('7d');
      await jest.advanceTimersByTimeAsync(1000);

      expect(calls).toHaveLength(0);
      expect(refresher.range).toBe('7d');
    });
  });

  describe('setLiveInterval', () => {
    it("should follow Mission Control's live interval on 1 h", async () => {
      const { refresher, calls } = setup({ liveIntervalSeconds: 5 });
      refresher.start();
      await settle();

      refresher.setLiveInterval(2);
      await settle();
      await jest.advanceTimersByTimeAsync(4000);

      // 1 at start, 1 on the restart, 2 more at 2 s and 4 s
      expect(calls).toHaveLength(4);
      refresher.stop();
    });
  });
});
