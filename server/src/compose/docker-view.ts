import { capitalise, describePlace, formatPath, type PathSegment } from './document-path.js';
import { castKindAt, castKindWords, castText } from './type-casts.js';
import type { ComposeIssue } from './types.js';
import { parseTemplate, referenceLabel, references, type TemplatePart } from './variable-template.js';
import type { Position, TreeMap, TreeNode } from './yaml-source.js';

/**
 * The document as `docker stack deploy` would see it once variables are substituted, each value
 * still knowing where it was written. A value that depends on a stored secret (or on a variable
 * we already reported) is `unknown`: checks must not judge it by its stand-in.
 */
export type ViewNode = ViewScalar | ViewMap | ViewSeq;

export interface ViewScalar {
  kind: 'scalar';
  value: unknown;
  /** The value as written, before substitution. */
  written: unknown;
  /** The characters of a plain scalar as typed (`yes`, `0755`), when the parser kept them. */
  source: string | null;
  unknown: boolean;
  pos: Position;
}

export interface ViewEntry {
  key: string;
  keyPos: Position;
  value: ViewNode;
}

export interface ViewMap {
  kind: 'map';
  entries: ViewEntry[];
  byKey: Map<string, ViewEntry>;
  /** For a mapping that is the value of a key, where that key is written. */
  pos: Position;
}

export interface ViewSeq {
  kind: 'seq';
  items: ViewNode[];
  /** For a list that is the value of a key, where that key is written. */
  pos: Position;
}

export interface DockerView {
  root: ViewMap;
  errors: ComposeIssue[];
}

/** Our extension is removed before Docker sees the file, so Docker never substitutes in it. */
export const EXTENSION_KEY = 'x-otternauts';

export function buildDockerView(root: TreeMap, secretNames: ReadonlySet<string>): DockerView {
  const errors: ComposeIssue[] = [];
  const reported = new Set<string>();
  const report = (message: string, pos: Position, path: readonly PathSegment[]) => {
    const id = `${pos.line}:${pos.column}:${message}`;
    if (reported.has(id)) return;
    reported.add(id);
    errors.push({ message, ...pos, path: formatPath(path) });
  };

  const walk = (node: TreeNode, path: PathSegment[], substitute: boolean): ViewNode => {
    if (node.kind === 'map') {
      const entries = node.entries.map((entry) => {
        const value = walk(entry.value, [...path, entry.key], substitute && entry.key !== EXTENSION_KEY);
        // A mapping or list is reported at its key: `depends_on:` rather than its first item.
        return { key: entry.key, keyPos: entry.keyPos, value: value.kind === 'scalar' ? value : { ...value, pos: entry.keyPos } };
      });
      return { kind: 'map', entries, byKey: new Map(entries.map((e) => [e.key, e])), pos: node.pos };
    }
    if (node.kind === 'seq') {
      return { kind: 'seq', items: node.items.map((item, i) => walk(item, [...path, i], substitute)), pos: node.pos };
    }
    const scalar: ViewScalar = {
      kind: 'scalar',
      value: node.value,
      written: node.value,
      source: node.node?.source ?? null,
      unknown: false,
      pos: node.pos,
    };
    if (!substitute || typeof node.value !== 'string' || !node.value.includes('$')) return scalar;
    return substituteScalar(scalar, node.value, path, secretNames, report);
  };

  return { root: walk(root, [], true) as ViewMap, errors };
}

function substituteScalar(
  scalar: ViewScalar,
  written: string,
  path: readonly PathSegment[],
  secretNames: ReadonlySet<string>,
  report: (message: string, pos: Position, path: readonly PathSegment[]) => void,
): ViewScalar {
  const template = parseTemplate(written);
  if (!template.valid) {
    report(`Invalid use of $ in ${describePlace(path)}: write $$ for a dollar sign, or \${NAME} for a variable.`, scalar.pos, path);
    return { ...scalar, unknown: true };
  }
  let unknown = false;
  for (const reference of references(template.parts)) {
    if (secretNames.has(reference.name)) {
      unknown = true;
    } else if (reference.operator === '' || reference.operator === '?' || reference.operator === ':?') {
      const note = reference.argument ? ` (the file says: ${reference.argument})` : '';
      report(`${referenceLabel(reference)} is not a stored secret: add it under Secrets or write the value${note}.`, scalar.pos, path);
      unknown = true;
    }
  }
  const cast = castKindAt(path);
  if (unknown) {
    // A stand-in of the right type, so the schema does not complain about a value we cannot see.
    const standIn = cast === 'int' || cast === 'float' ? 1 : cast === 'bool' ? true : written;
    return { ...scalar, value: standIn, unknown: true };
  }
  const text = withDefaults(template.parts);
  if (text === written || cast === null) return { ...scalar, value: text };
  const casted = castText(cast, text);
  if (!casted.ok) {
    const shown = text === '' ? 'an empty value' : `"${text}"`;
    report(
      `${capitalise(describePlace(path))} must be ${castKindWords(cast)}, but substituting variables gives ${shown}.`,
      scalar.pos,
      path,
    );
    return { ...scalar, value: text, unknown: true };
  }
  return { ...scalar, value: casted.value };
}

/** The text when no variable is set: defaults apply, `$$` becomes `$`. */
function withDefaults(parts: readonly TemplatePart[]): string {
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'escaped') return '$';
      return part.operator === ':-' || part.operator === '-' ? part.argument : '';
    })
    .join('');
}
