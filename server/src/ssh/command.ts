/**
 * Remote commands are data: an argument list, turned into shell text in this file only.
 * sshd always hands the command string to the login shell (`$SHELL -c '<string>'`), so
 * even a plain argv needs quoting; nothing else in the codebase may build shell text.
 */

/** Words that mean the same quoted or not in POSIX sh, bash, dash and zsh. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+,./:-]+$/;

/**
 * POSIX single-quote quoting: inside '...' every byte is literal, so the only character
 * to handle is the quote itself, which becomes '\'' (close, escaped quote, reopen).
 * `=` and `~` are never left bare: `A=b` as a first word is an assignment, `~x` expands.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) {
    // A NUL cannot be passed through exec() at all; refusing beats truncating silently.
    throw new Error('A command argument cannot contain a NUL byte');
  }
  if (PLAIN_WORD.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export interface RemoteCommandOptions {
  /** Run through `sudo -n --`: for non-root users; -n makes a password prompt fail fast. */
  sudo?: boolean;
}

/** One program and its arguments; the login shell only ever sees them quoted. */
export class RemoteCommand {
  readonly argv: readonly string[];

  constructor(
    argv: readonly string[],
    readonly opts: RemoteCommandOptions = {},
  ) {
    if (argv.length === 0 || argv[0] === '') {
      throw new Error('A remote command needs a program name');
    }
    this.argv = [...argv];
  }

  toShell(): string {
    const words = this.opts.sudo ? ['sudo', '-n', '--', ...this.argv] : this.argv;
    return words.map(shellQuote).join(' ');
  }

  /** Safe to log: the program only, never arguments (they may hold user data). */
  describe(): string {
    return this.opts.sudo ? `sudo ${this.argv[0]}` : this.argv[0];
  }
}

/**
 * What the pool runs: one quoted RemoteCommand per channel. A step that needs two programs
 * makes two exec calls, so no shell operators are ever built from text.
 */
export type Runnable = RemoteCommand;
