import { RemoteCommand } from './command.js';

/**
 * Removes the folders directly in `parent` whose name starts with one of `prefixes`, owned by
 * `owner` and untouched for more than `staleMinutes`, and prints each one removed: one find,
 * one branch per prefix joined by -o. -type d skips symlinks (find does not follow them), so a
 * name planted by another local user cannot point the removal elsewhere; -user keeps it to our
 * own folders. What a folder left by a killed Mission Control looks like is the caller's to say.
 */
export const sweepStaleDirs = (parent: string, prefixes: string[], owner: string, staleMinutes: number, sudo: boolean) => {
  const branch = (prefix: string) => [
    '-type',
    'd',
    '-name',
    `${prefix}*`,
    '-user',
    owner,
    '-mmin',
    `+${staleMinutes}`,
    '-print',
    '-exec',
    'rm',
    '-rf',
    '--',
    '{}',
    '+',
  ];
  const branches = prefixes.flatMap((prefix, i) => (i === 0 ? branch(prefix) : ['-o', ...branch(prefix)]));
  return new RemoteCommand(['find', parent, '-mindepth', '1', '-maxdepth', '1', ...branches], { sudo });
};
