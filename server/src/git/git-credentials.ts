import fs from 'node:fs/promises';
import path from 'node:path';
import type { Repository } from '../generated/prisma/client.js';
import { badRequest, conflict } from '../errors/api-error.js';
import type { VaultService } from '../vault/vault.service.js';
import type { GitUrl } from './git-url.js';

/** What one git call needs to authenticate; `cleanup` runs in finally. */
export interface GitAccess {
  env: Record<string, string>;
  /** git -c options (before the subcommand) */
  config: string[];
  /** texts that must never appear in an error */
  secrets: string[];
  cleanup(): Promise<void>;
}

// the pinned type decides what ssh may negotiate, so a host cannot fall back to another key we never confirmed
const HOST_KEY_ALGORITHMS: Record<string, string> = {
  'ssh-ed25519': 'ssh-ed25519',
  'ssh-rsa': 'rsa-sha2-512,rsa-sha2-256,ssh-rsa',
  'ecdsa-sha2-nistp256': 'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384': 'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521': 'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com': 'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'sk-ecdsa-sha2-nistp256@openssh.com',
};

/** known_hosts names the pinned key by this alias, so host and port formats (IPv6, :2222) cannot mismatch */
export const HOST_KEY_ALIAS = 'otternauts-git-host';

// prints what git asks for from the child's environment: the script holds no secret, and argv never does
const ASKPASS_SCRIPT = `#!/bin/sh
case "$1" in
  Username*|username*) printf '%s\\n' "$OTTERNAUTS_GIT_USERNAME" ;;
  *) printf '%s\\n' "$OTTERNAUTS_GIT_TOKEN" ;;
esac
`;

const nothingToClean = () => Promise.resolve();
const NO_ACCESS: GitAccess = { env: {}, config: [], secrets: [], cleanup: nothingToClean };

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The ssh command git runs for a deploy key; every path is quoted because git hands it to sh. */
export function sshCommand(keyFile: string, knownHostsFile: string, hostKeyType: string): string {
  const algorithms = HOST_KEY_ALGORITHMS[hostKeyType];
  if (!algorithms) throw badRequest('host_key_type_unsupported', `The pinned host key type ${hostKeyType} is not one ssh can verify here.`);
  // prettier-ignore
  return [
    'ssh',
    '-F', '/dev/null',
    '-i', shellQuote(keyFile),
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', `UserKnownHostsFile=${shellQuote(knownHostsFile)}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', `HostKeyAlias=${HOST_KEY_ALIAS}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'UpdateHostKeys=no',
    '-o', 'BatchMode=yes',
    '-o', 'ControlMaster=no',
    '-o', 'ControlPath=none',
    '-o', 'ForwardAgent=no',
    '-o', 'ConnectTimeout=30',
    '-o', `HostKeyAlgorithms=${algorithms}`,
  ].join(' ');
}

export function knownHostsLine(hostKeyType: string, hostKeyBase64: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(hostKeyBase64))
    throw badRequest('host_key_invalid', 'The pinned host key is not valid base64; confirm the host key again.');
  return `${HOST_KEY_ALIAS} ${hostKeyType} ${hostKeyBase64}\n`;
}

/**
 * Turns a repository's sealed credentials into what one git call needs: a token goes to git
 * through GIT_ASKPASS and the child's environment; a deploy key and the pinned host key go to
 * files in a private temporary folder that lives as long as the call.
 */
export class GitCredentials {
  constructor(
    private readonly vault: VaultService,
    private readonly gitRoot: string,
  ) {}

  /** Where the per-call key folders live; MirrorGit empties it at start-up. */
  get tempRoot(): string {
    return path.join(this.gitRoot, 'tmp');
  }

  async prepare(repo: Repository, url: GitUrl): Promise<GitAccess> {
    if (url.kind === 'ssh') return this.deployKey(repo, url);
    if (repo.access === 'token') return this.token(repo, url);
    return NO_ACCESS;
  }

  private async token(repo: Repository, url: GitUrl): Promise<GitAccess> {
    if (!repo.token)
      throw conflict(
        'git_token_missing',
        `${url.display} is set to use a token, but none is stored; set one in the repository's settings.`,
      );
    const token = await this.vault.open(repo.token);
    const username = repo.tokenUsername || 'x-access-token';
    return {
      env: {
        GIT_ASKPASS: await this.askpassScript(),
        OTTERNAUTS_GIT_USERNAME: username,
        OTTERNAUTS_GIT_TOKEN: token,
      },
      // a redirect to another host would get the token too
      config: ['-c', 'http.followRedirects=false'],
      secrets: [token, encodeURIComponent(token), Buffer.from(`${username}:${token}`).toString('base64')],
      cleanup: nothingToClean,
    };
  }

  private async deployKey(repo: Repository, url: GitUrl): Promise<GitAccess> {
    if (!repo.deployKey)
      throw conflict(
        'git_deploy_key_missing',
        `${url.display} is reached over SSH and needs a deploy key; create one in the repository's settings.`,
      );
    if (!repo.hostKey || !repo.hostKeyType) {
      throw conflict(
        'git_host_key_unconfirmed',
        `The host key of ${url.host} is not confirmed yet; scan and confirm it in the repository's settings.`,
      );
    }
    const key = await this.vault.open(repo.deployKey);
    const knownHosts = knownHostsLine(repo.hostKeyType, repo.hostKey);
    // under the data directory, not the shared /tmp: one Mission Control per data directory can sweep it after a crash
    await fs.mkdir(this.tempRoot, { recursive: true, mode: 0o700 });
    const dir = await fs.mkdtemp(path.join(this.tempRoot, 'ssh-'));
    const cleanup = () => fs.rm(dir, { recursive: true, force: true });
    try {
      await fs.chmod(dir, 0o700);
      const keyFile = path.join(dir, 'key');
      const knownHostsFile = path.join(dir, 'known_hosts');
      await fs.writeFile(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
      await fs.writeFile(knownHostsFile, knownHosts, { mode: 0o600 });
      return {
        env: { GIT_SSH_COMMAND: sshCommand(keyFile, knownHostsFile, repo.hostKeyType) },
        config: [],
        secrets: [key, ...key.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'))],
        cleanup,
      };
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  private askpass?: Promise<string>;

  /** Written once per process under <dataDir>/git; it holds no secret, only reads the environment. */
  private askpassScript(): Promise<string> {
    this.askpass ??= (async () => {
      const file = path.join(this.gitRoot, 'askpass.sh');
      await fs.mkdir(this.gitRoot, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, ASKPASS_SCRIPT, { mode: 0o700 });
      await fs.rename(tmp, file);
      return file;
    })().catch((err: unknown) => {
      this.askpass = undefined;
      throw err;
    });
    return this.askpass;
  }
}

/** Removes every secret text from a message (defence in depth: git should never print them). */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  return out;
}
