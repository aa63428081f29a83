import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Debouncer } from '#lib/state/debounce.ts';

describe(Debouncer.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should run once, after the last schedule', () => {
    const run = jest.fn();
    const debouncer = new Debouncer(400, run);
    debouncer.schedule();
    jest.advanceTimersByTime(300);
    debouncer.schedule();
    jest.advanceTimersByTime(399);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(debouncer.pending).toBe(false);
  });

  it('should run a pending call at once on flush, and nothing after cancel', () => {
    const run = jest.fn();
    const debouncer = new Debouncer(400, run);
    debouncer.flush();
    expect(run).not.toHaveBeenCalled();
    debouncer.schedule();
    debouncer.flush();
    expect(run).toHaveBeenCalledTimes(1);
    debouncer.schedule();
    debouncer.cancel();
    jest.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
