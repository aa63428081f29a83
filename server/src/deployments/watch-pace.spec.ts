import { describe, expect, it } from '@jest/globals';
import { lookInterval, POLL_MS, QUICK_FOR_MS, QUICK_LOOK_MS, STUCK_FOR_MS, StuckWatch } from './watch-pace.js';

describe('lookInterval', () => {
  it('should look quickly right after the deploy, then at the usual interval', () => {
    expect(lookInterval(0)).toBe(QUICK_LOOK_MS);
    expect(lookInterval(QUICK_FOR_MS - 1)).toBe(QUICK_LOOK_MS);
    expect(lookInterval(QUICK_FOR_MS)).toBe(POLL_MS);
    expect(QUICK_LOOK_MS).toBeLessThan(POLL_MS);
  });
});

describe(StuckWatch.name, () => {
  it('should call a stuck problem only once the same one lasted, however many looks saw it', () => {
    const w = new StuckWatch();
    expect(w.lasted('no suitable node', 0)).toBe(false);
    expect(w.lasted('no suitable node', 500)).toBe(false); // a quick look: Swarm may still place it
    expect(w.lasted('no suitable node', STUCK_FOR_MS - 1)).toBe(false);
    expect(w.lasted('no suitable node', STUCK_FOR_MS)).toBe(true);
  });

  it('should start again when the problem changed or a look saw none', () => {
    const w = new StuckWatch();
    w.lasted('no suitable node', 0);
    expect(w.lasted('insufficient memory', STUCK_FOR_MS)).toBe(false);
    expect(w.lasted(null, STUCK_FOR_MS + 100)).toBe(false);
    expect(w.lasted('insufficient memory', 2 * STUCK_FOR_MS)).toBe(false);
    expect(w.lasted('insufficient memory', 3 * STUCK_FOR_MS)).toBe(true);
  });
});
