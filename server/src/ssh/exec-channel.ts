import type { Client, ClientChannel, PseudoTtyOptions } from 'ssh2';
import { BoundedOutput } from './bounded-output.js';
import type { Runnable } from './command.js';
import { isTransportGone, sshErrors, type SshEndpoint } from './ssh-errors.js';

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface StreamHandlers {
  /** Returning false asks for no more output until waitForDrain resolves. */
  onStdout: (chunk: string) => unknown;
  /** Not called today: stream channels have a pty, which merges stderr into stdout. */
  onStderr?: (chunk: string) => unknown;
  /**
   * While it is pending the channel is paused: ssh2 stops granting the server window, so a slow
   * reader holds the remote process back instead of filling Mission Control's memory.
   */
  waitForDrain?(): Promise<void>;
}

/** What a channel needs to know about the connection it runs on. */
export interface ChannelHost {
  endpoint: SshEndpoint;
  /** True once the transport is gone, which tells a dropped connection from a normal end. */
  isClosed(): boolean;
  /**
   * A stopped channel the server did not close within the grace period: its session still
   * counts against sshd's MaxSessions, so the connection should be replaced.
   */
  onStuckChannel(): void;
}

/** The server refused to open a session channel while the connection itself is fine. */
export class ChannelRefusedError extends Error {}

/**
 * Stream channels get a pty because closing a pty channel hangs up the remote process
 * group (SIGHUP), whereas closing a plain channel only closes pipes: `docker service logs
 * -f` would live on until it next writes. ONLCR off keeps "\n" line ends; ECHO off stops
 * the pty from echoing anything written to the channel.
 */
const STREAM_PTY: PseudoTtyOptions = {
  term: 'dumb',
  cols: 512,
  rows: 24,
  modes: { ECHO: 0, ONLCR: 0 },
};

/** A channel and its exit status, recorded from the moment the channel exists. */
interface OpenChannel {
  channel: ClientChannel;
  exit?: { code: number | null; signal: string | null };
}

/**
 * ssh2 parses a whole TCP read in one go: a fast command's exec reply, output, exit status
 * and close can arrive together, and ssh2 emits 'exit' in the same tick as the exec
 * callback. A listener added after an `await` misses it and a finished command looks like
 * one without an exit status (measured: `id -u` came back with code null 2 times in 200 on
 * the test bed). So the exit listener goes on inside the callback; output is safe, the
 * stream buffers it until someone reads.
 */
function openExec(client: Client, cmd: Runnable, pty: PseudoTtyOptions | undefined, host: ChannelHost): Promise<OpenChannel> {
  return new Promise((resolve, reject) => {
    const opened = (err: Error | undefined, channel: ClientChannel) => {
      if (!err) {
        const open: OpenChannel = { channel };
        channel.on('exit', (code: number | null, signal?: string) => {
          open.exit = { code: code ?? null, signal: signal ?? null };
        });
        return resolve(open);
      }
      if (host.isClosed() || isTransportGone(err)) {
        return reject(sshErrors.connectionLost(host.endpoint, false, err));
      }
      reject(new ChannelRefusedError(err.message, { cause: err }));
    };
    try {
      if (pty) client.exec(cmd.toShell(), { pty }, opened);
      else client.exec(cmd.toShell(), opened);
    } catch (err) {
      // ssh2 throws "Not connected" synchronously when the socket already went away.
      reject(sshErrors.connectionLost(host.endpoint, false, err));
    }
  });
}

/** How long a stopped channel may take to be confirmed closed by the server. */
export const STOP_GRACE_MS = 3000;

/**
 * Asks the remote process to stop and closes the channel; `settle` runs once the server
 * confirms the close (it does so only after the process ended) or after the grace period.
 *
 * SSH quirk: sshd delivers a "signal" request (with killpg) only under post-auth privilege
 * separation, which OpenSSH skips for root logins ("session signalling requires privilege
 * separation" in its log). As root, a pty-less process therefore outlives its channel.
 */
function stopRemote(channel: ClientChannel, host: ChannelHost, settle: () => void): void {
  let settled = false;
  const done = () => {
    if (settled) return;
    settled = true;
    clearTimeout(grace);
    settle();
  };
  const grace = setTimeout(() => {
    host.onStuckChannel();
    done();
  }, STOP_GRACE_MS);
  channel.once('close', done);
  try {
    channel.signal('TERM');
  } catch {
    // The channel is already closing: nothing left to signal.
  }
  channel.close();
}

