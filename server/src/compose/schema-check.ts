import type { ErrorObject } from 'ajv';
import { inlinedSchema, SCHEMA_VERSIONS, validatorFor, type JsonObject } from './compose-schemas.js';
import { capitalise, describePlace, formatPath, type PathSegment } from './document-path.js';
import { EXTENSION_KEY, type ViewMap, type ViewNode, type ViewScalar } from './docker-view.js';
import { FORBIDDEN_SERVICE_KEYS } from './forbidden-keys.js';
import type { ComposeIssue } from './types.js';
import type { Position } from './yaml-source.js';

/**
 * Validates the substituted document against docker/cli's schema for its version and turns the
 * validator's errors into one message per problem, placed on the offending line.
 */
export function checkSchema(root: ViewMap, version: string): ComposeIssue[] {
  const validate = validatorFor(version);
  if (validate(toPlain(root))) return [];
  return new ErrorExplainer(root, version, validate.errors ?? []).explain();
}

/** What Docker is given: plain data, without our extension (Otternauts removes it before deploying). */
export function toPlain(node: ViewNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) {
    if (entry.key === EXTENSION_KEY) continue;
    // defineProperty, so a key named __proto__ stays a key
    Object.defineProperty(out, entry.key, { value: toPlain(entry.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

type Explained = { issue: ComposeIssue; depth: number }[];

class ErrorExplainer {
  private readonly children = new Map<ErrorObject, ErrorObject[]>();
  private readonly roots: ErrorObject[] = [];

  constructor(
    private readonly root: ViewMap,
    private readonly version: string,
    errors: ErrorObject[],
  ) {
    // Combinators by where they sit, so each error looks up its few possible owners instead of
    // comparing itself with every combinator (a file with thousands of errors was quadratic).
    const combinators = new Map<string, ErrorObject[]>();
    const order = new Map<ErrorObject, number>();
    errors.forEach((error, i) => {
      if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') return;
      order.set(error, i);
      const key = ownerKey(error.schemaPath, error.instancePath);
      const same = combinators.get(key);
      if (same) same.push(error);
      else combinators.set(key, [error]);
    });
    for (const error of errors) {
      const owner = ownerOf(error, combinators, order);
      if (!owner) {
        this.roots.push(error);
        continue;
      }
      const siblings = this.children.get(owner);
      if (siblings) siblings.push(error);
      else this.children.set(owner, [error]);
    }
  }

  explain(): ComposeIssue[] {
    const seen = new Set<string>();
    return this.explainAll(this.roots)
      .map((e) => e.issue)
      .filter((issue) => {
        const id = `${issue.line}:${issue.column}:${issue.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
  }

  private explainAll(errors: ErrorObject[]): Explained {
    return errors.flatMap((error) =>
      error.keyword === 'oneOf' || error.keyword === 'anyOf' ? this.explainChoice(error) : this.explainLeaf(error),
    );
  }

  /** A value that fits none of several forms: explain it against the form it came closest to. */
  private explainChoice(choice: ErrorObject): Explained {
    const byBranch = new Map<string, ErrorObject[]>();
    for (const error of this.children.get(choice) ?? []) {
      const branch = error.schemaPath.slice(choice.schemaPath.length + 1).split('/')[0];
      const same = byBranch.get(branch);
      if (same) same.push(error);
      else byBranch.set(branch, [error]);
    }
    const path = this.segments(choice.instancePath);
    const node = this.nodeAt(path);
    if (byBranch.size === 0) {
      // oneOf with more than one matching branch
      return isUnknown(node) ? [] : [this.issue(`${capitalise(describePlace(path))} matches more than one allowed form.`, path, node)];
    }
    const branches = [...byBranch.values()].map((errors) => ({ errors, explained: this.explainAll(errors) }));
    // If the value might fit a branch once its unknown parts are known, there is nothing to say.
    if (branches.some((b) => b.explained.length === 0)) return [];
    const wrongType = (b: { errors: ErrorObject[] }) =>
      b.errors.some((e) => e.keyword === 'type' && e.instancePath === choice.instancePath);
    const fitting = branches.filter((b) => !wrongType(b));
    if (fitting.length === 0) {
      const expected = [
        ...new Set(branches.flatMap((b) => b.errors.filter((e) => e.keyword === 'type').flatMap((e) => typeNames(e.params.type)))),
      ];
      return [this.typeIssue(path, node, expected)];
    }
    const depth = (explained: Explained) => Math.max(...explained.map((e) => e.depth));
    return fitting.reduce((best, b) => (depth(b.explained) > depth(best.explained) ? b : best)).explained;
  }

  private explainLeaf(error: ErrorObject): Explained {
    const path = this.segments(error.instancePath);
    const node = this.nodeAt(path);
    if (isUnknown(node)) return [];
    const place = capitalise(describePlace(path));
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'type':
        return [this.typeIssue(path, node, typeNames(params.type))];
      case 'additionalProperties':
        return this.unknownKey(path, node, String(params.additionalProperty));
      case 'required':
        return [this.issue(`${place} needs \`${String(params.missingProperty)}\`.`, path, node)];
      case 'enum':
        return [
          this.issue(`${place} must be one of: ${(params.allowedValues as unknown[]).join(', ')} (it is ${shownValue(node)}).`, path, node),
        ];
      case 'format':
        if (params.format === 'duration') {
          return [this.issue(`${place} must be a duration such as 30s, 1m30s or 500ms (it is ${shownValue(node)}).`, path, node)];
        }
        return [this.issue(`${place} must be in the ${String(params.format)} format.`, path, node)];
      case 'uniqueItems': {
        const later = Math.max(Number(params.i), Number(params.j));
        const itemPath = [...path, later];
        // stand-ins for secret values look alike without being alike
        if (hasUnknown(this.nodeAt(itemPath))) return [];
        return [
          this.issue(
            `${place} lists ${shownValue(this.nodeAt(itemPath))} twice: each item may appear once.`,
            itemPath,
            this.nodeAt(itemPath),
          ),
        ];
      }
      default:
        return [this.issue(`${place} ${error.message ?? 'is not valid'}.`, path, node)];
    }
  }

  private typeIssue(path: PathSegment[], node: ViewNode | undefined, expected: string[]): Explained[number] {
    const last = path[path.length - 1];
    if (path.length === 1 && last === 'version') {
      return this.issue(`\`version\` must be text: write it in quotes, like version: "${String(scalarOf(node)?.value)}".`, path, node);
    }
    if (last === 'depends_on' && node?.kind === 'map') {
      return this.issue(
        `depends_on in ${describePlace(path.slice(0, -1))} must be a list of service names here (the condition form belongs to the Compose Specification, which docker stack deploy does not read).`,
        path,
        node,
      );
    }
    const wanted = joinOr(expected.map(typeWords));
    let message = `${capitalise(describePlace(path))} must be ${wanted}, but it is ${actualWords(node)}`;
    const scalar = scalarOf(node);
    if (expected.includes('string') && scalar && (typeof scalar.value === 'number' || typeof scalar.value === 'boolean')) {
      message += `: put it in quotes, like "${scalar.source ?? String(scalar.value)}"`;
    }
    return this.issue(`${message}.`, path, node);
  }

  private unknownKey(parentPath: PathSegment[], parent: ViewNode | undefined, key: string): Explained {
    const path = [...parentPath, key];
    const entry = parent?.kind === 'map' ? parent.byKey.get(key) : undefined;
    const pos = entry ? entry.keyPos : (parent?.pos ?? { line: 1, column: 1 });
    const at = (message: string) => [{ issue: { message, ...pos, path: formatPath(path) }, depth: path.length }];
    const collection = parentPath.length === 1 ? String(parentPath[0]) : null;
    if (parentPath.length === 0) {
      if (key === 'name') return at("top-level `name` is not supported by docker stack deploy: the stack's name is set in Otternauts.");
      return at(
        `Unknown top-level key \`${key}\`: docker stack deploy does not support it${this.versionHint(parentPath, key) ?? ' (keys of your own must start with x-)'}.`,
      );
    }
    if (collection && ['services', 'networks', 'volumes', 'secrets', 'configs'].includes(collection)) {
      const kind = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' }[collection];
      return at(`The ${kind} name \`${key}\` may only contain letters, digits, \`.\`, \`_\` and \`-\`.`);
    }
    if (parentPath.length === 2 && parentPath[0] === 'services') {
      // docker/cli refuses these before validating, with its own advice (see forbidden-keys.ts)
      if (Object.hasOwn(FORBIDDEN_SERVICE_KEYS, key)) return [];
      const hint = this.versionHint(parentPath, key) ?? (Object.hasOwn(SERVICE_KEY_HINTS, key) ? SERVICE_KEY_HINTS[key] : '');
      return at(`Unknown key \`${key}\` in service ${String(parentPath[1])}: docker stack deploy does not support it${hint}.`);
    }
    return at(
      `Unknown key \`${key}\` in ${describePlace(parentPath)}: docker stack deploy does not support it${this.versionHint(parentPath, key) ?? ''}.`,
    );
  }

  /** When a newer 3.x schema allows the key at this place, say which version it needs. */
  private versionHint(parentPath: PathSegment[], key: string): string | null {
    const newer = SCHEMA_VERSIONS.filter((v) => compareVersions(v, this.version) > 0);
    const found = newer.find((v) => allowsKey(schemaAt(inlinedSchema(v), parentPath), key));
    return found ? ` with version "${this.version}": it needs version "${found}" or later` : null;
  }

  private issue(message: string, path: PathSegment[], node: ViewNode | undefined): Explained[number] {
    const pos: Position = node?.pos ?? this.nearestPos(path);
    return { issue: { message, ...pos, path: formatPath(path) }, depth: path.length };
  }

  private nearestPos(path: PathSegment[]): Position {
    for (let n = path.length - 1; n >= 0; n--) {
      const node = this.nodeAt(path.slice(0, n));
      if (node) return node.pos;
    }
    return { line: 1, column: 1 };
  }

  private nodeAt(path: readonly PathSegment[]): ViewNode | undefined {
    let node: ViewNode | undefined = this.root;
    for (const segment of path) {
      if (node?.kind === 'map') node = node.byKey.get(String(segment))?.value;
      else if (node?.kind === 'seq') node = node.items[Number(segment)];
      else return undefined;
    }
    return node;
  }

  /** JSON pointer to path segments, with list indexes as numbers. */
  private segments(pointer: string): PathSegment[] {
    if (pointer === '') return [];
    const raw = pointer
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const out: PathSegment[] = [];
    let node: ViewNode | undefined = this.root;
    for (const part of raw) {
      const segment: PathSegment = node?.kind === 'seq' ? Number(part) : part;
      out.push(segment);
      node = node?.kind === 'map' ? node.byKey.get(part)?.value : node?.kind === 'seq' ? node.items[Number(part)] : undefined;
    }
    return out;
  }
}

const SERVICE_KEY_HINTS: Record<string, string> = {
  profiles: ' (profiles belong to docker compose; a stack deploys all of its services)',
  pull_policy: ' (Swarm pulls the image on each node when a task starts)',
  scale: ': set deploy.replicas instead',
  cpus: ': set deploy.resources.limits.cpus instead',
  mem_reservation: ': set deploy.resources.reservations.memory instead',
  gpus: ': reserve devices with deploy.resources.reservations.generic_resources instead',
};

function ownerKey(schemaPath: string, instancePath: string): string {
  return `${schemaPath}\u0000${instancePath}`;
}

/**
 * The innermost oneOf/anyOf whose branch produced this error: the longest schema path above the
 * error's, at the error's place or above it; the first such combinator ajv reported on a tie.
 */
function ownerOf(
  error: ErrorObject,
  combinators: ReadonlyMap<string, ErrorObject[]>,
  order: ReadonlyMap<ErrorObject, number>,
): ErrorObject | undefined {
  const places = pointerPrefixes(error.instancePath);
  for (let end = error.schemaPath.lastIndexOf('/'); end > 0; end = error.schemaPath.lastIndexOf('/', end - 1)) {
    const schemaPath = error.schemaPath.slice(0, end);
    const owners = places.flatMap((place) => combinators.get(ownerKey(schemaPath, place)) ?? []).filter((c) => c !== error);
    if (owners.length > 0) return owners.reduce((first, c) => (order.get(c)! < order.get(first)! ? c : first));
  }
  return undefined;
}

/** Every JSON pointer that is the given one or one of its ancestors, the root ('') included. */
function pointerPrefixes(pointer: string): string[] {
  const prefixes = [''];
  for (let i = pointer.indexOf('/', 1); i > 0; i = pointer.indexOf('/', i + 1)) prefixes.push(pointer.slice(0, i));
  if (pointer !== '') prefixes.push(pointer);
  return prefixes;
}

function isUnknown(node: ViewNode | undefined): boolean {
  return node?.kind === 'scalar' && node.unknown;
}

function hasUnknown(node: ViewNode | undefined): boolean {
  if (node?.kind === 'map') return node.entries.some((e) => hasUnknown(e.value));
  if (node?.kind === 'seq') return node.items.some(hasUnknown);
  return isUnknown(node);
}

function scalarOf(node: ViewNode | undefined): ViewScalar | null {
  return node?.kind === 'scalar' ? node : null;
}

function typeNames(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

function typeWords(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'empty',
  };
  return Object.hasOwn(words, type) ? words[type] : type;
}

function joinOr(words: string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function actualWords(node: ViewNode | undefined): string {
  if (!node) return 'missing';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const value = node.value;
  if (value === null) return 'empty';
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'number') return `the number ${node.source ?? String(value)}`;
  if (typeof value === 'string') return 'text';
  return 'another kind of value';
}

function shownValue(node: ViewNode | undefined): string {
  const scalar = scalarOf(node);
  if (!scalar) return actualWords(node);
  return typeof scalar.value === 'string' ? `"${scalar.value}"` : String(scalar.value);
}

function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The sub-schema that applies at a document path (following properties, patternProperties and items). */
function schemaAt(schema: JsonObject, path: readonly PathSegment[]): JsonObject[] {
  let current: JsonObject[] = [schema];
  for (const segment of path) {
    const next: JsonObject[] = [];
    for (const s of current.flatMap(alternatives)) {
      if (typeof segment === 'number') {
        if (s.items && typeof s.items === 'object') next.push(s.items as JsonObject);
        continue;
      }
      const properties = s.properties as Record<string, JsonObject> | undefined;
      if (properties?.[segment]) next.push(properties[segment]);
      const patterns = s.patternProperties as Record<string, JsonObject> | undefined;
      for (const [pattern, sub] of Object.entries(patterns ?? {})) if (new RegExp(pattern).test(segment)) next.push(sub);
    }
    current = next;
  }
  return current;
}

function alternatives(schema: JsonObject): JsonObject[] {
  const branches = [
    ...((schema.oneOf as JsonObject[]) ?? []),
    ...((schema.anyOf as JsonObject[]) ?? []),
    ...((schema.allOf as JsonObject[]) ?? []),
  ];
  return [schema, ...branches.flatMap(alternatives)];
}

function allowsKey(schemas: JsonObject[], key: string): boolean {
  return schemas.flatMap(alternatives).some((s) => {
    const properties = s.properties as Record<string, unknown> | undefined;
    if (properties && key in properties) return true;
    const patterns = s.patternProperties as Record<string, unknown> | undefined;
    return Object.keys(patterns ?? {}).some((pattern) => new RegExp(pattern).test(key));
  });
}
