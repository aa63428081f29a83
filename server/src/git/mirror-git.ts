import fs from 'node:fs/promises';
import path from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Repository } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { VaultService } from '../vault/vault.service.js';
import { ApiError, badRequest, conflict } from '../errors/api-error.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import { GitService, type CommitInfo, type RemoteRefs, type TreeEntry } from './git.service.js';
import { parseGitUrl, type GitUrl } from './git-url.js';
import { GitRunner, type GitOutput, type GitRun } from './git-runner.js';
import { GitCredentials, type GitAccess } from './git-credentials.js';
import { localFailure, remoteFailure, scrubbed } from './git-errors.js';
import { parseLsRemote, parseLsTree, parseCommitLine, COMMIT_FORMAT } from './git-output.js';
import { resolveTreePath, SYMLINK_MODE, type RawTreeEntry, type TreeLookup } from './tree-path.js';
import { checkRef, checkSha } from './git-args.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_TREE_ENTRIES = 10_000;
// local reads of a mirror: only a broken disk makes them slow
const LOCAL_TIMEOUT_MS = 60_000;

/**
 * GitService over one bare mirror per repository in <dataDir>/git/<id>.git, fetched with the
 * system git. A first clone goes to <id>.git.partial and is renamed once complete, so a
 * half-cloned mirror is never read.
 */