/**
 * What one command's stdout or stderr may hold in memory: generous, since `docker service ps`
 * and `docker node ls` JSON for a large cluster is read whole; past it, the first part and the
 * last 1 MiB are kept (an error's explanation is at the end) with a note of what was left out.
 */
export const OUTPUT_HEAD_BYTES = 15 * 1024 * 1024;
export const OUTPUT_TAIL_BYTES = 1024 * 1024;

/** Options of one command run to its end (no pty: stdout and stderr stay apart). */
export interface ExecChannelOptions {
  stdin?: string | Buffer;
  timeoutMs: number;
  /**
   * Each chunk as it arrives, besides being kept for the result: a build's log is shown while
   * it runs. A throwing callback is ignored (it must not reach ssh2, which would drop the connection).
   */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export async function runExec(client: Client, cmd: Runnable, opts: ExecChannelOptions, host: ChannelHost): Promise<ExecResult> {
  const open = await openExec(client, cmd, undefined, host);
  const { channel } = open;
  return new Promise((resolve, reject) => {
    const stdout = new BoundedOutput(OUTPUT_HEAD_BYTES, OUTPUT_TAIL_BYTES);
    const stderr = new BoundedOutput(OUTPUT_HEAD_BYTES, OUTPUT_TAIL_BYTES);
    let timedOut = false;
    const timer = setTimeout(() => {
      // Exited but not yet closed: the close is on its way, the command did finish in time.
      if (open.exit) return;
      timedOut = true;
      stopRemote(channel, host, () => reject(sshErrors.commandTimeout(host.endpoint, opts.timeoutMs)));
    }, opts.timeoutMs);
    const tell = (fn: ((chunk: Buffer) => void) | undefined, d: Buffer) => {
      try {
        fn?.(d);
      } catch {
        // the output is still kept for the result
      }
    };
    channel.on('data', (d: Buffer) => {
      stdout.push(d);
      tell(opts.onStdout, d);
    });
    channel.stderr.on('data', (d: Buffer) => {
      stderr.push(d);
      tell(opts.onStderr, d);
    });
    // Writing stdin to a command that already exited errors; the exit status tells the story.
    channel.on('error', () => undefined);
    channel.on('close', () => {
      clearTimeout(timer);
      if (timedOut) return;
      const { exit } = open;
      if (!exit && host.isClosed()) return reject(sshErrors.connectionLost(host.endpoint, true));
      resolve({
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
      });
    });
    // Always end stdin: a command reading it (cat, --password-stdin) would wait forever.
    if (opts.stdin === undefined) channel.end();
    else channel.end(opts.stdin);
  });
}

export async function runStream(
  client: Client,
  cmd: Runnable,
  handlers: StreamHandlers,
  signal: AbortSignal,
  host: ChannelHost,
): Promise<{ code: number | null }> {
  const open = await openExec(client, cmd, STREAM_PTY, host);
  const { channel } = open;
  return new Promise((resolve, reject) => {
    let stopped = false;
    let handlerError: unknown;
    const finish = () => {
      signal.removeEventListener('abort', stop);
      if (handlerError !== undefined)
        reject(handlerError instanceof Error ? handlerError : new Error('an output handler failed', { cause: handlerError }));
      else resolve({ code: open.exit?.code ?? null });
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      // a paused channel would hold back its own close; what still comes is dropped
      channel.resume();
      stopRemote(channel, host, finish);
    };
    // A throwing handler must not reach ssh2: it would treat it as a protocol error and
    // drop the whole connection with every other channel on it.
    let paused = false;
    const deliver = (fn: ((chunk: string) => unknown) | undefined, chunk: string) => {
      if (stopped || !fn) return;
      try {
        if (fn(chunk) === false && handlers.waitForDrain && !paused) {
          paused = true;
          channel.pause();
          void handlers.waitForDrain().then(() => {
            paused = false;
            if (!stopped) channel.resume();
          });
        }
      } catch (err) {
        handlerError = err;
        stop();
      }
    };
    channel.setEncoding('utf8');
    channel.stderr.setEncoding('utf8');
    channel.on('data', (s: string) => deliver(handlers.onStdout, s));
    channel.stderr.on('data', (s: string) => deliver(handlers.onStderr, s));
    channel.on('error', () => undefined);
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    channel.on('close', () => {
      if (stopped) return;
      if (open.exit?.code == null && host.isClosed()) {
        signal.removeEventListener('abort', stop);
        return reject(sshErrors.connectionLost(host.endpoint, true));
      }
      finish();
    });
  });
}
