import { describe, expect, it } from '@jest/globals';
import { Text } from '@codemirror/state';
import { isNameIssue, issueRange, issueRanges, type ComposeIssue } from '#lib/compose/diagnostics.ts';

const file = ['services:', '  cache:', '    imag: local/busybox:1   ', '', '  web:'].join('\n');
const doc = Text.of(file.split('\n'));
const issue = (line: number, column: number, message = 'm'): ComposeIssue => ({ line, column, message, path: 'services.cache.imag' });
const marked = (r: { from: number; to: number }) => file.slice(r.from, r.to);

describe(issueRange.name, () => {
  it('should mark from the column to the end of the text on that line', () => {
    const range = issueRange(doc, issue(3, 5, 'Unknown key `imag`'), 'error');
    expect(marked(range)).toBe('imag: local/busybox:1');
    expect(range).toMatchObject({ severity: 'error', message: 'Unknown key `imag`' });
    expect(doc.lineAt(range.from).number).toBe(3);
  });

  it('should mark the indented text when the column is past the end of the line', () => {
    expect(marked(issueRange(doc, issue(2, 40), 'warning'))).toBe('cache:');
  });

  it('should clamp lines beyond the document to its last line, and below 1 to the first', () => {
    expect(marked(issueRange(doc, issue(99, 3), 'error'))).toBe('web:');
    expect(marked(issueRange(doc, issue(0, 1), 'error'))).toBe('services:');
  });

  it('should give an empty line an empty range at its start', () => {
    const range = issueRange(doc, issue(4, 1), 'error');
    expect(range.from).toBe(range.to);
    expect(range.from).toBe(doc.line(4).from);
  });
});

describe(issueRanges.name, () => {
  it('should return errors and warnings in document order', () => {
    const ranges = issueRanges(doc, [issue(3, 5, 'e')], [issue(1, 1, 'w')]);
    expect(ranges.map((r) => [r.severity, r.message])).toEqual([
      ['warning', 'w'],
      ['error', 'e'],
    ]);
  });
});

describe(isNameIssue.name, () => {
  it('should recognise the stack name issue only', () => {
    expect(isNameIssue({ message: 'Stack name: A stack name cannot contain spaces', line: 1, column: 1, path: '' })).toBe(true);
    expect(isNameIssue({ message: 'YAML syntax error: bad', line: 1, column: 1, path: '' })).toBe(false);
  });
});
