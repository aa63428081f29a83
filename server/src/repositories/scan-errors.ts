import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error.js';
import { SshError } from '../ssh/ssh-errors.js';

/**
 * A failed host key scan of a Git host, in its own words: the SSH layer's messages speak of
 * outposts, and the user here is looking at a repository URL, so the advice is about that.
 */
export function gitHostScanError(err: unknown, host: string, port: number): unknown {
  if (!(err instanceof SshError)) return err;
  const where = `${host}:${port}`;
  const message =
    err.kind === 'connection_refused'
      ? `Nothing accepts SSH connections at ${where}. Check the host in the URL; for another port write ssh://git@host:port/owner/repo.git.`
      : err.kind === 'timeout'
        ? `The Git host at ${where} did not answer in time. Check the host in the URL and that Mission Control can reach it.`
        : err.kind === 'unreachable'
          ? `Cannot reach the Git host at ${where}. Check the host in the URL and that Mission Control can reach it.`
          : err.kind === 'handshake_failed' || err.kind === 'connection_lost'
            ? `${where} did not complete an SSH handshake. Check that the port in the URL is the Git host's SSH port.`
            : `Reading the host key of ${where} failed: ${err.message}`;
  return new ApiError(HttpStatus.BAD_GATEWAY, err.kind, message);
}
