import type { ToStringOptions } from 'yaml';

/**
 * Output options that follow how the pasted file was written, so that re-writing it changes
 * as little as the YAML library allows: indentation width, whether list items are indented
 * under their key, and spaces inside [ flow ] brackets. Long lines are never folded.
 */
export function styleOf(text: string): ToStringOptions {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => ({ indent: line.length - line.trimStart().length, body: line.trim() }));
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  for (let i = 1; i < lines.length && (indent === undefined || indentSeq === undefined); i++) {
    const previous = lines[i - 1];
    const current = lines[i];
    // Only a `key:` line that opens a nested block tells how deep the block is indented.
    if (previous.body.startsWith('-') || !/:\s*(#.*)?$/.test(previous.body)) continue;
    const depth = current.indent - previous.indent;
    if (current.body.startsWith('- ') || current.body === '-') indentSeq ??= depth > 0;
    else if (depth > 0) indent ??= depth;
  }
  const flow = /[:-]\s+[[{]( ?)[^\]}\s]/.exec(text);
  return {
    lineWidth: 0,
    indent: indent ?? 2,
    indentSeq: indentSeq ?? true,
    flowCollectionPadding: flow ? flow[1] === ' ' : false,
    nullStr: '',
  };
}
