import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { Runnable } from './command.js';
import type { ExecResult, StreamHandlers } from './exec-channel.js';
import { SshConnection, type ConnectionSettings, type ConnectionStats } from './ssh-connection.js';
import { SshError } from './ssh-errors.js';
import type { SshLogger } from './ssh-logger.js';
import { connectionParamsKey, type SshTarget } from './ssh-target.js';

export interface SshPoolOptions {
  /** Channels at once per connection: under OpenSSH's MaxSessions (10). */
  maxChannelsPerConnection?: number;
  /** Of those, how many may be long-lived streams, so log viewers never starve commands. */
  maxStreamsPerConnection?: number;
  /** TCP connect + handshake + authentication. */
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  commandTimeoutMs?: number;
  /** A connection without channels is closed after this long. */
  idleTimeoutMs?: number;
  /** Connection attempts for transient failures; permanent ones are attempted once. */
  connectAttempts?: number;
  /** Wait before retry n (the last value repeats). */
  retryDelaysMs?: number[];
  /**
   * Waits before running an idempotent command again after its connection was lost while
   * it ran; one entry per rerun (so also how many there are).
   */
  rerunDelaysMs?: number[];
  logger?: SshLogger;
}

export const SSH_POOL_OPTIONS = Symbol('SSH_POOL_OPTIONS');

const DEFAULTS = {
  maxChannelsPerConnection: 8,
  maxStreamsPerConnection: 4,
  readyTimeoutMs: 15_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  commandTimeoutMs: 120_000,
  idleTimeoutMs: 5 * 60_000,
  connectAttempts: 3,
  retryDelaysMs: [500, 1000],
  rerunDelaysMs: [500, 2000],
} satisfies Required<Omit<SshPoolOptions, 'logger'>>;

export interface ExecOptions {
  /** Written to the command's stdin, then closed: the way to pass secrets (never argv). */
  stdin?: string | Buffer;
  /** How long the command may run once its channel is open (queueing excluded). */
  timeoutMs?: number;
  /**
   * Running it twice does no harm (a read, `docker stack deploy` of the same file): a
   * connection lost while it ran reconnects and runs it again instead of failing. Set it at
   * the call site, and never for `swarm init/join/leave`, which must not run twice.
   */
  idempotent?: boolean;
  /** Output chunks as they come, without a pty (stderr stays stderr); see ExecChannelOptions. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface SshPoolStats {
  connections: number;
  connecting: number;
  activeChannels: number;
  queuedChannels: number;
  targets: Array<{ id: string } & ConnectionStats>;
}

/** The connection attempt in progress, so close() can cut it short. */
interface Pending {
  attempt?: SshConnection;
}

interface Entry {
  paramsKey: string;
  ready: Promise<SshConnection>;
  /** Set once connected. */
  connection?: SshConnection;
  pending: Pending;
}

/**
 * The only owner of SSH connections: one per target, opened on first use, shared by every
 * operation, checked against the confirmed host key every time it is (re)opened.
 */
@Injectable()
export class SshPool implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly retiring = new Set<SshConnection>();
  /** Permanent failures by target id, replayed until the parameters change or close(). */
  private readonly failures = new Map<string, { paramsKey: string; error: SshError }>();
  private readonly options: typeof DEFAULTS & { logger?: SshLogger };

  constructor(@Optional() @Inject(SSH_POOL_OPTIONS) options: SshPoolOptions = {}) {
    this.options = { ...DEFAULTS, ...withoutUndefined(options) };
  }

  /** Runs a command; a non-zero exit code is a result, not an error. */
  async exec(target: SshTarget, cmd: Runnable, opts: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = opts.timeoutMs ?? this.options.commandTimeoutMs;
    const started = Date.now();
    const fields = { targetId: target.id, program: cmd.describe() };
    try {
      const result = await this.onConnection(
        target,
        (c) => c.exec(cmd, { stdin: opts.stdin, timeoutMs, onStdout: opts.onStdout, onStderr: opts.onStderr }),
        opts.idempotent ? { program: cmd.describe() } : undefined,
      );
      this.options.logger?.debug({ ...fields, code: result.code, ms: Date.now() - started }, 'ssh command finished');
      return result;
    } catch (err) {
      const kind = err instanceof SshError ? err.kind : 'error';
      const ms = Date.now() - started;
      this.options.logger?.warn({ ...fields, kind, ms }, 'ssh command failed');
      throw err;
    }
  }

  /**
   * Runs a long-lived command, delivering output as it comes. Aborting the signal ends
   * the remote process too and resolves with code null. Output arrives through a pty,
   * so stderr is merged into onStdout.
   */
  stream(target: SshTarget, cmd: Runnable, handlers: StreamHandlers, signal: AbortSignal): Promise<{ code: number | null }> {
    if (signal.aborted) return Promise.resolve({ code: null });
    return this.onConnection(target, (c) => c.stream(cmd, handlers, signal));
  }

