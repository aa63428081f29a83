/**
 * Reads `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`
 * and `$$` the way docker/cli's compose template package does (same pattern, same
 * case-insensitive names). Any other `$` makes the whole value invalid, as it does for Docker.
 */

export type Operator = '' | ':-' | '-' | ':?' | '?';

export interface Reference {
  kind: 'reference';
  name: string;
  operator: Operator;
  /** The default value or the error message, as written. */
  argument: string;
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'escaped' } | Reference;

export type ParsedTemplate = { valid: true; parts: TemplatePart[] } | { valid: false };

// docker/cli: \$(?i:(?P<escaped>\$)|(?P<named>SUB)|{(?P<braced>SUB)}|(?P<invalid>)) with SUB below.
const SUBSTITUTION = '[_a-z][_a-z0-9]*(?::?[-?][^}]*)?';
const PATTERN = new RegExp(`\\$(?:(\\$)|(${SUBSTITUTION})|\\{(${SUBSTITUTION})\\}|())`, 'gi');

export function parseTemplate(value: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of value.matchAll(PATTERN)) {
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: value.slice(last, start) });
    last = start + match[0].length;
    const [, escaped, named, braced] = match;
    if (escaped !== undefined) parts.push({ kind: 'escaped' });
    else if (named !== undefined || braced !== undefined) parts.push(parseReference(named ?? braced));
    else return { valid: false };
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return { valid: true, parts };
}

function parseReference(substitution: string): Reference {
  const name = /^[_a-z][_a-z0-9]*/i.exec(substitution)![0];
  const rest = substitution.slice(name.length);
  const operator: Operator = ([':-', ':?', '-', '?'] as const).find((op) => rest.startsWith(op)) ?? '';
  return { kind: 'reference', name, operator, argument: rest.slice(operator.length) };
}

/** How a reference reads when quoted in a message: `${NAME}` whatever form it was written in. */
export function referenceLabel(reference: Reference): string {
  return `\${${reference.name}}`;
}

export function references(parts: readonly TemplatePart[]): Reference[] {
  return parts.filter((part): part is Reference => part.kind === 'reference');
}
