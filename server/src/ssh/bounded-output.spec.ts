import { describe, expect, it } from '@jest/globals';
import { BoundedOutput } from './bounded-output.js';

const collect = (head: number, tail: number, ...chunks: string[]) => {
  const out = new BoundedOutput(head, tail);
  for (const chunk of chunks) out.push(Buffer.from(chunk));
  return out;
};

describe(BoundedOutput.name, () => {
  it('should keep everything that fits, byte for byte', () => {
    const out = collect(8, 4, 'abc', 'defg', 'hij');
    expect(out.toString()).toBe('abcdefghij');
    expect(out.received).toBe(10);
  });

  it('should keep the head and the tail and say how much it left out', () => {
    const out = collect(4, 3, 'head', '-middle-', 'and-', 'end');
    expect(out.toString()).toBe('head\n... 12 bytes left out ...\nend');
    expect(out.received).toBe(19);
  });

  it('should hold at most its bounds however much comes in', () => {
    const out = new BoundedOutput(1024, 1024);
    for (let i = 0; i < 10_000; i++) out.push(Buffer.alloc(1000, 'x'));
    expect(out.received).toBe(10_000_000);
    expect(out.toString().length).toBeLessThan(2048 + 64);
    expect(out.toString()).toContain(`... ${10_000_000 - 2048} bytes left out ...`);
  });

  it('should cut between characters, never inside one', () => {
    // "é" is two bytes, "€" three
    expect(collect(3, 4, 'aé€€', 'b€').toString()).toBe('aé\n... 6 bytes left out ...\nb€');
    // both bounds fall inside a character here: those bytes are counted as left out
    const cut = collect(2, 2, 'aé', 'x€y').toString();
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toBe('a\n... 6 bytes left out ...\ny');
  });
});
