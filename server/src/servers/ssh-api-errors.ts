import { ApiError } from '../errors/api-error.js';
import { SshError } from '../ssh/ssh-errors.js';

/** An SSH failure met while answering a request: 502, with the plain-words message. */
export function apiErrorFromSsh(err: unknown): unknown {
  if (!(err instanceof SshError)) return err;
  const status = err.kind === 'host_key_mismatch' ? 409 : 502;
  return new ApiError(status, err.kind, err.message);
}
