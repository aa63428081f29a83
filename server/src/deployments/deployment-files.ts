import { fileReferences } from '../compose/file-references.js';
import { resolveInRepository } from '../compose/repository-path.js';

/** Deployment.files: a JSON array of repository paths (file i is sent to the manager as `<dir>/i`). */
export function parseFiles(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Deploy time: where each path written in the file points on the manager, given the folder the
 * files were sent to (file i of `files` is `<dir>/<i>`), for pointFilesAt.
 */
export function placedFiles(rendered: string, composePath: string, files: readonly string[], dir: string): Map<string, string> {
  const placed = new Map<string, string>();
  for (const ref of fileReferences(rendered)) {
    const resolved = resolveInRepository(composePath, ref.written);
    const index = resolved.ok ? files.indexOf(resolved.path) : -1;
    if (index < 0) throw new Error(`The deployment's file list has no ${ref.written} (${ref.path}); deploy the commit again.`);
    placed.set(ref.written, `${dir}/${index}`);
  }
  return placed;
}
