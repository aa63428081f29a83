import type { Repository } from '../generated/prisma/client.js';

/** A commit as deployments record it. */
export interface CommitInfo {
  sha: string;
  subject: string;
  author: string;
  time: Date;
}

/** One entry of a folder at a commit. */
export interface TreeEntry {
  /** path from the repository's root, with `/` */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  /** bytes, for files */
  size?: number;
}

/** The refs a remote announces (`git ls-remote`), full names such as refs/heads/main. */
export interface RemoteRefs {
  /** the branch HEAD points at, when the remote says so (refs/heads/main) */
  head: string | null;
  refs: Map<string, string>;
}

/**
 * Git on Mission Control: one bare mirror per repository under the data directory, driven
 * by the system `git` with argument lists (never a shell), hooks off, credentials only in
 * the vault, in memory, and in files that live as long as one git call.
 * Errors are ApiErrors whose messages name the repository (its URL without credentials),
 * the ref or path, and what to do; they never contain a key or token.
 */
export abstract class GitService {
  /** Clones the mirror on first use, fetches it afterwards; serialised per repository; timeouts from settings. */
  abstract fetch(repo: Repository): Promise<void>;
  /** The refs the remote announces right now, without fetching (polling). */
  abstract remoteRefs(repo: Repository): Promise<RemoteRefs>;
  /** A branch, tag, full ref or (abbreviated) commit, in the mirror, to its commit. Throws 'ref_not_found' naming the ref. */
  abstract resolveRef(repo: Repository, ref: string): Promise<CommitInfo>;
  abstract hasCommit(repo: Repository, sha: string): Promise<boolean>;
  /**
   * A file at a commit, or null when there is none. A symlink is followed while it stays
   * inside the repository; one that points out (or loops) throws 'path_escapes_repository'.
   */
  abstract readFile(repo: Repository, sha: string, path: string): Promise<Buffer | null>;
  /** A folder's entries at a commit ('' is the root); recursive lists every file below it. */
  abstract listTree(repo: Repository, sha: string, dir: string, opts?: { recursive?: boolean }): Promise<TreeEntry[]>;
  /** Paths that differ between two commits; `from` null means every path of `to`. */
  abstract changedPaths(repo: Repository, from: string | null, to: string): Promise<string[]>;
  /**
   * A folder at a commit as a tar archive ('' is the root; paths inside are relative to the
   * folder), for a build context. Past `maxBytes` it throws 'build_context_too_large' naming the
   * folder and the setting; a folder that is not there throws 'build_context_missing'.
   */
  abstract archive(repo: Repository, sha: string, dir: string, maxBytes: number): Promise<Buffer>;
  /** Removes the mirror (repository deleted). */
  abstract removeMirror(repo: Repository): Promise<void>;
}
