import { formatPath, type PathSegment } from './document-path.js';
import { parseSource, type Position, type TreeMap, type TreeNode } from './yaml-source.js';

/** What reads a file beside the Compose file. */
export type FileReferenceKind = 'config' | 'secret' | 'env_file';

/** One path to a file beside the Compose file, where it is written. */
export interface FileReference {
  kind: FileReferenceKind;
  /** The config or secret key under the top-level `configs`/`secrets`, or the service name for env_file. */
  key: string;
  /** The path exactly as the file gives it (after aliases and `<<` merges, before any variable substitution). */
  written: string;
  /** 1-based line of the path's text (for a value reached through an alias: where its anchor is). */
  line: number;
  /** 1-based column of the path's text. */
  column: number;
  /** The document path, e.g. "configs.nginx.file" or "services.web.env_file[1].path". */
  path: string;
}

/** A reference and the steps from the top of the document to its value, for editing it. */
export interface LocatedReference extends FileReference {
  segments: PathSegment[];
}

/**
 * Every file the stack file reads beside itself: `file:` of the top-level configs and secrets,
 * and each service's `env_file` (a path, a list of paths, or list entries `{path, required}`),
 * in the order of the text. A file that does not parse has none (validation reports why); a
 * value that is not text is left to the schema check.
 */
export function fileReferences(text: string): FileReference[] {
  const parsed = parseSource(text);
  if (parsed.root?.kind !== 'map') return [];
  return locateFileReferences(parsed.root).map(({ segments: _segments, ...reference }) => reference);
}

export function locateFileReferences(root: TreeMap): LocatedReference[] {
  const found: LocatedReference[] = [];
  const add = (kind: FileReferenceKind, key: string, node: TreeNode | undefined, segments: PathSegment[]) => {
    if (node?.kind !== 'scalar' || typeof node.value !== 'string') return;
    const pos: Position = node.pos;
    found.push({ kind, key, written: node.value, line: pos.line, column: pos.column, path: formatPath(segments), segments });
  };

  for (const [section, kind] of [
    ['configs', 'config'],
    ['secrets', 'secret'],
  ] as const) {
    const objects = root.byKey.get(section)?.value;
    if (objects?.kind !== 'map') continue;
    for (const { key, value } of objects.entries) {
      if (value.kind === 'map') add(kind, key, value.byKey.get('file')?.value, [section, key, 'file']);
    }
  }

  const services = root.byKey.get('services')?.value;
  if (services?.kind === 'map') {
    for (const { key: service, value } of services.entries) {
      if (value.kind !== 'map') continue;
      const envFile = value.byKey.get('env_file')?.value;
      const at: PathSegment[] = ['services', service, 'env_file'];
      if (envFile?.kind === 'scalar') add('env_file', service, envFile, at);
      if (envFile?.kind !== 'seq') continue;
      envFile.items.forEach((item, i) => {
        if (item.kind === 'map') add('env_file', service, item.byKey.get('path')?.value, [...at, i, 'path']);
        else add('env_file', service, item, [...at, i]);
      });
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
