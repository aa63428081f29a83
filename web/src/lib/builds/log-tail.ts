/** A page of a build's log as Mission Control answers GET .../builds/:buildId/log?after=N. */
export interface LogPage {
  lines: string[];
  /** the line number to ask after next time */
  next: number;
  done: boolean;
}

/** Lines the page keeps: a long build's early output is not what anyone scrolls back to. */
export const LOG_KEEP_LINES = 3000;

/**
 * The log of one build as the page has read it so far. Mission Control keeps only a tail of a
 * long log, so a page can start later than the line asked after: those lines are counted as
 * missed, not silently glued together.
 */
export class LogTail {
  lines: string[] = [];
  /** the line number to ask after next */
  next = 0;
  /** lines the page never saw (Mission Control no longer had them) or dropped to stay small */
  missed = 0;
  done = false;

  constructor(private readonly keep = LOG_KEEP_LINES) {}

  /** Adds a page; answers whether anything changed. */
  add(page: LogPage): boolean {
    const first = page.next - page.lines.length;
    // an answer to an older question (a page asked twice) brings nothing new
    if (page.next <= this.next && page.lines.length > 0) return this.#finish(page.done);
    const fresh = first < this.next ? page.lines.slice(this.next - first) : page.lines;
    if (first > this.next) this.missed += first - this.next;
    this.lines = this.lines.concat(fresh);
    if (this.lines.length > this.keep) {
      this.missed += this.lines.length - this.keep;
      this.lines = this.lines.slice(this.lines.length - this.keep);
    }
    const changed = fresh.length > 0 || page.done !== this.done;
    this.next = Math.max(this.next, page.next);
    this.done = page.done;
    return changed;
  }

  #finish(done: boolean): boolean {
    const changed = done !== this.done;
    this.done = done;
    return changed;
  }
}
