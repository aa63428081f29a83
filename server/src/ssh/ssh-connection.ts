import ssh2 from 'ssh2';
import { ChannelLimiter } from './channel-limiter.js';
import { baseConnectConfig } from './client-config.js';
import type { Runnable } from './command.js';
import {
  ChannelRefusedError,
  runExec,
  type ChannelHost,
  type ExecChannelOptions,
  runStream,
  type ExecResult,
  type StreamHandlers,
} from './exec-channel.js';
import { fingerprintOf, sameFingerprint } from './host-key.js';
import { normalizeKeyText } from './private-key.js';
import { classifyConnectError, SshError, sshErrors, type SshEndpoint } from './ssh-errors.js';
import type { SshLogger } from './ssh-logger.js';
import type { SshTarget } from './ssh-target.js';

export interface ConnectionSettings {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  maxChannels: number;
  maxStreams: number;
  idleTimeoutMs: number;
  logger?: SshLogger;
}

export type ConnectionState = 'connecting' | 'ready' | 'closed';

export interface ConnectionStats {
  state: ConnectionState;
  activeChannels: number;
  queuedChannels: number;
  peakActiveChannels: number;
  channelLimit: number;
  activeStreams: number;
}

/**
 * One ssh2 connection to one server and everything multiplexed over it: exec and stream
 * channels under a limit, an idle timer. It never reconnects;
 * once closed it is replaced by the pool.
 */
