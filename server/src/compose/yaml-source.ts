import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  type SchemaOptions,
  type Scalar,
  type ScalarTag,
  type Tags,
  type YAMLMap,
} from 'yaml';
import { duplicateKeyOffsets } from './duplicate-keys.js';
import type { ComposeIssue } from './types.js';

export interface Position {
  line: number;
  column: number;
}

/** A parsed value with its place in the pasted text; aliases and `<<` merges are already resolved. */
export type TreeNode = TreeScalar | TreeMap | TreeSeq;

export interface TreeScalar {
  kind: 'scalar';
  value: unknown;
  pos: Position;
  /** Null for a value left out entirely (`key:` with nothing after it can still be a Scalar). */
  node: Scalar | null;
}

export interface TreeEntry {
  key: string;
  keyPos: Position;
  value: TreeNode;
}

export interface TreeMap {
  kind: 'map';
  entries: TreeEntry[];
  byKey: Map<string, TreeEntry>;
  pos: Position;
}

export interface TreeSeq {
  kind: 'seq';
  items: TreeNode[];
  pos: Position;
}

export interface ParsedSource {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** Null when the text could not be read (see errors). */
  root: TreeNode | null;
  errors: ComposeIssue[];
  warnings: ComposeIssue[];
}

/**
 * docker/cli reads stack files with go-yaml v2, which follows YAML 1.1: yes/no/on/off are
 * booleans, 0755 is octal and `<<` merges mappings. go-yaml does not read 1.1's base-60
 * numbers (so `80:80` stays text) and hands timestamps over as text, so those tags are left
 * out; and its floats need a digit (`build: .` is the text "."), so that tag is narrowed.
 */
function goYamlTags(tags: Tags): Tags {
  return tags
    .filter((tag) =>
      typeof tag === 'string'
        ? !['intTime', 'floatTime', 'timestamp'].includes(tag)
        : tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp',
    )
    .map((tag) =>
      typeof tag !== 'string' && String(tag.test) === String(YAML11_FLOAT) ? { ...(tag as ScalarTag), test: GO_YAML_FLOAT } : tag,
    );
}

/** yaml's YAML 1.1 plain float (which reads "." as NaN), and go-yaml's, which needs a digit. */
const YAML11_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const GO_YAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

export const YAML_PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  // Checked by duplicateKeyOffsets in linear time; the library's own check is quadratic.
  uniqueKeys: false,
  prettyErrors: false,
  customTags: goYamlTags,
};

/** Aliases can make a small file expand enormously; past this many values we stop reading. */
export const MAX_EXPANDED_VALUES = 100_000;

/**
 * Stack files nest a handful of levels (services.web.deploy.resources.limits); every pass over
 * the tree recurses, so a hostile `[[[[...]]]]` is refused here rather than overflowing a stack.
 */
export const MAX_NESTING = 64;

const TOO_DEEP = `The file nests lists and mappings more than ${MAX_NESTING} levels deep, more than a stack file needs.`;

class TreeError extends Error {
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(message);
  }
}

export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let document: Document.Parsed;
  try {
    document = readDocument(text, lineCounter);
  } catch (error) {
    if (!(error instanceof FlowTooDeep)) throw error;
    return {
      document: new Document() as Document.Parsed,
      lineCounter,
      root: null,
      errors: [{ message: TOO_DEEP, ...at(error.offset), path: '' }],
      warnings: [],
    };
  }
  const warnings = document.warnings.map((w) => ({ message: `YAML: ${firstLine(w.message)}`, ...at(w.pos[0]), path: '' }));
  const problems = [
    ...document.errors.map((e) => ({ code: e.code, message: e.message, offset: e.pos[0] })),
    ...duplicateKeyOffsets(document).map((offset) => ({ code: 'DUPLICATE_KEY', message: '', offset })),
  ].sort((a, b) => a.offset - b.offset);
  if (problems.length > 0) {
    // The library reports its stack overflow once per level it unwinds: one message says it all.
    const overflow = problems.find((p) => p.code === 'RESOURCE_EXHAUSTION');
    const errors = (overflow ? [overflow] : problems).map((p) => ({
      message: describeYamlError(p.code, p.message, text, p.offset),
      ...at(p.offset),
      path: '',
    }));
    return { document, lineCounter, root: null, errors, warnings };
  }
  if (document.contents === null) {
    return {
      document,
      lineCounter,
      root: null,
      errors: [{ message: 'The file is empty: a stack needs at least a `services` section.', line: 1, column: 1, path: '' }],
      warnings,
    };
  }
  try {
    const root = new TreeBuilder(document, at).build(document.contents);
    if (root.kind !== 'map') {
      throw new TreeError('The file must be a mapping of keys such as `services:` at the top level.', root.pos);
    }
    return { document, lineCounter, root, errors: [], warnings };
  } catch (error) {
    if (!(error instanceof TreeError)) throw error;
    return { document, lineCounter, root: null, errors: [{ message: error.message, ...error.pos, path: '' }], warnings };
  }
}

