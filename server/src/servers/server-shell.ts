import { Injectable, Optional } from '@nestjs/common';
import type { Server } from '../generated/prisma/client.js';
import { SshPool } from '../ssh/ssh-pool.js';
import { RemoteCommand } from '../ssh/command.js';
import type { SshTarget } from '../ssh/ssh-target.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import { VaultService } from '../vault/vault.service.js';
import { SshError } from '../ssh/ssh-errors.js';
import { HostKeyRefusals } from './host-key-refusals.js';

export interface RunOptions {
  /** a Buffer for bytes (a build context's tar), a string for text (a password, a stack file) */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** Safe to run twice: a connection lost mid-command reconnects and runs it again (see ExecOptions). */
  idempotent?: boolean;
  /** Output chunks as they come (no pty: stderr stays stderr); the result still holds all of it. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero; `output` is its last lines, for the user. */
export class RemoteCommandFailed extends Error {
  constructor(
    readonly what: string,
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`${what} failed${output ? `: ${output}` : ` (exit code ${code})`}`);
  }
}

/** Our own channel timeout waits this much longer than the remote `timeout`. */
const REMOTE_TIMEOUT_MARGIN_MS = 15_000;

export function lastLines(text: string, n = 8): string {
  return text.trim().split('\n').slice(-n).join('\n').trim();
}

/** Runs commands on one server over the shared SSH pool, as its SSH user. */
@Injectable()
export class ServerShell {
  constructor(
    private readonly pool: SshPool,
    private readonly vault: VaultService,
    @Optional() private readonly refusals?: HostKeyRefusals,
  ) {}

  /** A changed host key is told to the timeline by whichever command meets it first. */
  private async reported<T>(server: Server, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof SshError && err.kind === 'host_key_mismatch') await this.refusals?.report(server, err);
      throw err;
    }
  }

  async target(server: Server): Promise<SshTarget> {
    return {
      id: server.id,
      host: server.hostname,
      port: server.sshPort,
      username: server.sshUser,
      privateKey: await this.vault.open(server.sshPrivateKey),
      passphrase: server.sshPassphrase ? await this.vault.open(server.sshPassphrase) : undefined,
      fingerprint: server.hostKeyFingerprint,
    };
  }

  /** Non-root users run docker and root-only commands through `sudo -n`. */
  needsSudo(server: Server): boolean {
    return server.sshUser !== 'root';
  }

  docker(server: Server): DockerCommands {
    return new DockerCommands(this.needsSudo(server));
  }

  /**
   * With a timeout, the command runs under coreutils' `timeout` on the server too: OpenSSH
   * ignores signal requests on root sessions, so closing our channel alone would leave a
   * hung `docker` running there. The remote limit expires first and answers exit code 124.
   */
  async run(server: Server, command: RemoteCommand, opts: RunOptions = {}): Promise<RunResult> {
    if (!opts.timeoutMs) return this.reported(server, async () => this.pool.exec(await this.target(server), command, opts));
    const seconds = String(Math.max(1, Math.floor(opts.timeoutMs / 1000)));
    const bounded = new RemoteCommand(['timeout', '-k', '5', seconds, ...command.argv], command.opts);
    const result = await this.reported(server, async () =>
      this.pool.exec(await this.target(server), bounded, { ...opts, timeoutMs: opts.timeoutMs! + REMOTE_TIMEOUT_MARGIN_MS }),
    );
    if (result.code === 124)
      return { ...result, stderr: `${result.stderr}\n${command.describe()} did not finish within ${seconds} s`.trim() };
    return result;
  }

  /** Runs a command and throws RemoteCommandFailed (with its output's tail) unless it exits 0. */
  async runOk(server: Server, command: RemoteCommand, what: string, opts: RunOptions = {}): Promise<RunResult> {
    const result = await this.run(server, command, opts);
    if (result.code !== 0) throw new RemoteCommandFailed(what, result.code, lastLines(result.stderr || result.stdout));
    return result;
  }

  async stream(
    server: Server,
    command: RemoteCommand,
    handlers: { onStdout(chunk: string): void; onStderr?(chunk: string): void },
    signal: AbortSignal,
  ): Promise<{ code: number | null }> {
    return this.reported(server, async () => this.pool.stream(await this.target(server), command, handlers, signal));
  }

  /** Closes the server's connection: the next command opens a fresh session (new groups, new key). */
  reset(server: Server): void {
    void this.pool.close(server.id);
  }
}
