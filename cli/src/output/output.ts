import type { Writable } from 'node:stream';

/**
 * Where a command's answer goes: one JSON document with --json (for jq and pipelines), else
 * lines for people. Progress and errors go to stderr, so stdout stays the answer.
 */
export class Output {
  constructor(
    readonly json: boolean,
    readonly stdout: Writable & { isTTY?: boolean } = process.stdout,
    readonly stderr: Writable & { isTTY?: boolean } = process.stderr,
  ) {}

  /** The answer: `data` as JSON, or what `human` makes of it. */
  result<T>(data: T, human: (data: T) => string | string[]): void {
    if (this.json) {
      this.stdout.write(JSON.stringify(data, null, 2) + '\n');
      return;
    }
    const text = human(data);
    const lines = Array.isArray(text) ? text : [text];
    if (lines.length > 0) this.stdout.write(lines.join('\n') + '\n');
  }

  /** A remark for people (never in --json's stdout). */
  note(line: string): void {
    this.stderr.write(line + '\n');
  }

  get interactive(): boolean {
    return !this.json && this.stderr.isTTY === true;
  }
}

/** Columns padded to their widest cell; a header row first. */
export function table(header: string[], rows: Array<Array<string | number | null | undefined>>): string[] {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined || c === '' ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** "3 minutes ago" style, for lists people skim. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 0) return 'in ' + span(-s);
  return span(s) + ' ago';
}

function span(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
