import { createHash } from 'node:crypto';
import { YAMLMap } from 'yaml';
import { SCHEMA_VERSIONS } from './compose-schemas.js';
import { chooseSchemaVersion } from './compose-version.js';
import { buildDockerView, type ViewMap } from './docker-view.js';
import { locateFileReferences } from './file-references.js';
import type { ComposeIssue } from './types.js';
import { ownCollection, rootPlace, setText } from './yaml-edit.js';
import { parseSource, type TreeMap, type TreeNode } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

/** Swarm refuses config and secret names longer than this (swarmkit's validateConfigOrSecretAnnotations). */
export const MAX_OBJECT_NAME_LENGTH = 64;

/** How many hex digits of the content's SHA-256 end a name. */
export const CONTENT_HASH_LENGTH = 10;

/** The characters swarmkit allows in a config or secret name (first and last must be a letter or digit). */
const NAME_CHARACTER = /[A-Za-z0-9_.-]/;

/** The first schema whose configs and secrets take `name:`. */
const FIRST_VERSION_WITH_NAMES = '3.5';

/**
 * A stack from a repository gets a `name:` on every config and secret read from a file (see
 * nameFilesByContent), and docker/cli's schemas before 3.5 have no such key: the deployed file
 * says version 3.5 instead. Each later 3.x schema only adds keys to the one before, so the rest
 * of the file reads the same (content-names.spec.ts checks this on the schemas).
 */
export function checkNamesByContent(root: ViewMap, version: string): ComposeIssue | null {
  if (!needsNewerVersion(version)) return null;
  const fileBacked = fileBackedKeys(root);
  if (fileBacked.length === 0) return null;
  const entry = root.byKey.get('version')!;
  return {
    message: `Version ${version} cannot name configs and secrets, and Otternauts names each one read from a file by its content (${fileBacked.join(', ')}), so that a changed file rolls out: the deployed file says version "${FIRST_VERSION_WITH_NAMES}" (write it here to make that visible).`,
    ...entry.value.pos,
    path: 'version',
  };
}

function needsNewerVersion(version: string): boolean {
  return SCHEMA_VERSIONS.indexOf(version) < SCHEMA_VERSIONS.indexOf(FIRST_VERSION_WITH_NAMES);
}

function fileBackedKeys(root: ViewMap | TreeMap): string[] {
  return (['configs', 'secrets'] as const).flatMap((section) => {
    const node = root.byKey.get(section)?.value;
    if (node?.kind !== 'map') return [];
    return node.entries.filter((e) => e.value.kind === 'map' && e.value.byKey.has('file')).map((e) => `${section}.${e.key}`);
  });
}

/**
 * Gives every config and secret read from a file a `name:` that ends in the first hex digits of
 * its content's SHA-256: `<stack>_<key>_<hash>`, shortened to Swarm's 64 characters. Swarm cannot
 * change a config's or secret's data in place (docker stack deploy fails with "only updates to
 * Labels are allowed"), so a name per content makes a changed file a new object that the
 * services roll over to, and the unchanged ones keep theirs. `contents` holds each file's bytes by
 * the path as written in the file. Edits the YAML document, so comments and quoting stay; a file
 * without such objects comes back unchanged. Running it again on its own output changes nothing.
 * A file whose `version` is older than 3.5 is raised to 3.5, the first that takes `name:`.
 */
export function nameFilesByContent(rendered: string, stackName: string, contents: ReadonlyMap<string, Buffer>): string {
  const parsed = parseSource(rendered);
  if (parsed.root?.kind !== 'map') throw new Error('nameFilesByContent needs a rendered stack file, and this text does not parse as one');
  const references = locateFileReferences(parsed.root).filter((r) => r.kind !== 'env_file');
  if (references.length === 0) return rendered;
  const doc = parsed.document;
  let changed = false;
  const version = chooseSchemaVersion(buildDockerView(parsed.root, new Set()).root).version;
  if (version !== null && needsNewerVersion(version)) {
    setText(doc, rootPlace(doc), 'version', FIRST_VERSION_WITH_NAMES);
    changed = true;
  }
  for (const reference of references) {
    const [section, key] = reference.segments as [string, string, string];
    const content = contents.get(reference.written);
    if (!content) throw new Error(`nameFilesByContent has no content for ${reference.path} (${reference.written})`);
    const hash = createHash('sha256').update(content).digest('hex').slice(0, CONTENT_HASH_LENGTH);
    const current = objectName(parsed.root, section, key);
    // A name the user chose keeps its meaning but still gets the hash: with a fixed name a
    // changed file could never be deployed (Swarm cannot change a config in place).
    const name = current === null ? defaultName(stackName, key, hash) : withHash(current, hash);
    if (name === current) continue;
    const objects = ownCollection(doc, rootPlace(doc), section, () => new YAMLMap());
    setText(
      doc,
      ownCollection(doc, objects, key, () => new YAMLMap()),
      'name',
      name,
    );
    changed = true;
  }
  return changed ? doc.toString(styleOf(rendered)) : rendered;
}