@Injectable()
export class MirrorGit extends GitService implements OnModuleInit {
  private readonly root: string;
  private readonly runner: GitRunner;
  private readonly credentials: GitCredentials;
  private readonly lock = new KeyedLock();
  private home?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    vault: VaultService,
  ) {
    super();
    this.root = path.join(config.dataDir, 'git');
    this.runner = new GitRunner(path.join(this.root, 'home'));
    this.credentials = new GitCredentials(vault, this.root);
  }

  /**
   * A crash (or kill -9) in the middle of a git call leaves its key folder and a half clone
   * behind; nothing else uses this data directory's git folder, so they can all go.
   */
  async onModuleInit(): Promise<void> {
    await fs.rm(this.credentials.tempRoot, { recursive: true, force: true });
    const entries = await fs.readdir(this.root).catch(() => [] as string[]);
    await Promise.all(
      entries.filter((e) => e.endsWith('.git.partial')).map((e) => fs.rm(path.join(this.root, e), { recursive: true, force: true })),
    );
  }

  mirrorPath(repo: Pick<Repository, 'id'>): string {
    if (!/^[A-Za-z0-9_-]+$/.test(repo.id))
      throw badRequest('repository_id_invalid', `The repository id ${JSON.stringify(repo.id)} is not valid.`);
    return path.join(this.root, `${repo.id}.git`);
  }

  async fetch(repo: Repository): Promise<void> {
    await this.lock.run(repo.id, async () => {
      try {
        await this.fetchLocked(repo);
        await this.record(repo, null);
      } catch (err) {
        await this.record(repo, err instanceof Error ? err.message : String(err));
        throw err;
      }
    });
  }

  private async fetchLocked(repo: Repository): Promise<void> {
    const url = this.urlOf(repo);
    const mirror = this.mirrorPath(repo);
    const exists = await isMirror(mirror);
    const target = exists ? mirror : `${mirror}.partial`;
    if (!exists) {
      await fs.rm(target, { recursive: true, force: true });
      await this.ensureHome();
      await this.local(['init', '--bare', '--quiet', '--end-of-options', target], 'creating the mirror');
    }
    const seconds = exists ? this.config.gitFetchTimeoutSeconds : this.config.gitCloneTimeoutSeconds;
    try {
      await this.remote(repo, url, {
        gitDir: target,
        args: [
          'fetch',
          '--prune',
          '--quiet',
          '--no-write-fetch-head',
          '--no-recurse-submodules',
          '--end-of-options',
          url.url,
          '+refs/heads/*:refs/heads/*',
          '+refs/tags/*:refs/tags/*',
        ],
        timeoutMs: seconds * 1000,
        timeoutSetting: exists ? 'OTTERNAUTS_GIT_FETCH_TIMEOUT' : 'OTTERNAUTS_GIT_CLONE_TIMEOUT',
        what: `${exists ? 'Fetching' : 'Cloning'} ${url.display}`,
      });
    } catch (err) {
      if (!exists) await fs.rm(target, { recursive: true, force: true });
      throw err;
    }
    if (!exists) await fs.rename(target, mirror);
  }

  async remoteRefs(repo: Repository): Promise<RemoteRefs> {
    const url = this.urlOf(repo);
    await this.ensureHome();
    const out = await this.remote(repo, url, {
      args: ['ls-remote', '--symref', '--end-of-options', url.url],
      timeoutMs: this.config.gitFetchTimeoutSeconds * 1000,
      timeoutSetting: 'OTTERNAUTS_GIT_FETCH_TIMEOUT',
      what: `Listing the refs of ${url.display}`,
      // a repository with every pull request's refs announces a lot
      maxStdoutBytes: 64 * 1024 * 1024,
    });
    return parseLsRemote(out.stdout.toString('utf8'));
  }

  async resolveRef(repo: Repository, ref: string): Promise<CommitInfo> {
    checkRef(ref);
    const mirror = this.mirrorPath(repo);
    if (!(await isMirror(mirror))) await this.fetch(repo);
    const sha = (await this.commitByPrefix(mirror, ref)) ?? (await this.firstCommit(mirror, candidatesFor(ref)));
    if (!sha) throw badRequest('ref_not_found', `${this.display(repo)} has no branch, tag or commit named ${ref}.`);
    return this.commitInfo(mirror, sha);
  }

  async hasCommit(repo: Repository, sha: string): Promise<boolean> {
    checkSha(sha);
    const mirror = this.mirrorPath(repo);
    if (!(await isMirror(mirror))) return false;
    const out = await this.local(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`], 'looking up a commit', mirror, true);
    return out.code === 0;
  }

  async readFile(repo: Repository, sha: string, filePath: string): Promise<Buffer | null> {
    checkSha(sha);
    const mirror = await this.existingMirror(repo);
    const entry = await resolveTreePath(this.lookup(mirror, sha), filePath);
    if (!entry || entry.type !== 'blob') return null;
    const raw = entry;
    if ((raw.size ?? 0) > MAX_FILE_BYTES) {
      throw badRequest(
        'file_too_large',
        `${filePath} is ${raw.size ?? 0} bytes at ${sha.slice(0, 7)}; files read from a repository may be at most 1 MiB.`,
      );
    }
    const out = await this.local(['cat-file', 'blob', raw.oid], `reading ${filePath}`, mirror);
    return out.stdout;
  }

  async listTree(repo: Repository, sha: string, dir: string, opts: { recursive?: boolean } = {}): Promise<TreeEntry[]> {
    checkSha(sha);
    const mirror = await this.existingMirror(repo);
    const folder = await resolveTreePath(this.lookup(mirror, sha), dir);
    if (!folder || folder.type !== 'tree') return [];
    const args = ['ls-tree', '-z', '-l', '--full-tree', ...(opts.recursive ? ['-r'] : []), sha];
    if (folder.path) args.push('--', `${folder.path}/`);
    const out = await this.local(args, `listing ${dir || 'the root'} at ${sha.slice(0, 7)}`, mirror, false, 64 * 1024 * 1024);
    const entries = parseLsTree(out.stdout.toString('utf8'));
    if (entries.length > MAX_TREE_ENTRIES) {
      throw badRequest(
        'tree_too_large',
        `${dir || 'The repository root'} holds more than ${MAX_TREE_ENTRIES} entries at ${sha.slice(0, 7)}; point the stack at a smaller folder.`,
      );
    }
    return entries.map(toTreeEntry);
  }

  async changedPaths(repo: Repository, from: string | null, to: string): Promise<string[]> {
    checkSha(to);
    if (from !== null) checkSha(from);
    const mirror = await this.existingMirror(repo);
    const args =
      from === null
        ? ['ls-tree', '-r', '-z', '--name-only', '--full-tree', to]
        : ['diff-tree', '-r', '-z', '--name-only', '--no-renames', '--no-commit-id', from, to];
    const out = await this.local(
      args,
      `comparing ${from?.slice(0, 7) ?? 'nothing'} with ${to.slice(0, 7)}`,
      mirror,
      false,
      64 * 1024 * 1024,
    );
    return out.stdout.toString('utf8').split('\0').filter(Boolean);
  }

  async archive(repo: Repository, sha: string, dir: string, maxBytes: number): Promise<Buffer> {
    checkSha(sha);
    const mirror = await this.existingMirror(repo);
    const where = dir || 'the repository root';
    const folder = await resolveTreePath(this.lookup(mirror, sha), dir);
    if (!folder || folder.type !== 'tree')
      throw badRequest(
        'build_context_missing',
        `The build context ${where} is not a folder of ${this.display(repo)} at ${sha.slice(0, 7)}.`,
      );
    // `<sha>:<folder>` archives the folder's tree with paths relative to it: the layout docker build expects
    const treeish = folder.path ? `${sha}:${folder.path}` : sha;
    try {
      const out = await this.local(['archive', '--format=tar', '--end-of-options', treeish], `archiving ${where}`, mirror, false, maxBytes);
      return out.stdout;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'git_output_too_large')
        throw badRequest(
          'build_context_too_large',
          `The build context ${where} at ${sha.slice(0, 7)} is larger than ${sizeText(maxBytes)}; ` +
            'build from a smaller folder or raise OTTERNAUTS_BUILD_CONTEXT_MAX_MB.',
        );
      throw err;
    }
  }

  async removeMirror(repo: Repository): Promise<void> {
    const mirror = this.mirrorPath(repo);
    await this.lock.run(repo.id, async () => {
      await fs.rm(mirror, { recursive: true, force: true });
      await fs.rm(`${mirror}.partial`, { recursive: true, force: true });
    });
  }

  // ------------------------------------------------------------------ helpers

  private urlOf(repo: Repository): GitUrl {
    const parsed = parseGitUrl(repo.url);
    if (!parsed.ok) throw badRequest('repository_url_invalid', `The repository URL is not usable: ${parsed.message}`);
    return parsed.url;
  }

  private display(repo: Repository): string {
    const parsed = parseGitUrl(repo.url);
    return parsed.ok ? parsed.url.display : repo.name;
  }

  private async existingMirror(repo: Repository): Promise<string> {
    const mirror = this.mirrorPath(repo);
    if (!(await isMirror(mirror))) throw conflict('mirror_missing', `${this.display(repo)} has not been fetched yet; fetch it first.`);
    return mirror;
  }

  private ensureHome(): Promise<void> {
    this.home ??= fs.mkdir(path.join(this.root, 'home'), { recursive: true, mode: 0o700 }).then(async () => {
      await fs.chmod(this.root, 0o700);
    });
    return this.home;
  }

  private async remote(repo: Repository, url: GitUrl, run: GitRun): Promise<GitOutput> {
    await this.ensureHome();
    let access: GitAccess | undefined;
    try {
      access = await this.credentials.prepare(repo, url);
      const out = await this.runner.run({
        ...run,
        args: [...access.config, ...run.args],
        env: access.env,
        allowHttp: url.url.startsWith('http://'),
      });
      if (out.code !== 0) {
        throw remoteFailure(out.stderr, {
          what: run.what,
          display: url.display,
          secrets: access.secrets,
          confirmedFingerprint: repo.hostKeyFingerprint,
          access: repo.access,
        });
      }
      return out;
    } catch (err) {
      throw scrubbed(err, access?.secrets ?? []);
    } finally {
      await access?.cleanup();
    }
  }

  private async local(args: string[], what: string, gitDir?: string, allowFailure = false, maxStdoutBytes?: number): Promise<GitOutput> {
    await this.ensureHome();
    const out = await this.runner.run({ args, gitDir, timeoutMs: LOCAL_TIMEOUT_MS, what, maxStdoutBytes });
    if (out.code !== 0 && !allowFailure) throw localFailure(out.stderr, what, []);
    return out;
  }

  private async record(repo: Repository, error: string | null): Promise<void> {
    await this.prisma.repository
      .update({ where: { id: repo.id }, data: error === null ? { lastFetchedAt: new Date(), lastError: null } : { lastError: error } })
      // the repository may have been deleted while it was fetched
      .catch(() => undefined);
  }

  /** An unambiguous commit whose sha starts with `ref` (hex only). */
  private async commitByPrefix(mirror: string, ref: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(ref)) return null;
    const out = await this.local(['rev-parse', '--disambiguate=' + ref.toLowerCase()], 'looking up a commit', mirror, true);
    const objects = out.stdout.toString('utf8').split('\n').filter(Boolean);
    const commits: string[] = [];
    for (const oid of objects) {
      const type = await this.local(['cat-file', '-t', oid], 'looking up a commit', mirror, true);
      if (type.code === 0 && type.stdout.toString('utf8').trim() === 'commit') commits.push(oid);
    }
    if (commits.length > 1)
      throw badRequest('ref_ambiguous', `${ref} is the start of ${commits.length} commits; give more characters of the sha.`);
    return commits[0] ?? null;
  }

  private async firstCommit(mirror: string, candidates: string[]): Promise<string | null> {
    for (const candidate of candidates) {
      const out = await this.local(
        ['rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`],
        'resolving a ref',
        mirror,
        true,
      );
      if (out.code === 0) return out.stdout.toString('utf8').trim();
    }
    return null;
  }

  private async commitInfo(mirror: string, sha: string): Promise<CommitInfo> {
    const out = await this.local(
      ['show', '-s', '--no-show-signature', `--format=${COMMIT_FORMAT}`, '--end-of-options', sha],
      'reading a commit',
      mirror,
    );
    return parseCommitLine(out.stdout.toString('utf8'));
  }

  private lookup(mirror: string, sha: string): TreeLookup {
    return {
      entry: async (p) => {
        const out = await this.local(['ls-tree', '-z', '-l', '--full-tree', sha, '--', p], `reading ${p}`, mirror);
        return parseLsTree(out.stdout.toString('utf8')).find((e) => e.path === p) ?? null;
      },
      linkTarget: async (oid) =>
        (await this.local(['cat-file', 'blob', oid], 'reading a symlink', mirror, false, 4096)).stdout.toString('utf8'),
    };
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;
}

async function isMirror(dir: string): Promise<boolean> {
  return fs.stat(path.join(dir, 'HEAD')).then(
    () => true,
    () => false,
  );
}

/** resolveRef's order after a commit sha: branch, tag, then a full ref name. */
export function candidatesFor(ref: string): string[] {
  return [`refs/heads/${ref}`, `refs/tags/${ref}`, ...(ref.startsWith('refs/') ? [ref] : [])];
}

function toTreeEntry(e: RawTreeEntry): TreeEntry {
  if (e.mode === SYMLINK_MODE) return { path: e.path, type: 'symlink' };
  if (e.type === 'tree') return { path: e.path, type: 'dir' };
  if (e.type === 'commit') return { path: e.path, type: 'submodule' };
  return { path: e.path, type: 'file', size: e.size };
}
