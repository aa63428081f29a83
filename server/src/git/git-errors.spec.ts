import { ApiError } from '../errors/api-error.js';
import { gitReason, remoteFailure, scrubbed } from './git-errors.js';

const ctx = {
  what: 'Fetching https://git.example.com/o/app.git',
  display: 'https://git.example.com/o/app.git',
  secrets: ['tok-SECRET-1'],
  confirmedFingerprint: 'SHA256:confirmedconfirmed',
};

// captured from OpenSSH 9.2 when known_hosts holds another key for the host
const CHANGED = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
Someone could be eavesdropping on you right now (man-in-the-middle attack)!
It is also possible that a host key has just been changed.
The fingerprint for the ED25519 key sent by the remote host is
SHA256:Nq0pTq3Ww8Vf8fX3pG4Y2m3aQ0B0pHc5z1l0uK3kX2c.
Please contact your system administrator.
Host key verification failed.
fatal: Could not read from remote repository.`;

describe('remoteFailure', () => {
  it('should turn a changed host key into the message that says what to do', () => {
    const err = remoteFailure(CHANGED, ctx);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('git_host_key_changed');
    expect(err.message).toBe(
      'The Git host of https://git.example.com/o/app.git presents a different host key than the one you confirmed (it now shows SHA256:Nq0pTq3Ww8Vf8fX3pG4Y2m3aQ0B0pHc5z1l0uK3kX2c); ' +
        "confirm the new one in the repository's settings if the host was rebuilt.",
    );
  });

  it('should name the confirmed key when ssh did not print the new one', () => {
    expect(remoteFailure('Host key verification failed.\nfatal: Could not read from remote repository.', ctx).message).toContain(
      '(SHA256:confirmedconfirmed)',
    );
  });

  it('should tell a refused deploy key from a refused token', () => {
    expect(remoteFailure('git@h: Permission denied (publickey).\nfatal: Could not read from remote repository.', ctx)).toMatchObject({
      code: 'git_auth_failed',
      message: expect.stringContaining('add the deploy key'),
    });
    expect(remoteFailure("fatal: Authentication failed for 'https://git.example.com/o/app.git/'", ctx)).toMatchObject({
      code: 'git_auth_failed',
      message: expect.stringContaining('check the token'),
    });
  });

  it('should tell the owner of a "public" repository that asks for credentials to give a token', () => {
    const err = remoteFailure("fatal: could not read Username for 'https://git.example.com': terminal prompts disabled", {
      ...ctx,
      access: 'public',
    });
    expect(err.message).toBe(
      "The Git host asks for credentials for https://git.example.com/o/app.git: the repository is not public; give it an access token in the repository's settings.",
    );
  });

  it('should keep git reasons it does not know, without secrets or noise', () => {
    const err = remoteFailure('hint: try again\nfatal: unable to access: Could not resolve host: git.example.com (tok-SECRET-1)\n', ctx);
    expect(err.code).toBe('git_unreachable');
    expect(err.message).toBe(
      'Fetching https://git.example.com/o/app.git failed: unable to access: Could not resolve host: git.example.com ([redacted]).',
    );
  });
});

describe('gitReason', () => {
  it('should say so when git gave no reason', () => {
    expect(gitReason('\n', [])).toBe('git gave no reason');
  });
});

describe('scrubbed', () => {
  it('should rebuild an ApiError and an Error without the secret', () => {
    expect(scrubbed(new ApiError(502, 'x', 'has tok-SECRET-1 in it'), ctx.secrets)).toMatchObject({
      status: 502,
      code: 'x',
      message: 'has [redacted] in it',
    });
    expect((scrubbed(new Error('spawn tok-SECRET-1'), ctx.secrets) as Error).message).toBe('spawn [redacted]');
  });
});