class FlowTooDeep extends Error {
  constructor(readonly offset: number) {
    super(TOO_DEEP);
  }
}

/** Lexer marks that stand for no character of the text (the parser does not count them either). */
const ZERO_WIDTH_LEXEMES = new Set(['\x02', '\x18', '\x1f']);
const SCALAR_MARK = '\x1f';

/**
 * parseDocument, with the lexemes counted on their way to the parser: the parser takes seconds
 * over a 500 KB `[[[[...` (its work grows with the depth), so flow nesting past the limit stops
 * the read at once. Block nesting needs indentation, which the size limit keeps shallow enough.
 */
function readDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  const parser = new Parser(lineCounter.addNewLine);
  function* tokens() {
    lineCounter.addNewLine(0);
    let depth = 0;
    let offset = 0;
    let scalarNext = false;
    for (const lexeme of new Lexer().lex(text)) {
      if (!scalarNext && (lexeme === '[' || lexeme === '{') && ++depth > MAX_NESTING) throw new FlowTooDeep(offset);
      if (!scalarNext && (lexeme === ']' || lexeme === '}')) depth--;
      scalarNext = lexeme === SCALAR_MARK;
      if (!ZERO_WIDTH_LEXEMES.has(lexeme)) offset += lexeme.length;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  let document: Document.Parsed | null = null;
  for (const next of new Composer(YAML_PARSE_OPTIONS).compose(tokens(), true, text.length)) {
    if (!document) document = next;
    else {
      // what parseDocument says of a second document; describeYamlError words it for users
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return document!;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function describeYamlError(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^\s:]+/.exec(text.slice(offset))?.[0];
    return key
      ? `Duplicate key \`${key}\`: a key can appear only once in a mapping.`
      : 'Duplicate key: a key can appear only once in a mapping.';
  }
  // The library catches its own stack overflow on deep nesting and reports it under this code.
  if (code === 'RESOURCE_EXHAUSTION') return TOO_DEEP;
  if (code === 'MULTIPLE_DOCS') return 'The file holds more than one YAML document (separated by ---): paste a single stack file.';
  return `YAML syntax error: ${firstLine(message)}`;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/** How big and how deep a built value is once its aliases are expanded. */
interface Measure {
  size: number;
  height: number;
}

/**
 * Builds the tree once per YAML node (an alias reuses what its anchor built) and measures each
 * value as it goes, so a "billion laughs" file or a hostile nesting is refused before any later
 * pass walks the expanded tree.
 */
class TreeBuilder {
  private readonly built = new Map<Node, TreeNode>();
  private readonly measures = new Map<TreeNode, Measure>();
  private readonly inProgress = new Set<Node>();
  private aliasesSeen = false;

  constructor(
    private readonly document: Document.Parsed,
    private readonly at: (offset: number) => Position,
  ) {}

  build(node: unknown, fallback: Position = { line: 1, column: 1 }, depth = 1): TreeNode {
    if (node === null || node === undefined) {
      return this.measured({ kind: 'scalar', value: null, pos: fallback, node: null }, []);
    }
    if (isAlias(node)) {
      this.aliasesSeen = true;
      const target = node.resolve(this.document);
      if (!target) throw new TreeError(`The alias *${node.source} points at no anchor.`, this.posOf(node));
      if (this.inProgress.has(target)) throw new TreeError(`The alias *${node.source} refers to itself.`, this.posOf(node));
      return this.build(target, fallback, depth);
    }
    const yamlNode = node as Node;
    const done = this.built.get(yamlNode);
    if (done) return done;
    // Written nesting is bounded on the way down, so this recursion stays shallow.
    if (depth > MAX_NESTING) throw new TreeError(TOO_DEEP, this.posOf(yamlNode));
    this.inProgress.add(yamlNode);
    let tree: TreeNode;
    if (isMap(yamlNode)) tree = this.buildMap(yamlNode, depth);
    else if (isSeq(yamlNode)) {
      const items = yamlNode.items.map((item) => this.build(item, this.posOf(yamlNode), depth + 1));
      tree = this.measured({ kind: 'seq', items, pos: this.posOf(yamlNode) }, items);
    } else if (isScalar(yamlNode))
      tree = this.measured({ kind: 'scalar', value: yamlNode.value, pos: this.posOf(yamlNode), node: yamlNode }, []);
    else throw new TreeError('This YAML construct is not supported in a stack file.', this.posOf(yamlNode));
    this.inProgress.delete(yamlNode);
    this.built.set(yamlNode, tree);
    return tree;
  }

  /** Aliases nest and multiply values without the text growing: bound what they expand to. */
  private measured<T extends TreeNode>(tree: T, children: readonly TreeNode[]): T {
    let size = 1;
    let height = 0;
    for (const child of children) {
      const m = this.measures.get(child)!;
      size += m.size;
      height = Math.max(height, m.height);
    }
    height += 1;
    if (height > MAX_NESTING) throw new TreeError(TOO_DEEP, tree.pos);
    if (size > MAX_EXPANDED_VALUES) {
      throw new TreeError(
        this.aliasesSeen
          ? `The aliases in this file expand it to more than ${MAX_EXPANDED_VALUES} values, more than a stack file needs.`
          : `The file holds more than ${MAX_EXPANDED_VALUES} values, more than a stack file needs.`,
        tree.pos,
      );
    }
    this.measures.set(tree, { size, height });
    return tree;
  }

  private buildMap(map: YAMLMap, depth: number): TreeMap {
    const tree: TreeMap = { kind: 'map', entries: [], byKey: new Map(), pos: this.posOf(map) };
    const written = new Set<string>();
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) written.add(this.keyText(pair.key, map));
    }
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) {
        // Earlier sources win over later ones, and keys written in the mapping win over all.
        // Merged entries keep their own positions: problems are reported where they are written.
        for (const source of this.mergeSources(pair.value, this.posOf(pair.key as Node), depth + 1)) {
          for (const entry of source.entries) {
            if (written.has(entry.key) || tree.byKey.has(entry.key)) continue;
            this.add(tree, entry);
          }
        }
        continue;
      }
      const key = this.keyText(pair.key, map);
      const keyPos = this.posOf(pair.key as Node);
      this.add(tree, { key, keyPos, value: this.build(pair.value, keyPos, depth + 1) });
    }
    return this.measured(
      tree,
      tree.entries.map((e) => e.value),
    );
  }

  private add(tree: TreeMap, entry: TreeEntry) {
    tree.entries.push(entry);
    tree.byKey.set(entry.key, entry);
  }

  private mergeSources(value: unknown, mergedAt: Position, depth: number): TreeMap[] {
    const source = this.build(value, mergedAt, depth);
    const sources = source.kind === 'seq' ? source.items : [source];
    return sources.map((item) => {
      if (item.kind !== 'map')
        throw new TreeError('`<<` merges mappings: follow it with an alias to a mapping, or a list of them.', mergedAt);
      return item;
    });
  }

  /** go-yaml hands keys over typed, and docker/cli refuses any key that is not text. */
  private keyText(key: unknown, map: YAMLMap): string {
    if (isScalar(key)) {
      if (typeof key.value === 'string') return key.value;
      const written = key.source ?? String(key.value);
      const reading =
        key.value === null
          ? 'as empty (null)'
          : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a non-text YAML 1.1 key: boolean or number
            `as ${typeof key.value === 'boolean' ? 'the boolean' : 'the number'} ${String(key.value)}`;
      throw new TreeError(
        `The key \`${written}\` is read ${reading} (stack files follow YAML 1.1), and keys must be text: put it in quotes, like "${written}".`,
        this.posOf(key),
      );
    }
    throw new TreeError('Keys must be plain text, not lists, mappings or aliases.', key ? this.posOf(key as Node) : this.posOf(map));
  }

  private posOf(node: Node): Position {
    return this.at(node.range?.[0] ?? 0);
  }
}