  /**
   * Closes the target's connection and forgets a remembered permanent failure, so the
   * next call connects afresh (a "test connection" after fixing authorized_keys).
   */
  async close(targetId: string): Promise<void> {
    this.failures.delete(targetId);
    const entry = this.entries.get(targetId);
    if (!entry) return;
    this.entries.delete(targetId);
    await closeEntry(entry);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    this.failures.clear();
    const retiring = [...this.retiring];
    await Promise.all([...entries.map(closeEntry), ...retiring.map((c) => c.close())]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeAll();
  }

  stats(): SshPoolStats {
    const targets: SshPoolStats['targets'] = [];
    let connecting = 0;
    for (const [id, entry] of this.entries) {
      if (entry.connection) targets.push({ id, ...entry.connection.stats() });
      else connecting++;
    }
    return {
      connections: targets.filter((t) => t.state === 'ready').length + this.retiring.size,
      connecting,
      activeChannels: targets.reduce((n, t) => n + t.activeChannels, 0),
      queuedChannels: targets.reduce((n, t) => n + t.queuedChannels, 0),
      targets,
    };
  }

  /**
   * Runs an operation on the target's connection. An operation that failed because the
   * connection was already gone before it reached the server (a drop noticed late) is
   * retried once on a fresh connection. One that may have run is repeated only when the
   * caller said it is safe (`rerun`), a few times after a short pause.
   */
  private async onConnection<T>(target: SshTarget, op: (c: SshConnection) => Promise<T>, rerun?: { program: string }): Promise<T> {
    const delays = this.options.rerunDelaysMs;
    let notStartedRetries = 0;
    let reruns = 0;
    for (;;) {
      const connection = await this.connection(target);
      try {
        return await op(connection);
      } catch (err) {
        if (!(err instanceof SshError) || err.kind !== 'connection_lost') throw err;
        if (!err.commandStarted) {
          if (notStartedRetries++ >= 1) throw err;
          continue;
        }
        if (!rerun || reruns >= delays.length) throw err;
        const wait = delays[reruns++];
        this.options.logger?.warn(
          { targetId: target.id, program: rerun.program, rerun: reruns, waitMs: wait },
          'ssh connection lost while an idempotent command ran; running it again',
        );
        await delay(wait);
      }
    }
  }

  private connection(target: SshTarget): Promise<SshConnection> {
    const paramsKey = connectionParamsKey(target);
    const failure = this.failures.get(target.id);
    if (failure?.paramsKey === paramsKey) return Promise.reject(failure.error);
    if (failure) this.failures.delete(target.id);

    const existing = this.entries.get(target.id);
    if (existing?.paramsKey === paramsKey) {
      if (!existing.connection || existing.connection.isUsable) return existing.ready;
      // Broken or retired by itself (a stuck channel): finish its work, use a new one.
      this.entries.delete(target.id);
      this.retire(existing);
    } else if (existing) {
      this.entries.delete(target.id);
      this.retire(existing);
      this.options.logger?.debug({ targetId: target.id }, 'ssh target changed; new connection');
    }

    const current = () => this.entries.get(target.id) === entry;
    const pending: Pending = {};
    const ready = this.connectWithRetry(target, pending, current).then(
      (connection) => {
        entry.connection = connection;
        return connection;
      },
      (err: unknown) => {
        if (current()) {
          this.entries.delete(target.id);
          if (err instanceof SshError && err.permanent) {
            this.failures.set(target.id, { paramsKey, error: err });
          }
        }
        throw err;
      },
    );
    const entry: Entry = { paramsKey, ready, pending };
    this.entries.set(target.id, entry);
    return entry.ready;
  }

  private async connectWithRetry(target: SshTarget, pending: Pending, current: () => boolean): Promise<SshConnection> {
    const { connectAttempts, retryDelaysMs, logger } = this.options;
    const where = { targetId: target.id, host: target.host, port: target.port };
    for (let attempt = 1; ; attempt++) {
      const connection = new SshConnection(target, this.settings(), (c) => this.forget(target.id, c));
      pending.attempt = connection;
      const started = Date.now();
      try {
        await connection.open();
        logger?.debug({ ...where, attempt, ms: Date.now() - started }, 'ssh connected');
        return connection;
      } catch (err) {
        const error = err as SshError;
        const retry = !error.permanent && attempt < connectAttempts;
        logger?.warn({ ...where, attempt, kind: error.kind, retry }, 'ssh connect failed');
        if (!retry) throw error;
        await delay(retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)] ?? 0);
        // Closed or replaced meanwhile: nobody wants this connection any more.
        if (!current()) throw error;
      }
    }
  }

  private retire(entry: Entry): void {
    void entry.ready.then(
      (connection) => {
        if (connection.isClosed) return;
        this.retiring.add(connection);
        connection.retire();
      },
      () => undefined,
    );
  }

  private forget(targetId: string, connection: SshConnection): void {
    this.retiring.delete(connection);
    const entry = this.entries.get(targetId);
    if (entry?.connection === connection) this.entries.delete(targetId);
  }

  private settings(): ConnectionSettings {
    const o = this.options;
    return {
      readyTimeoutMs: o.readyTimeoutMs,
      keepaliveIntervalMs: o.keepaliveIntervalMs,
      keepaliveCountMax: o.keepaliveCountMax,
      maxChannels: o.maxChannelsPerConnection,
      maxStreams: o.maxStreamsPerConnection,
      idleTimeoutMs: o.idleTimeoutMs,
      logger: o.logger,
    };
  }
}

/** For use without Nest's container (scripts, tests). */
export function createSshPool(options: SshPoolOptions = {}): SshPool {
  return new SshPool(options);
}

async function closeEntry(entry: Entry): Promise<void> {
  // An attempt still connecting is cut short; its retry loop sees the entry is gone.
  if (!entry.connection) void entry.pending.attempt?.close();
  const connection = await entry.ready.catch(() => undefined);
  await connection?.close();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
