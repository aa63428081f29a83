import { ApiError } from '../errors/api-error.js';
import { fileReferences } from '../compose/file-references.js';
import { resolveInRepository } from '../compose/repository-path.js';
import type { ComposeIssue } from '../compose/types.js';

/** Reads a repository path at the commit being deployed: null when there is no such file. */
export type ReadAtCommit = (path: string) => Promise<Buffer | null>;

export interface BesideFiles {
  /** Repository paths of the files, each once, in the order the Compose file first names them: index i is sent as file i. */
  files: string[];
  /** Each file's bytes by the path as the Compose file writes it (what nameFilesByContent takes). */
  contents: Map<string, Buffer>;
  /** One per reference that could not be read, at the reference's line and column. */
  issues: ComposeIssue[];
}

/**
 * The files a Compose file from a repository reads beside itself (configs/secrets `file:`,
 * `env_file`), resolved from its folder and read at the same commit. Paths that leave the
 * repository, and symlinks that point out of it (the reader throws 'path_escapes_repository'),
 * become issues at the reference, like any other mistake in the file.
 */
export async function readBesideFiles(configuration: string, composePath: string, read: ReadAtCommit): Promise<BesideFiles> {
  const files: string[] = [];
  const contents = new Map<string, Buffer>();
  const issues: ComposeIssue[] = [];
  const byPath = new Map<string, Buffer | null>();
  for (const ref of fileReferences(configuration)) {
    const at = { line: ref.line, column: ref.column, path: ref.path };
    const resolved = resolveInRepository(composePath, ref.written);
    if (!resolved.ok) {
      issues.push({ message: resolved.message, ...at });
      continue;
    }
    let content = byPath.get(resolved.path);
    if (content === undefined) {
      try {
        content = await read(resolved.path);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        // path_escapes_repository, too large, a folder: the reader's message says which
        issues.push({ message: err.message, ...at });
        continue;
      }
      byPath.set(resolved.path, content);
    }
    if (content === null) {
      const what = ref.kind === 'env_file' ? `env_file of service ${ref.key}` : `${ref.kind} ${ref.key}`;
      issues.push({
        message: `The ${what} reads ${ref.written}, and the repository has no file ${resolved.path} at this commit: add the file or correct the path.`,
        ...at,
      });
      continue;
    }
    if (!files.includes(resolved.path)) files.push(resolved.path);
    contents.set(ref.written, content);
  }
  return { files, contents, issues };
}
