import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { usageError } from '../errors.js';

/** All of stdin, e.g. a secret's value piped in (`printf %s "$VALUE" | otternauts secrets set DB_PASSWORD`). */
export async function readStdin(stdin: Readable = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** A value from stdin with its one trailing newline dropped (what `echo` and a here-string add). */
export const oneValue = (text: string) => text.replace(/\r?\n$/, '');

/** A file the user named, or a usage error saying which and why. `-` is stdin. */
export async function readUserFile(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw usageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
}

/** Asks on the terminal without echoing what is typed (a token, a secret value). */
export function promptHidden(question: string, input: Readable = process.stdin, output: Writable = process.stderr): Promise<string> {
  return new Promise((resolve) => {
    let muted = false;
    // readline echoes what it reads to its output: after the question, that output swallows it
    const rl = createInterface({
      input,
      output: {
        write: (chunk: string) => (muted ? true : output.write(chunk)),
      } as unknown as Writable,
      terminal: true,
    });
    rl.question(question, (answer) => {
      rl.close();
      output.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** y/N on the terminal. */
export function confirm(question: string, input: Readable = process.stdin, output: Writable = process.stderr): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: true });
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

/** A destructive step asks on a terminal; in a script it needs --yes. */
export async function sure(yes: boolean | undefined, question: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw usageError(`${question} Pass --yes to go ahead without a terminal.`);
  if (!(await confirm(question))) throw usageError('Nothing was changed.');
}
