/** How much of a build's output Build.log keeps: the newest lines, each cut to a length. */
export const LOG_KEEP_LINES = 2000;
export const LOG_LINE_MAX_CHARS = 2000;
/** Build.log is written at most this often while a build runs (SQLite is shared with everything else). */
export const LOG_FLUSH_MS = 1000;

/**
 * A build's output as lines: chunks cut anywhere (an SSH window ends mid-line) are joined, a
 * carriage return (a progress bar redrawn) keeps the text after it, the newest LOG_KEEP_LINES
 * are kept and `total` counts every line, so a reader can ask for "lines after N" of the whole.
 */
export class BuildLog {
  private lines: string[] = [];
  private partial = '';
  private decoder = new TextDecoder('utf-8');
  total = 0;

  constructor(
    private readonly keep = LOG_KEEP_LINES,
    private readonly maxChars = LOG_LINE_MAX_CHARS,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const parts = text.split('\n');
    this.partial = parts.pop()!;
    for (const part of parts) this.add(part);
  }

  /** A line of our own (a warning, a step), between the builder's lines. */
  note(line: string): void {
    this.end();
    this.add(line);
  }

  /** The command ended: its last line may have had no newline. */
  end(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest !== '') this.add(rest);
  }

  private add(raw: string): void {
    const afterReturn = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const line = afterReturn.slice(afterReturn.lastIndexOf('\r') + 1);
    this.lines.push(line.length > this.maxChars ? `${line.slice(0, this.maxChars)} …` : line);
    this.total++;
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  /** What Build.log stores. */
  text(): string {
    return this.lines.join('\n');
  }
}

/** Lines after line `after` (0: from the start) of a log that kept its last lines of `total`. */
export function linesAfter(stored: string, total: number, after: number): { lines: string[]; next: number } {
  const kept = stored === '' && total === 0 ? [] : stored.split('\n');
  const first = total - kept.length;
  const from = Math.max(after, first);
  return { lines: kept.slice(from - first), next: Math.max(total, after) };
}

/**
 * Calls `flush` at most once per interval while output keeps coming, and once more at the end,
 * so the last lines are never left unwritten; flushes never overlap.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly flush: () => Promise<void>,
    private readonly intervalMs = LOG_FLUSH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  poke(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  private run(): void {
    this.last = this.now();
    this.running = this.running.then(this.flush).catch(() => undefined);
  }

  /** Writes what is pending now and waits for every write. */
  async done(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.run();
    await this.running;
  }
}
