export type SshErrorKind =
  | 'connection_refused'
  | 'timeout'
  | 'unreachable'
  | 'handshake_failed'
  | 'auth_failed'
  | 'host_key_mismatch'
  | 'connection_lost'
  | 'channel_refused'
  | 'command_timeout';

/**
 * Permanent kinds are never retried automatically: repeated failed logins get the
 * control plane's address banned by fail2ban, and a changed host key needs a human.
 * A handshake failure (not an SSH server, no common algorithm) will not fix itself either.
 */
const PERMANENT: ReadonlySet<SshErrorKind> = new Set(['auth_failed', 'host_key_mismatch', 'handshake_failed']);

export interface SshEndpoint {
  host: string;
  port: number;
}

/** Every failure of the SSH layer; `message` is written for the user and holds no secret. */
export class SshError extends Error {
  readonly permanent: boolean;
  /** host_key_mismatch: the fingerprint the server presented, to show beside the stored one. */
  readonly presentedFingerprint?: string;
  /** False when the failure happened before the command reached the server. */
  readonly commandStarted: boolean;

  constructor(
    readonly kind: SshErrorKind,
    message: string,
    extra: { presentedFingerprint?: string; commandStarted?: boolean; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'SshError';
    this.permanent = PERMANENT.has(kind);
    this.presentedFingerprint = extra.presentedFingerprint;
    this.commandStarted = extra.commandStarted ?? false;
  }
}

const unreachableMessage = (e: SshEndpoint, why: string) =>
  `The otternauts couldn't reach your outpost at ${e.host}:${e.port} (${why}). Is the station still online?`;

export const sshErrors = {
  refused: (e: SshEndpoint, cause?: unknown) =>
    new SshError(
      'connection_refused',
      `Cannot connect to server. Check that SSH is running on port ${e.port} and the firewall allows connections.`,
      { cause },
    ),
  timeout: (e: SshEndpoint, timeoutMs: number, cause?: unknown) =>
    new SshError('timeout', unreachableMessage(e, `no answer within ${seconds(timeoutMs)}`), {
      cause,
    }),
  unreachable: (e: SshEndpoint, why: string, cause?: unknown) => new SshError('unreachable', unreachableMessage(e, why), { cause }),
  handshake: (e: SshEndpoint, cause?: unknown) =>
    new SshError(
      'handshake_failed',
      `The server at ${e.host}:${e.port} did not complete an SSH handshake. Check that this is the server's SSH port.`,
      { cause },
    ),
  auth: (cause?: unknown) =>
    new SshError('auth_failed', 'Authentication failed. Verify the username and private key are correct.', { cause }),
  hostKeyMismatch: (presentedFingerprint: string) =>
    new SshError(
      'host_key_mismatch',
      'Server fingerprint has changed! This could indicate a security issue. If you reinstalled the server, remove it and add again, or confirm its new fingerprint.',
      { presentedFingerprint },
    ),
  closedBeforeHandshake: (e: SshEndpoint, cause?: unknown) =>
    new SshError(
      'connection_lost',
      `The server at ${e.host}:${e.port} closed the connection before the SSH handshake. Check that this is its SSH port; a busy sshd also does this (MaxStartups).`,
      { cause },
    ),
  connectionLost: (e: SshEndpoint, commandStarted: boolean, cause?: unknown) =>
    new SshError(
      'connection_lost',
      commandStarted
        ? `The connection to ${e.host}:${e.port} was lost while a command was running; it may or may not have finished.`
        : `The connection to ${e.host}:${e.port} was lost.`,
      { commandStarted, cause },
    ),
  channelRefused: (e: SshEndpoint, cause?: unknown) =>
    new SshError(
      'channel_refused',
      `The server at ${e.host} refused to open an SSH session. Check MaxSessions and any ForceCommand in its sshd_config.`,
      { cause },
    ),
  // Not "stopped": as root, sshd ignores the signal request and the process may live on.
  commandTimeout: (e: SshEndpoint, timeoutMs: number) =>
    new SshError(
      'command_timeout',
      `A command on ${e.host} did not finish within ${seconds(timeoutMs)}; the otternauts stopped waiting for it.`,
      { commandStarted: true },
    ),
};

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * ssh2's words for "the transport is already gone" when opening a channel: "Not connected"
 * (thrown synchronously) or "No response from server" (pending opens failed on close).
 */
export function isTransportGone(err: unknown): boolean {
  return /no response from server|not connected/i.test((err as Error | undefined)?.message ?? '');
}

/** What ssh2 and net put on the errors they emit. */
interface Ssh2ErrorLike {
  code?: string | number;
  level?: string;
  message?: string;
}

const UNREACHABLE_CODES: Record<string, string> = {
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the host is down',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name could not be resolved right now',
};

/** SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE: sshd's "Too many authentication failures". */
const DISCONNECT_NO_MORE_AUTH = 14;

/**
 * Maps what ssh2 emitted while connecting to an SshError. Mismatch is not recognisable
 * from ssh2's error ("Host denied (verification failed)" is also used for other denials),
 * so the caller passes what its own host verifier saw.
 */
export function classifyConnectError(
  err: unknown,
  endpoint: SshEndpoint,
  ctx: { readyTimeoutMs: number; presentedMismatch?: string },
): SshError {
  if (err instanceof SshError) return err;
  if (ctx.presentedMismatch !== undefined) return sshErrors.hostKeyMismatch(ctx.presentedMismatch);
  const e = (err ?? {}) as Ssh2ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'ECONNREFUSED') return sshErrors.refused(endpoint, err);
  if (code === 'ETIMEDOUT' || e.level === 'client-timeout') {
    return sshErrors.timeout(endpoint, ctx.readyTimeoutMs, err);
  }
  if (code !== undefined && code in UNREACHABLE_CODES) {
    return sshErrors.unreachable(endpoint, UNREACHABLE_CODES[code], err);
  }
  if (e.level === 'client-authentication' || e.code === DISCONNECT_NO_MORE_AUTH) {
    return sshErrors.auth(err);
  }
  const message = e.message ?? '';
  // ssh2 labels "the socket closed before any SSH banner" a protocol error too. sshd does
  // that when throttling (MaxStartups), so it stays transient, unlike a wrong banner.
  if (/before handshake/i.test(message)) return sshErrors.closedBeforeHandshake(endpoint, err);
  if (e.level === 'handshake' || e.level === 'protocol' || /identification/i.test(message)) {
    return sshErrors.handshake(endpoint, err);
  }
  return sshErrors.connectionLost(endpoint, false, err);
}
