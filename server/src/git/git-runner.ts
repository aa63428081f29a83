import { spawn } from 'node:child_process';
import { ApiError, unavailable } from '../errors/api-error.js';

export const GIT_MISSING_MESSAGE = 'Mission Control needs git on its machine: apt-get install git';

export interface GitRun {
  args: string[];
  /** the bare mirror the command works on (passed as --git-dir) */
  gitDir?: string;
  /** extra environment: credentials, GIT_SSH_COMMAND (never put in argv) */
  env?: Record<string, string>;
  timeoutMs: number;
  /** names the setting to raise in the timeout error, e.g. OTTERNAUTS_GIT_FETCH_TIMEOUT */
  timeoutSetting?: string;
  /** the operation, for messages: "git fetch of https://host/repo.git" */
  what: string;
  /** stdout beyond this kills git and fails (default 8 MiB) */
  maxStdoutBytes?: number;
  /** allow plain http (loopback test servers only; parseGitUrl already refused others) */
  allowHttp?: boolean;
}

export interface GitOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

/**
 * The options every git call gets. Hooks off and every transport forbidden but the ones a
 * repository URL may use, so a crafted URL or a repository's own settings cannot run code here.
 */
export function safetyConfig(allowHttp: boolean): string[] {
  // prettier-ignore
  return [
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'protocol.allow=never',
    '-c', 'protocol.https.allow=always',
    '-c', 'protocol.ssh.allow=always',
    '-c', `protocol.http.allow=${allowHttp ? 'always' : 'never'}`,
    // an empty value resets the helper list: nothing stores or looks up credentials
    '-c', 'credential.helper=',
    '-c', 'core.askPass=',
    '-c', 'core.fsmonitor=false',
    '-c', 'submodule.recurse=false',
    '-c', 'fetch.recurseSubmodules=false',
    '-c', 'gc.auto=0',
    '-c', 'maintenance.auto=false',
  ];
}

// how this machine reaches the Git host (a proxy, a company CA): the operator's settings, no secret of ours
const PASSED_THROUGH = [
  'http_proxy',
  'https_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'no_proxy',
  'NO_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
];

/**
 * The whole environment of a git child: the server's own environment (which holds the vault
 * key) never reaches git; the user's and the system's git configuration are not read.
 */
export function gitEnvironment(
  home: string,
  extra: Record<string, string> = {},
  searchPath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
): Record<string, string> {
  const passed = Object.fromEntries(PASSED_THROUGH.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
  return {
    ...passed,
    PATH: searchPath,
    HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROTOCOL_FROM_USER: '0',
    // pathspecs are file names, never globs
    GIT_LITERAL_PATHSPECS: '1',
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
    // without our own GIT_SSH_COMMAND (a deploy key), ssh would use whatever ~/.ssh holds
    GIT_SSH_COMMAND:
      'ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null',
    GIT_SSH_VARIANT: 'ssh',
    ...extra,
  };
}

export class GitTimeoutError extends ApiError {
  constructor(what: string, seconds: number, setting?: string) {
    super(
      504,
      'git_timeout',
      `${what} took longer than ${seconds} s and was stopped` +
        (setting ? `; raise ${setting} if the repository is large or the Git host slow.` : '.'),
    );
  }
}

/**
 * Runs the system git with an argument list (no shell), in its own process group so that a
 * timeout also ends the ssh or git-remote-https it started.
 */
export class GitRunner {
  constructor(
    private readonly home: string,
    /** where git is looked up (tests point it at an empty folder) */
    private readonly searchPath?: string,
  ) {}

  run(job: GitRun): Promise<GitOutput> {
    const args = [...safetyConfig(job.allowHttp ?? false), ...(job.gitDir ? [`--git-dir=${job.gitDir}`] : []), ...job.args];
    const maxStdout = job.maxStdoutBytes ?? 8 * 1024 * 1024;
    return new Promise<GitOutput>((resolve, reject) => {
      const child = spawn('git', args, {
        env: gitEnvironment(this.home, job.env, this.searchPath),
        // every path given to git is absolute; a missing cwd would look like a missing git (both ENOENT)
        cwd: '/',
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      let failure: Error | undefined;
      const killGroup = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group has already gone
        }
      };
      const timer = setTimeout(() => {
        failure = new GitTimeoutError(job.what, Math.round(job.timeoutMs / 100) / 10, job.timeoutSetting);
        killGroup();
      }, job.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxStdout) {
          failure ??= new ApiError(502, 'git_output_too_large', `${job.what} answered more than ${maxStdout} bytes and was stopped.`);
          killGroup();
          return;
        }
        chunks.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err.code === 'ENOENT' ? unavailable('git_missing', GIT_MISSING_MESSAGE) : err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        // a grandchild (ssh) may outlive git when git itself died
        killGroup();
        if (failure) return reject(failure);
        resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(chunks), stderr });
      });
    });
  }
}
