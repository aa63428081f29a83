export interface LogLine {
  task: string;
  node: string;
  time: string | null;
  message: string;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s?/;
const PREFIX = /^(\S+)@(\S+?)\s*\|\s?/;

/**
 * One line of `docker service logs --timestamps`: "<task>.<slot>.<id>@<node>    | <time> <msg>"
 * (the CLI has printed the timestamp on either side of the prefix across versions).
 */
export function parseLogLine(raw: string): LogLine {
  let rest = raw;
  let time: string | null = null;
  const before = TIMESTAMP.exec(rest);
  if (before) {
    time = before[1];
    rest = rest.slice(before[0].length);
  }
  const prefix = PREFIX.exec(rest);
  if (!prefix) return { task: '', node: '', time, message: rest };
  rest = rest.slice(prefix[0].length);
  const after = time ? null : TIMESTAMP.exec(rest);
  if (after) {
    time = after[1];
    rest = rest.slice(after[0].length);
  }
  return { task: prefix[1], node: prefix[2], time, message: rest };
}

/** Splits a stream into whole lines, keeping the unfinished tail for the next chunk. */
const MAX_LINE_CHARS = 64 * 1024;

export class LineSplitter {
  private tail = '';

  push(chunk: string): string[] {
    const parts = (this.tail + chunk).split('\n');
    this.tail = parts.pop() ?? '';
    // output that never ends a line is passed on in pieces instead of held without bound
    if (this.tail.length > MAX_LINE_CHARS) {
      parts.push(this.tail);
      this.tail = '';
    }
    return parts.map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  }

  flush(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest ? [rest] : [];
  }
}
