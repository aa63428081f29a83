import { type Command, InvalidArgumentError, Option } from 'commander';
import { act } from '../action.js';
import { unwrap } from '../api/client.js';
import { connect } from '../context.js';
import { usageError } from '../errors.js';
import { ago, table } from '../output/output.js';

type Scope = 'read' | 'deploy' | 'admin';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function tokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for scripts and pipelines (admin)');

  tokens
    .command('create')
    .description('Create a token; it is printed once, to stdout, and never shown again')
    .argument('<name>', 'e.g. ci-shop')
    .addOption(new Option('--scope <scope>', 'read, deploy or admin (repeatable)').choices(['read', 'deploy', 'admin']).argParser(collect))
    .option('--stack <stack>', 'limit the deploy scope to this stack (repeatable)', collect)
    .option('--expires-in-days <days>', 'days until it stops working (default: never)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 3650) throw new InvalidArgumentError('give whole days from 1 to 3650.');
      return n;
    })
    .action(
      act(async (name: string, opts: { scope?: Scope[]; stack?: string[]; expiresInDays?: number }, cmd: Command) => {
        const ctx = await connect(cmd);
        if (!opts.scope?.length)
          throw usageError('Say what the token may do: --scope read, --scope deploy (with --stack NAME to limit it) or --scope admin.');
        const made = await unwrap(
          ctx.creds.url,
          ctx.api.POST('/api/tokens', {
            body: {
              name,
              scopes: opts.scope,
              ...(opts.stack && { stacks: opts.stack }),
              ...(opts.expiresInDays && { expiresInDays: opts.expiresInDays }),
            },
          }),
        );
        // the token alone on stdout, so `TOKEN=$(otternauts tokens create ...)` works; the rest to stderr
        if (!ctx.out.json)
          ctx.out.note(
            `Token ${made.name} (${made.scopes.join(', ')}${made.stacks ? ` for ${made.stacks.join(', ')}` : ''}) is made. Otto shows it this once:`,
          );
        ctx.out.result(made, (t) => t.token);
      }),
    );

  tokens
    .command('ls')
    .description('Every token: scopes, stacks, last use, expiry (never the token itself)')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/tokens'));
        ctx.out.result(list, (l) =>
          l.length === 0
            ? 'No API tokens yet.'
            : table(
                ['NAME', 'PREFIX', 'SCOPES', 'STACKS', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'],
                l.map((t) => [
                  t.name,
                  `otn_${t.prefix}…`,
                  t.scopes.join(','),
                  t.stacks?.join(',') ?? 'all',
                  ago(t.createdAt),
                  ago(t.lastUsedAt),
                  ago(t.expiresAt),
                  ago(t.revokedAt),
                ]),
              ),
        );
      }),
    );

  tokens
    .command('revoke')
    .description('Revoke a token: it stops working at once')
    .argument('<name>', 'its name (or id)')
    .action(
      act(async (name: string, _opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/tokens'));
        const token = list.find((t) => t.name === name && !t.revokedAt) ?? list.find((t) => t.id === name);
        if (!token) throw usageError(`There is no live token ${name}.`);
        await unwrap(ctx.creds.url, ctx.api.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } }));
        ctx.out.result({ name: token.name, revoked: true }, () => `Token ${token.name} is revoked.`);
      }),
    );
}
