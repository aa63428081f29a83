import type { Command } from 'commander';
import { act } from '../action.js';
import { unwrap } from '../api/client.js';
import { connect } from '../context.js';
import { usageError } from '../errors.js';
import { oneValue, promptHidden, readStdin } from '../input/read-input.js';
import { ago, table } from '../output/output.js';

export function secretsCommands(program: Command): void {
  const secrets = program.command('secrets').description('Secrets stacks use as ${NAME} (values are never shown again)');

  secrets
    .command('set')
    .description('Create or replace a secret; the value comes from stdin (or a hidden prompt), never an argument')
    .argument('<name>', 'e.g. DB_PASSWORD')
    .action(
      act(async (name: string, _opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const value = process.stdin.isTTY ? await promptHidden(`Value of ${name}: `) : oneValue(await readStdin());
        if (value === '')
          throw usageError(`The value of ${name} is empty: pipe it in, e.g. printf %s "$VALUE" | otternauts secrets set ${name}`);
        const saved = await unwrap(ctx.creds.url, ctx.api.PUT('/api/secrets/{name}', { params: { path: { name } }, body: { value } }));
        ctx.out.result(saved, (s) => `Secret ${s.name} is stored. Stacks that use \${${s.name}} get it on their next deploy.`);
      }),
    );

  secrets
    .command('ls')
    .description('Secret names and when they changed')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/secrets'));
        ctx.out.result(list, (l) =>
          l.length === 0
            ? 'No secrets yet.'
            : table(
                ['NAME', 'CREATED', 'UPDATED'],
                l.map((s) => [s.name, ago(s.createdAt), ago(s.updatedAt)]),
              ),
        );
      }),
    );

  secrets
    .command('rm')
    .description('Delete a secret')
    .argument('<name>')
    .action(
      act(async (name: string, _opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        await unwrap(ctx.creds.url, ctx.api.DELETE('/api/secrets/{name}', { params: { path: { name } } }));
        ctx.out.result({ name, deleted: true }, () => `Secret ${name} is deleted.`);
      }),
    );
}
