import type { TreeEntry } from '../git/git.service.js';

/** The names Compose itself looks for, in its order: what a folder path resolves to. */
export const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export const MAX_LISTED_FILES = 500;

const YAML = /\.ya?ml$/i;

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const depth = (p: string) => p.split('/').length;

/**
 * The YAML files of a commit for the "pick the Compose file" step: the names Compose looks
 * for first (shallowest, then in Compose's own order), then every other .yml/.yaml by path,
 * so the likely answer is on top even in a repository full of CI and Kubernetes YAML.
 */
export function composeCandidates(entries: TreeEntry[], limit = MAX_LISTED_FILES): { files: string[]; truncated: boolean } {
  // symlinks count: git-core follows them while they stay inside the repository
  const yaml = entries.filter((e) => (e.type === 'file' || e.type === 'symlink') && YAML.test(e.path)).map((e) => e.path);
  const rank = (p: string) => COMPOSE_NAMES.indexOf(baseName(p));
  const named = yaml
    .filter((p) => rank(p) >= 0)
    .sort((a, b) => depth(a) - depth(b) || dirOf(a).localeCompare(dirOf(b)) || rank(a) - rank(b));
  const others = yaml.filter((p) => rank(p) < 0).sort((a, b) => a.localeCompare(b));
  const all = [...named, ...others];
  return { files: all.slice(0, limit), truncated: all.length > limit };
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
