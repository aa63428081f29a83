import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  type SchemaOptions,
  type Scalar,
  type ScalarTag,
  type Tags,
  type YAMLMap,
} from 'yaml';
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
    .map((tag) => (typeof tag !== 'string' && String(tag.test) === String(YAML11_FLOAT) ? { ...(tag as ScalarTag), test: GO_YAML_FLOAT } : tag));
}

/** yaml's YAML 1.1 plain float (which reads "." as NaN), and go-yaml's, which needs a digit. */
const YAML11_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const GO_YAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

export const YAML_PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  customTags: goYamlTags,
};

/** Aliases can make a small file expand enormously; past this many values we stop reading. */
const MAX_EXPANDED_VALUES = 100_000;

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
  const document = parseDocument(text, { ...YAML_PARSE_OPTIONS, lineCounter });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const warnings = document.warnings.map((w) => ({ message: `YAML: ${firstLine(w.message)}`, ...at(w.pos[0]), path: '' }));
  if (document.errors.length > 0) {
    const errors = document.errors.map((e) => ({ message: describeYamlError(e.code, e.message, text, e.pos[0]), ...at(e.pos[0]), path: '' }));
    return { document, lineCounter, root: null, errors, warnings };
  }
  if (document.contents === null) {
    return { document, lineCounter, root: null, errors: [{ message: 'The file is empty: a stack needs at least a `services` section.', line: 1, column: 1, path: '' }], warnings };
  }
  try {
    const root = new TreeBuilder(document, at).build(document.contents);
    if (root.kind !== 'map') {
      throw new TreeError('The file must be a mapping of keys such as `services:` at the top level.', root.pos);
    }
    if (expandedSize(root, new Map()) > MAX_EXPANDED_VALUES) {
      throw new TreeError(`The aliases in this file expand it to more than ${MAX_EXPANDED_VALUES} values, more than a stack file needs.`, root.pos);
    }
    return { document, lineCounter, root, errors: [], warnings };
  } catch (error) {
    if (!(error instanceof TreeError)) throw error;
    return { document, lineCounter, root: null, errors: [{ message: error.message, ...error.pos, path: '' }], warnings };
  }
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
  if (code === 'MULTIPLE_DOCS') return 'The file holds more than one YAML document (separated by ---): paste a single stack file.';
  return `YAML syntax error: ${firstLine(message)}`;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

class TreeBuilder {
  private readonly built = new Map<Node, TreeNode>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly at: (offset: number) => Position,
  ) {}

  build(node: unknown, fallback: Position = { line: 1, column: 1 }): TreeNode {
    if (node === null || node === undefined) {
      return { kind: 'scalar', value: null, pos: fallback, node: null };
    }
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) throw new TreeError(`The alias *${node.source} points at no anchor.`, this.posOf(node));
      if (this.inProgress.has(target)) throw new TreeError(`The alias *${node.source} refers to itself.`, this.posOf(node));
      return this.build(target);
    }
    const yamlNode = node as Node;
    const done = this.built.get(yamlNode);
    if (done) return done;
    this.inProgress.add(yamlNode);
    let tree: TreeNode;
    if (isMap(yamlNode)) tree = this.buildMap(yamlNode);
    else if (isSeq(yamlNode)) tree = { kind: 'seq', items: yamlNode.items.map((item) => this.build(item, this.posOf(yamlNode))), pos: this.posOf(yamlNode) };
    else if (isScalar(yamlNode)) tree = { kind: 'scalar', value: yamlNode.value, pos: this.posOf(yamlNode), node: yamlNode };
    else throw new TreeError('This YAML construct is not supported in a stack file.', this.posOf(yamlNode));
    this.inProgress.delete(yamlNode);
    this.built.set(yamlNode, tree);
    return tree;
  }

  private buildMap(map: YAMLMap): TreeMap {
    const tree: TreeMap = { kind: 'map', entries: [], byKey: new Map(), pos: this.posOf(map) };
    const written = new Set<string>();
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) written.add(this.keyText(pair.key, map));
    }
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) {
        // Earlier sources win over later ones, and keys written in the mapping win over all.
        // Merged entries keep their own positions: problems are reported where they are written.
        for (const source of this.mergeSources(pair.value, this.posOf(pair.key as Node))) {
          for (const entry of source.entries) {
            if (written.has(entry.key) || tree.byKey.has(entry.key)) continue;
            this.add(tree, entry);
          }
        }
        continue;
      }
      const key = this.keyText(pair.key, map);
      const keyPos = this.posOf(pair.key as Node);
      this.add(tree, { key, keyPos, value: this.build(pair.value, keyPos) });
    }
    return tree;
  }

  private add(tree: TreeMap, entry: TreeEntry) {
    tree.entries.push(entry);
    tree.byKey.set(entry.key, entry);
  }

  private mergeSources(value: unknown, mergedAt: Position): TreeMap[] {
    const source = this.build(value, mergedAt);
    const sources = source.kind === 'seq' ? source.items : [source];
    return sources.map((item) => {
      if (item.kind !== 'map') throw new TreeError('`<<` merges mappings: follow it with an alias to a mapping, or a list of them.', mergedAt);
      return item;
    });
  }

  /** go-yaml hands keys over typed, and docker/cli refuses any key that is not text. */
  private keyText(key: unknown, map: YAMLMap): string {
    if (isScalar(key)) {
      if (typeof key.value === 'string') return key.value;
      const written = key.source ?? String(key.value);
      const reading = key.value === null ? 'as empty (null)' : `as ${typeof key.value === 'boolean' ? 'the boolean' : 'the number'} ${String(key.value)}`;
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

function expandedSize(node: TreeNode, memo: Map<TreeNode, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (node.kind === 'map') for (const entry of node.entries) size += expandedSize(entry.value, memo);
  if (node.kind === 'seq') for (const item of node.items) size += expandedSize(item, memo);
  memo.set(node, size);
  return size;
}
