import { describe, expect, it } from '@jest/globals';
import { LogTail } from './log-tail.ts';

describe(LogTail.name, () => {
  it('should append each page and ask after its last line next', () => {
    const tail = new LogTail();
    expect(tail.add({ lines: ['#1 [internal] load build definition', '#1 DONE 0.0s'], next: 2, done: false })).toBe(true);
    expect(tail.add({ lines: ['#2 [1/3] FROM base'], next: 3, done: false })).toBe(true);

    expect(tail.lines).toEqual(['#1 [internal] load build definition', '#1 DONE 0.0s', '#2 [1/3] FROM base']);
    expect(tail.next).toBe(3);
    expect(tail.done).toBe(false);
    expect(tail.missed).toBe(0);
  });

  it('should report an empty page as no change until the build ends', () => {
    const tail = new LogTail();
    tail.add({ lines: ['a'], next: 1, done: false });
    expect(tail.add({ lines: [], next: 1, done: false })).toBe(false);
    expect(tail.add({ lines: [], next: 1, done: true })).toBe(true);
    expect(tail.done).toBe(true);
  });

  it('should not repeat lines when an older page arrives again or overlaps', () => {
    const tail = new LogTail();
    tail.add({ lines: ['a', 'b'], next: 2, done: false });
    expect(tail.add({ lines: ['a', 'b'], next: 2, done: false })).toBe(false);
    tail.add({ lines: ['b', 'c'], next: 3, done: false });
    expect(tail.lines).toEqual(['a', 'b', 'c']);
  });

  it('should count lines Mission Control no longer kept instead of joining across the gap', () => {
    const tail = new LogTail();
    tail.add({ lines: ['a'], next: 1, done: false });
    tail.add({ lines: ['x', 'y'], next: 10, done: false });
    expect(tail.lines).toEqual(['a', 'x', 'y']);
    expect(tail.missed).toBe(7);
  });

  it('should keep only the newest lines and count the ones it let go', () => {
    const tail = new LogTail(3);
    tail.add({ lines: ['1', '2', '3', '4', '5'], next: 5, done: true });
    expect(tail.lines).toEqual(['3', '4', '5']);
    expect(tail.missed).toBe(2);
  });
});
