import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// fixed identity and no machine or user config: the test's git behaves the same on every machine
const FIXED_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Otto Tester',
  GIT_AUTHOR_EMAIL: 'otto@otternauts.test',
  GIT_COMMITTER_NAME: 'Otto Tester',
  GIT_COMMITTER_EMAIL: 'otto@otternauts.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};
// fixed dates too: the same files make the same commits (e2e suites keep real dates, as a developer's)
const FIXED_DATES: Record<string, string> = {
  GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
  GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
};

export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** false: commits take the real time; default true */
  fixedDates?: boolean;
}

/** Runs the test's own git (argument list, no shell); rejects with git's stderr. */
export function runGit(args: string[], opts: RunGitOptions = {}): Promise<string> {
  const dates = opts.fixedDates === false ? {} : FIXED_DATES;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: opts.cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: opts.cwd ?? '/tmp', ...FIXED_ENV, ...dates, ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => (err ? reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)),
    );
  });
}

/** A bare repository at `dir` (e.g. <server root>/app.git) whose HEAD is `branch`. */
export async function makeBareRepo(dir: string, branch = 'main'): Promise<string> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, dir]);
  return dir;
}

/** Files to write: text, or `{ symlink: target }` for a link. */
export type FixtureFiles = Record<string, string | { symlink: string } | null>;

/** A developer's work tree: write files, commit with a fixed author, push. */
export class WorkClone {
  private constructor(
    readonly dir: string,
    private readonly fixedDates: boolean,
  ) {}

  static async create(dir: string, branch = 'main', opts: { fixedDates?: boolean } = {}): Promise<WorkClone> {
    fs.mkdirSync(dir, { recursive: true });
    await runGit(['init', '--quiet', `--initial-branch=${branch}`, dir]);
    return new WorkClone(dir, opts.fixedDates ?? true);
  }

  git(args: string[], env: Record<string, string> = {}): Promise<string> {
    return runGit(args, { cwd: this.dir, env, fixedDates: this.fixedDates });
  }

  /** Writes (or with null removes) files relative to the work tree. */
  write(files: FixtureFiles): this {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.dir, name);
      fs.rmSync(file, { force: true, recursive: true });
      if (content === null) continue;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (typeof content === 'string') fs.writeFileSync(file, content);
      else fs.symlinkSync(content.symlink, file);
    }
    return this;
  }

  /** Commits everything; returns the new commit's sha. */
  async commit(subject: string, files: FixtureFiles = {}): Promise<string> {
    this.write(files);
    await this.git(['add', '--all']);
    await this.git(['commit', '--quiet', '--allow-empty', '-m', subject]);
    return (await this.git(['rev-parse', 'HEAD'])).trim();
  }

  async tag(name: string, message?: string): Promise<void> {
    await this.git(message ? ['tag', '-a', name, '-m', message] : ['tag', name]);
  }

  async branch(name: string): Promise<void> {
    await this.git(['checkout', '--quiet', '-B', name]);
  }

  /** Switches to `branch` as it is (create: a new branch at HEAD, failing if it exists). */
  async checkout(branch: string, create = false): Promise<void> {
    await this.git(create ? ['checkout', '--quiet', '-b', branch] : ['checkout', '--quiet', branch]);
  }

  /** The files a commit touched, as a provider's push payload lists them. */
  async changes(sha: string): Promise<{ added: string[]; removed: string[]; modified: string[] }> {
    const out = await this.git(['diff-tree', '--no-commit-id', '--root', '-r', '--name-status', sha]);
    const changes = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
    for (const line of out.trim().split('\n').filter(Boolean)) {
      const [status, file] = line.split('\t');
      (status === 'A' ? changes.added : status === 'D' ? changes.removed : changes.modified).push(file);
    }
    return changes;
  }

  /**
   * Pushes refs (default HEAD:refs/heads/main and every tag) to a bare repository path or URL.
   * `env` carries credentials for an HTTP remote (http.extraHeader via GIT_CONFIG_*), never argv.
   */
  async push(remote: string, refspecs: string[] = ['HEAD:refs/heads/main'], env: Record<string, string> = {}): Promise<void> {
    await this.git(['push', '--quiet', '--force', remote, ...refspecs, '--tags'], env);
  }
}

/** Environment that makes git send a Basic token (for a test's own pushes to a token-protected server). */
export function basicAuthEnv(user: string, token: string): Record<string, string> {
  const basic = Buffer.from(`${user}:${token}`).toString('base64');
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
}

/** A bare repository with one commit of `files` pushed to `branch`; returns the commit. */
export async function seedRepo(
  bareDir: string,
  workDir: string,
  files: FixtureFiles,
  branch = 'main',
): Promise<{ sha: string; work: WorkClone }> {
  await makeBareRepo(bareDir, branch);
  const work = await WorkClone.create(workDir, branch);
  const sha = await work.commit('first commit', files);
  await work.push(bareDir, [`HEAD:refs/heads/${branch}`]);
  return { sha, work };
}
