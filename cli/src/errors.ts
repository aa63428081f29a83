/** Exit codes a pipeline can branch on (documented in docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** the deployment failed, or Mission Control refused or failed the call */
  failed: 1,
  /** --timeout passed, or the deployment itself timed out */
  timedOut: 2,
  /** bad arguments, an unreadable file, a stack or service that does not exist */
  usage: 3,
  /** not logged in, a token that is wrong, revoked or expired, or one without the scope */
  auth: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with the words to print and the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** more lines: the server's details (which field, which line) */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string, details: string[] = []) => new CliError(message, EXIT.usage, details);
