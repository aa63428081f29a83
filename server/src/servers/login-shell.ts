import { RemoteCommand } from '../ssh/command.js';

/**
 * sshd runs every command through the SSH user's login shell (`$SHELL -c '<command>'`), and
 * our quoting (server/src/ssh/command.ts) is POSIX sh quoting. These shells read it the same.
 */
const POSIX_SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  'busybox',
  'zsh',
  'ksh',
  'ksh93',
  'mksh',
  'lksh',
  'pdksh',
  'yash',
  'posh',
  'osh',
]);
/** Shells with their own quoting rules: a quoted argument can arrive changed, or not parse. */
const NON_POSIX_SHELLS = new Set([
  'fish',
  'csh',
  'tcsh',
  'nu',
  'nushell',
  'xonsh',
  'elvish',
  'pwsh',
  'powershell',
  'ion',
  'rc',
  'es',
  'ysh',
  'murex',
  'oh',
]);
/** Accounts that run no commands at all. */
const NO_SHELL = new Set(['nologin', 'false', 'git-shell', 'sync', 'true']);

export type ShellVerdict = { status: 'pass' | 'warn' | 'fail'; message: string };

/** The passwd entry of one user: `getent passwd <user>` prints exactly one line. */
export const loginShellCommand = (user: string) => new RemoteCommand(['getent', 'passwd', user]);

/** Field 7 of the user's line in passwd(5) format, or null when the user is not there. */
export function parseLoginShell(passwd: string, user: string): string | null {
  for (const line of passwd.split('\n')) {
    const fields = line.trim().split(':');
    if (fields.length >= 7 && fields[0] === user) return fields[6] || '/bin/sh'; // empty means /bin/sh (passwd(5))
  }
  return null;
}

/** `/usr/bin/fish` → fish; a versioned name (`bash5`, `ksh93`) also matches its family. */
function shellNames(shell: string): string[] {
  const base = shell.split('/').pop()!.replace(/^-/, '');
  return [base, base.replace(/[0-9.]+$/, '')];
}

export function judgeLoginShell(user: string, shell: string | null): ShellVerdict {
  const change = `Change it with \`chsh -s /bin/bash ${user}\` (as root on the server), then retry.`;
  if (shell === null)
    return {
      status: 'warn',
      message: `Could not read the login shell of ${user}; Otternauts' commands need a POSIX shell (sh, bash, dash, zsh).`,
    };
  const names = shellNames(shell);
  const known = (set: Set<string>) => names.find((n) => set.has(n));
  if (known(NO_SHELL)) return { status: 'fail', message: `${user} has no login shell (${shell}), so it cannot run commands. ${change}` };
  const foreign = known(NON_POSIX_SHELLS);
  if (foreign)
    return { status: 'fail', message: `The login shell of ${user} is ${foreign} (${shell}); Otternauts' commands are POSIX sh. ${change}` };
  if (known(POSIX_SHELLS)) return { status: 'pass', message: `The login shell of ${user} is ${shell}, a POSIX shell.` };
  return {
    status: 'warn',
    message: `The login shell of ${user} is ${shell}, which Otternauts does not know; its commands are POSIX sh. If steps fail oddly, change it with \`chsh -s /bin/bash ${user}\`.`,
  };
}
