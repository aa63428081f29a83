import { ApiError } from '../errors/api-error.js';
import { scrub } from './git-credentials.js';

export interface FailureContext {
  /** "fetching https://host/owner/repo.git" */
  what: string;
  /** the repository as the user knows it */
  display: string;
  secrets: string[];
  /** the fingerprint the user confirmed (ssh) */
  confirmedFingerprint?: string | null;
  /** public | token | deploy_key: a public repository that asks for credentials needs a token */
  access?: string;
}

// git's progress and advice lines say nothing about why it failed
const NOISE = /^(hint:|remote: (Counting|Compressing|Enumerating|Total)|Receiving objects|Resolving deltas|warning: redirecting)/;

/** The lines of git's stderr worth showing, without secrets, at most ~600 characters. */
export function gitReason(stderr: string, secrets: string[]): string {
  const lines = scrub(stderr, secrets)
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !NOISE.test(l))
    .map((l) => l.replace(/^(fatal|error): /, ''));
  const text = [...new Set(lines)].join('; ');
  return text.length > 600 ? `${text.slice(0, 600)}…` : text || 'git gave no reason';
}

/** Turns a failed network git call (fetch, ls-remote) into an error that says what to do. */
export function remoteFailure(stderr: string, ctx: FailureContext): ApiError {
  const text = scrub(stderr, ctx.secrets);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|no matching host key type found/.test(text)) {
    const presented = /(SHA256:[A-Za-z0-9+/=]+)/.exec(text)?.[1];
    const fingerprint = presented ?? ctx.confirmedFingerprint ?? 'unknown';
    return new ApiError(
      409,
      'git_host_key_changed',
      `The Git host of ${ctx.display} presents a different host key than the one you confirmed (${presented ? `it now shows ${fingerprint}` : fingerprint}); ` +
        "confirm the new one in the repository's settings if the host was rebuilt.",
    );
  }
  if (/Permission denied \(publickey|Permission denied, please try again/.test(text)) {
    return new ApiError(
      502,
      'git_auth_failed',
      `The Git host refused the deploy key for ${ctx.display}: add the deploy key shown in the repository's settings at the Git host (read-only is enough).`,
    );
  }
  if (
    /Authentication failed|could not read (Username|Password)|HTTP Basic: Access denied|The requested URL returned error: 40[13]|Invalid username or password/.test(
      text,
    )
  ) {
    if (ctx.access === 'public') {
      return new ApiError(
        502,
        'git_auth_failed',
        `The Git host asks for credentials for ${ctx.display}: the repository is not public; give it an access token in the repository's settings.`,
      );
    }
    return new ApiError(
      502,
      'git_auth_failed',
      `The Git host refused access to ${ctx.display}: check the token (and its user name) in the repository's settings, and that it may read this repository.`,
    );
  }
  if (/Repository not found|does not appear to be a git repository|not found|returned error: 404/i.test(text)) {
    return new ApiError(
      502,
      'git_repository_not_found',
      `The Git host has no repository at ${ctx.display} (or does not let this key or token see it): ${gitReason(stderr, ctx.secrets)}.`,
    );
  }
  return new ApiError(502, 'git_unreachable', `${ctx.what} failed: ${gitReason(stderr, ctx.secrets)}.`);
}

/** A local git call on the mirror failed: not the user's doing. */
export function localFailure(stderr: string, what: string, secrets: string[]): ApiError {
  return new ApiError(500, 'git_failed', `${what} failed: ${gitReason(stderr, secrets)}.`);
}

/** Scrubs an error that did not come from git's stderr (a timeout message names only the URL, but be sure). */
export function scrubbed(err: unknown, secrets: string[]): unknown {
  if (err instanceof ApiError) {
    const message = scrub(err.message, secrets);
    return message === err.message ? err : new ApiError(err.status, err.code, message, err.details);
  }
  if (err instanceof Error) {
    const message = scrub(err.message, secrets);
    if (message !== err.message) return new Error(message);
  }
  return err;
}
