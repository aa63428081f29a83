import type { Command } from 'commander';
import { apiClient, unwrap } from '../api/client.js';
import { configPath, removeLogin, writeLogin } from '../config/config-file.js';
import { normaliseUrl } from '../config/credentials.js';
import { connect, outputOf } from '../context.js';
import { act } from '../action.js';
import { oneValue, promptHidden, readStdin } from '../input/read-input.js';

export function loginCommands(program: Command): void {
  program
    .command('login')
    .description('Check a token against Mission Control and keep it for the next commands (in a file only you can read)')
    .argument('<url>', "Mission Control's address, e.g. https://mc.example.com")
    .option('--token-stdin', 'read the token from stdin (the default when stdin is not a terminal)')
    .action(
      act(async (rawUrl: string, opts: { tokenStdin?: boolean }, cmd: Command) => {
        const out = outputOf(cmd);
        const url = normaliseUrl(rawUrl);
        // never an argument: a token in argv shows in `ps` and in shell history
        const typed =
          opts.tokenStdin || !process.stdin.isTTY
            ? oneValue(await readStdin()).trim()
            : (await promptHidden('Token (Settings → API tokens; empty if Mission Control runs without one): ')).trim();
        const token = typed === '' ? null : typed;
        const session = await unwrap(url, apiClient({ url, token }).GET('/api/session'));
        const path = configPath();
        await writeLogin(path, { url, token });
        out.result(
          { url, name: session.name, scopes: session.scopes, stacks: session.stacks ?? null, mode: session.mode, config: path },
          (s) =>
            `Logged in to ${s.url} as ${s.name} (${s.scopes.join(', ')}${s.stacks ? ` for ${s.stacks.join(', ')}` : ''}). Saved in ${s.config}.`,
        );
      }),
    );

  program
    .command('logout')
    .description('Forget the stored login (the token itself keeps working until revoked)')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const path = configPath();
        const removed = await removeLogin(path);
        outputOf(cmd).result({ removed, config: path }, (r) =>
          r.removed ? `Forgot the login in ${r.config}.` : 'There was no stored login.',
        );
      }),
    );

  program
    .command('whoami')
    .description('Who the current token is: its name, scopes and stacks')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const s = await unwrap(ctx.creds.url, ctx.api.GET('/api/session'));
        ctx.out.result(
          s,
          (s) => `${s.name} at ${ctx.creds.url}: ${s.scopes.join(', ')}${s.stacks ? ` for ${s.stacks.join(', ')}` : ''} (${s.mode} mode)`,
        );
      }),
    );
}