/** The config and secret names a stack file uses (its own, and external ones), for pruning the others. */
export interface NamesInUse {
  configs: string[];
  secrets: string[];
}

/**
 * The names docker stack deploy gives the configs and secrets of this file, as docker/cli's
 * convert package does: `name:` when set, else `<stack>_<key>` (or the key alone for an
 * external object, which the stack does not create). Give it the text sent to Docker (after
 * resolveSecrets), so that no `${VAR}` stands in a name; `$$` is read as Docker reads it.
 */
export function namesInUse(rendered: string, stackName: string): NamesInUse {
  const parsed = parseSource(rendered);
  if (parsed.root?.kind !== 'map') throw new Error('namesInUse needs a rendered stack file, and this text does not parse as one');
  const root = parsed.root;
  const names = (section: 'configs' | 'secrets') => {
    const node = root.byKey.get(section)?.value;
    if (node?.kind !== 'map') return [];
    const found = node.entries.map(({ key, value }) => {
      const own = objectName(root, section, key);
      if (own !== null) return own.replaceAll('$$', '$');
      const external = value.kind === 'map' ? value.byKey.get('external')?.value : undefined;
      if (external?.kind === 'map') return text(external.byKey.get('name')?.value) ?? key;
      if (external?.kind === 'scalar' && external.value === true) return key;
      return `${stackName}_${key}`;
    });
    return [...new Set(found)].sort();
  };
  return { configs: names('configs'), secrets: names('secrets') };
}

function objectName(root: TreeMap, section: string, key: string): string | null {
  const objects = root.byKey.get(section)?.value;
  const object = objects?.kind === 'map' ? objects.byKey.get(key)?.value : undefined;
  return object?.kind === 'map' ? text(object.byKey.get('name')?.value) : null;
}

function text(node: TreeNode | undefined): string | null {
  return node?.kind === 'scalar' && typeof node.value === 'string' && node.value !== '' ? node.value : null;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * `<stack>_<key>_<hash>`. A key with characters Swarm does not allow in names, or too long to
 * fit, is shortened and given a few hex digits of its own hash, so two keys rarely meet in one
 * name; the stack part is shortened last (the com.docker.stack.namespace label, not the name,
 * says which stack an object belongs to).
 */
export function defaultName(stackName: string, key: string, hash: string): string {
  const room = MAX_OBJECT_NAME_LENGTH - hash.length - 2;
  const safe = [...key].map((c) => (NAME_CHARACTER.test(c) ? c : '-')).join('');
  if (safe === key && stackName.length + key.length <= room) return `${stackName}_${key}_${hash}`;
  const keyTag = sha256Hex(key).slice(0, 4);
  // at least a recognisable start of the key, even next to a long stack name
  const keyRoom = Math.max(room - stackName.length, 12);
  const keyPart = safe.length + 5 <= keyRoom ? `${safe}-${keyTag}` : `${safe.slice(0, keyRoom - 5)}-${keyTag}`;
  return `${stackName.slice(0, room - keyPart.length)}_${keyPart}_${hash}`;
}

/** The user's name, ending in the hash (already there: unchanged; too long to add it: shortened). */
function withHash(name: string, hash: string): string {
  if (name.endsWith(`_${hash}`)) return name;
  // a name with ${VAR} has a length only Docker knows
  if (name.includes('$')) return `${name}_${hash}`;
  return `${name.slice(0, MAX_OBJECT_NAME_LENGTH - hash.length - 1)}_${hash}`;
}
