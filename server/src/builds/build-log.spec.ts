import { jest } from '@jest/globals';
import { BuildLog, linesAfter, Throttle } from './build-log.js';

describe(BuildLog.name, () => {
  it('should join lines cut across chunks, even inside a UTF-8 character, and keep a last line without a newline', () => {
    const log = new BuildLog();
    const bytes = Buffer.from('#1 [1/2] FROM bäse\n#1 DO');
    log.push(bytes.subarray(0, 16)); // cuts "ä" in half
    log.push(bytes.subarray(16));
    log.push('NE 0.1s\nlast');
    expect(log.total).toBe(2);
    log.end();
    expect(log.text()).toBe('#1 [1/2] FROM bäse\n#1 DONE 0.1s\nlast');
    expect(log.total).toBe(3);
  });

  it('should keep only the newest lines, count them all, and cut a very long line', () => {
    const log = new BuildLog(3, 10);
    for (let i = 1; i <= 5; i++) log.push(`line ${i}\n`);
    log.push(`${'x'.repeat(25)}\n`);
    expect(log.total).toBe(6);
    expect(log.text()).toBe(`line 4\nline 5\n${'x'.repeat(10)} …`);
  });

  it('should keep what a carriage return redraws last, and put a note of ours on a line of its own', () => {
    const log = new BuildLog();
    log.push('10%\r50%\r100%\r\npartial');
    log.note('Pushing x.');
    expect(log.text()).toBe('100%\npartial\nPushing x.');
  });
});

describe(linesAfter.name, () => {
  it('should answer the lines after N of the whole log, from what the tail kept', () => {
    // 10 lines in all, the last 3 kept (lines 8, 9, 10)
    expect(linesAfter('l8\nl9\nl10', 10, 0)).toEqual({ lines: ['l8', 'l9', 'l10'], next: 10 });
    expect(linesAfter('l8\nl9\nl10', 10, 8)).toEqual({ lines: ['l9', 'l10'], next: 10 });
    expect(linesAfter('l8\nl9\nl10', 10, 10)).toEqual({ lines: [], next: 10 });
    expect(linesAfter('l8\nl9\nl10', 10, 14)).toEqual({ lines: [], next: 14 });
    expect(linesAfter('', 0, 0)).toEqual({ lines: [], next: 0 });
  });
});

describe(Throttle.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should flush at most once per interval while output comes, and once more at the end', async () => {
    jest.useFakeTimers({ now: 0 });
    const flushed: number[] = [];
    const throttle = new Throttle(async () => void flushed.push(Date.now()), 1000);
    for (let t = 0; t < 2500; t += 100) {
      throttle.poke();
      await jest.advanceTimersByTimeAsync(100);
    }
    expect(flushed).toEqual([0, 1000, 2000]);
    await throttle.done();
    expect(flushed).toEqual([0, 1000, 2000, 2500]);
  });
});