export class SshConnection {
  private readonly client = new ssh2.Client();
  private readonly channels: ChannelLimiter;
  private readonly streams: ChannelLimiter;
  private readonly endpoint: SshEndpoint;
  private state: ConnectionState = 'connecting';
  private retired = false;
  private broken = false;
  private idleTimer?: NodeJS.Timeout;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly target: SshTarget,
    private readonly settings: ConnectionSettings,
    private readonly onClosed: (connection: SshConnection) => void,
  ) {
    this.endpoint = { host: target.host, port: target.port };
    this.channels = new ChannelLimiter(settings.maxChannels);
    this.streams = new ChannelLimiter(Math.min(settings.maxStreams, settings.maxChannels));
    // ssh2 throws an 'error' with no listener as an uncaught exception; after the handshake
    // every error is followed by 'close', which is where the connection is given up.
    this.client.on('error', (err) => {
      if (this.state === 'ready') {
        const { code, level } = err as { code?: unknown; level?: unknown };
        this.log('warn', { code, level }, 'ssh connection error');
      }
    });
    this.closedPromise = new Promise((resolve) => {
      this.client.on('close', () => {
        const wasReady = this.state === 'ready';
        this.state = 'closed';
        clearTimeout(this.idleTimer);
        const lost = sshErrors.connectionLost(this.endpoint, false);
        this.channels.failWaiting(lost);
        this.streams.failWaiting(lost);
        if (wasReady) this.log('debug', {}, 'ssh connection closed');
        this.onClosed(this);
        resolve();
      });
    });
  }

  /** Connects once (no retry): resolves when authenticated, rejects with an SshError. */
  open(): Promise<void> {
    const { target, settings } = this;
    return new Promise((resolve, reject) => {
      let presentedMismatch: string | undefined;
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        const error = classifyConnectError(err, this.endpoint, {
          readyTimeoutMs: settings.readyTimeoutMs,
          presentedMismatch,
        });
        this.client.destroy();
        reject(error);
      };
      this.client.on('error', fail);
      this.client.on('close', () => fail(undefined));
      this.client.once('ready', () => {
        if (settled) return;
        settled = true;
        this.client.removeListener('error', fail);
        this.state = 'ready';
        this.startIdleTimerIfIdle();
        resolve();
      });
      try {
        this.client.connect({
          ...baseConnectConfig(target.host, target.port, settings.readyTimeoutMs),
          username: target.username,
          privateKey: normalizeKeyText(target.privateKey),
          passphrase: target.passphrase || undefined,
          keepaliveInterval: settings.keepaliveIntervalMs,
          keepaliveCountMax: settings.keepaliveCountMax,
          // Only the key: ssh2 would otherwise try "none" first, one more logged attempt.
          authHandler: ['publickey'],
          // The callback form, deliberately: ssh2 treats any non-undefined return value as
          // the verdict, so an async verifier's Promise would ACCEPT every key.
          hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
            const presented = fingerprintOf(key);
            const trusted = sameFingerprint(presented, target.fingerprint);
            if (!trusted) presentedMismatch = presented;
            verify(trusted);
          },
        });
      } catch {
        // Thrown synchronously only for an unusable key; ssh2's message may quote key
        // bytes, so it is dropped rather than attached as the cause.
        fail(sshErrors.auth());
      }
    });
  }

  exec(cmd: Runnable, opts: ExecChannelOptions): Promise<ExecResult> {
    return this.withChannel(this.channels, undefined, cmd, () => runExec(this.client, cmd, opts, this.channelHost()));
  }

  async stream(cmd: Runnable, handlers: StreamHandlers, signal: AbortSignal): Promise<{ code: number | null }> {
    let releaseStream: () => void;
    try {
      releaseStream = await this.acquire(this.streams, signal);
    } catch (err) {
      if (signal.aborted) return { code: null };
      throw err;
    }
    try {
      return await this.withChannel(this.channels, signal, cmd, () => runStream(this.client, cmd, handlers, signal, this.channelHost()));
    } catch (err) {
      if (signal.aborted && !(err instanceof SshError)) return { code: null };
      throw err;
    } finally {
      releaseStream();
      this.startIdleTimerIfIdle();
    }
  }

  /** Takes no new work; closes as soon as nothing runs (target parameters changed). */
  retire(): void {
    this.retired = true;
    this.startIdleTimerIfIdle();
  }

  /** Ends the connection now; running commands fail with connection_lost. */
  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    if (this.state === 'connecting') this.client.destroy();
    else this.client.end();
    // A peer that never answers the disconnect would keep the socket: force it after a while.
    const force = setTimeout(() => this.client.destroy(), 2000);
    force.unref();
    return this.closedPromise.finally(() => clearTimeout(force));
  }

  /** A getter, not an inline comparison: TS would keep a narrowing of `state` across awaits. */
  get isClosed(): boolean {
    return this.state === 'closed';
  }

  get isUsable(): boolean {
    return this.state === 'ready' && !this.retired && !this.broken;
  }

  stats(): ConnectionStats {
    return {
      state: this.state,
      activeChannels: this.channels.activeCount,
      queuedChannels: this.channels.queuedCount + this.streams.queuedCount,
      peakActiveChannels: this.channels.peakActive,
      channelLimit: this.channels.max,
      activeStreams: this.streams.activeCount,
    };
  }

  private channelHost(): ChannelHost {
    return {
      endpoint: this.endpoint,
      isClosed: () => this.isClosed,
      onStuckChannel: () => {
        if (this.retired) return;
        this.log('warn', {}, 'stopped ssh channel not closed by the server; replacing connection');
        this.retire();
      },
    };
  }

  private async acquire(limiter: ChannelLimiter, signal?: AbortSignal): Promise<() => void> {
    if (this.state !== 'ready') throw sshErrors.connectionLost(this.endpoint, false);
    clearTimeout(this.idleTimer);
    return limiter.acquire(signal);
  }

  private async withChannel<T>(limiter: ChannelLimiter, signal: AbortSignal | undefined, cmd: Runnable, run: () => Promise<T>): Promise<T> {
    for (;;) {
      const release = await this.acquire(limiter, signal);
      try {
        return await run();
      } catch (err) {
        this.noticeLoss(err);
        if (!(err instanceof ChannelRefusedError)) throw err;
        const othersActive = limiter.activeCount - 1;
        if (othersActive === 0) {
          throw sshErrors.channelRefused(this.endpoint, err);
        }
        // The server allows fewer sessions than our limit (a lower MaxSessions): learn
        // its limit and wait for a slot instead of failing.
        limiter.lowerLimit(othersActive);
        this.log('warn', { program: cmd.describe(), limit: othersActive }, 'ssh channel refused; lowering the channel limit');
      } finally {
        release();
        this.startIdleTimerIfIdle();
      }
    }
  }

  /**
   * ssh2 can report "Not connected" before its own 'close' event: stop handing this
   * connection out at once, so the pool's retry gets a fresh one.
   */
  private noticeLoss(err: unknown): void {
    if (err instanceof SshError && err.kind === 'connection_lost' && !this.broken) {
      this.broken = true;
      this.client.destroy();
    }
  }

  private startIdleTimerIfIdle(): void {
    if (this.state !== 'ready') return;
    const { channels, streams } = this;
    const busy = channels.activeCount + channels.queuedCount + streams.queuedCount;
    if (busy > 0) return;
    clearTimeout(this.idleTimer);
    if (this.retired) {
      void this.close();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.log('debug', { idleMs: this.settings.idleTimeoutMs }, 'closing idle ssh connection');
      void this.close();
    }, this.settings.idleTimeoutMs);
    // An idle connection must not keep the process alive on its own.
    this.idleTimer.unref();
  }

  private log(level: 'debug' | 'warn', fields: Record<string, unknown>, msg: string): void {
    const { id, host, port } = this.target;
    this.settings.logger?.[level]({ targetId: id, host, port, ...fields }, msg);
  }
}
