export type DiffRowKind = 'file' | 'hunk' | 'add' | 'remove' | 'context' | 'note';

export interface DiffRow {
  kind: DiffRowKind;
  /** The line without its +, - or space marker. */
  text: string;
  oldLine: number | null;
  newLine: number | null;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * Rows of a unified diff as GET /api/stacks/:id/diff sends it (jsdiff's createTwoFilesPatch:
 * a ==== line, --- and +++ headers, then hunks), numbered on both sides.
 */
export function parseUnifiedDiff(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push({ kind: 'hunk', text: line, oldLine: null, newLine: null });
    } else if (!inHunk) {
      if (/^(---|\+\+\+) /.test(line)) rows.push({ kind: 'file', text: line.slice(4).replace(/\t.*$/, ''), oldLine: null, newLine: null });
    } else if (line.startsWith('+')) {
      rows.push({ kind: 'add', text: line.slice(1), oldLine: null, newLine: newLine++ });
    } else if (line.startsWith('-')) {
      rows.push({ kind: 'remove', text: line.slice(1), oldLine: oldLine++, newLine: null });
    } else if (line.startsWith('\\')) {
      rows.push({ kind: 'note', text: line.slice(1).trim(), oldLine: null, newLine: null });
    } else {
      rows.push({ kind: 'context', text: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return rows;
}

export function diffStats(rows: readonly DiffRow[]): { added: number; removed: number } {
  return {
    added: rows.filter((r) => r.kind === 'add').length,
    removed: rows.filter((r) => r.kind === 'remove').length,
  };
}
