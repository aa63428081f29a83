/** An error or warning from POST /api/stacks/validate: 1-based line and column in the pasted file. */
export interface ComposeIssue {
  message: string;
  line: number;
  column: number;
  path: string;
}

/** The part of CodeMirror's Text this needs (so it is testable without an editor). */
export interface DocLines {
  readonly lines: number;
  line(n: number): { from: number; to: number; text: string };
}

export type IssueSeverity = 'error' | 'warning';

/** A range in the document, the shape @codemirror/lint's Diagnostic wants. */
export interface IssueRange {
  from: number;
  to: number;
  severity: IssueSeverity;
  message: string;
}

/**
 * Marks from the issue's column to the end of the line's text (trailing spaces excluded),
 * so the underline covers the offending key or value. Lines and columns out of range (the
 * document changed, or an issue about the end of the file) are clamped into it.
 */
export function issueRange(doc: DocLines, issue: ComposeIssue, severity: IssueSeverity): IssueRange {
  const number = Math.min(Math.max(1, Math.trunc(issue.line) || 1), doc.lines);
  const line = doc.line(number);
  const textEnd = line.from + line.text.replace(/\s+$/, '').length;
  let from = Math.min(line.from + Math.max(0, (Math.trunc(issue.column) || 1) - 1), textEnd);
  // A column past the text (an issue about a missing value) marks the whole line instead.
  if (from === textEnd) from = line.from + (line.text.length - line.text.trimStart().length);
  const to = Math.max(from, textEnd);
  return { from: Math.min(from, to), to, severity, message: issue.message };
}

export function issueRanges(doc: DocLines, errors: readonly ComposeIssue[], warnings: readonly ComposeIssue[]): IssueRange[] {
  return [...errors.map((e) => issueRange(doc, e, 'error')), ...warnings.map((w) => issueRange(doc, w, 'warning'))].sort(
    (a, b) => a.from - b.from || a.to - b.to,
  );
}

/** Issues about the stack's name (line 1, no path) belong next to the name field, not in the file. */
export function isNameIssue(issue: ComposeIssue): boolean {
  return issue.path === '' && issue.message.startsWith('Stack name:');
}
