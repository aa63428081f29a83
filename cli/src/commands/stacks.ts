import type { Command } from 'commander';
import { act } from '../action.js';
import { unwrap, type Schemas } from '../api/client.js';
import { connect } from '../context.js';
import { EXIT } from '../errors.js';
import { readUserFile, sure } from '../input/read-input.js';
import { ago, table } from '../output/output.js';
import { stackByName } from '../stacks-by-name.js';

type Issue = Schemas['ComposeIssueDto'];

export function stacksCommands(program: Command): void {
  const stacks = program.command('stacks').description('Stacks: Compose files Mission Control deploys to the Swarm');

  stacks
    .command('ls')
    .description('Every stack and its state')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks'));
        ctx.out.result(list, (l) =>
          l.length === 0
            ? 'No stacks yet: create one with `otternauts stacks create NAME -f compose.yaml`.'
            : table(
                ['NAME', 'STATUS', 'SOURCE', 'DEPLOYED'],
                l.map((s) => [s.name, s.status, s.source ? `${s.source.repositoryName}@${s.source.ref}` : 'pasted', ago(s.lastDeployedAt)]),
              ),
        );
      }),
    );

  stacks
    .command('show')
    .description('A stack: its services, replicas and tasks; --config prints the stored Compose file')
    .argument('<stack>')
    .option('--config', 'print only the stored Compose file')
    .action(
      act(async (name: string, opts: { config?: boolean }, cmd: Command) => {
        const ctx = await connect(cmd);
        const { id } = await stackByName(ctx, name);
        const stack = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}', { params: { path: { id } } }));
        if (opts.config && !ctx.out.json) {
          process.stdout.write(stack.configuration);
          return;
        }
        ctx.out.result(stack, (s) => [
          `${s.name}: ${s.status}${s.statusError ? ` (${s.statusError})` : ''}, deployed ${ago(s.lastDeployedAt)}`,
          ...table(
            ['SERVICE', 'IMAGE', 'REPLICAS', 'HEALTH', 'DOMAINS'],
            s.services.map((v) => [v.name, v.image, `${v.replicasRunning}/${v.replicasDesired}`, v.health.state, v.domains.join(' ')]),
          ),
        ]);
      }),
    );

  stacks
    .command('create')
    .description('Create a stack from a Compose file (validated; deploy it with `otternauts deploy`)')
    .argument('<name>')
    .requiredOption('-f, --file <file>', 'the Compose file (- reads stdin)')
    .action(
      act(async (name: string, opts: { file: string }, cmd: Command) => {
        const ctx = await connect(cmd);
        const configuration = await readUserFile(opts.file);
        const made = await unwrap(ctx.creds.url, ctx.api.POST('/api/stacks', { body: { name, configuration } }));
        ctx.out.result(made, (s) => `Stack ${s.name} is created. Deploy it with \`otternauts deploy ${s.name} --wait\`.`);
      }),
    );

  stacks
    .command('edit')
    .description("Replace a stack's Compose file (validated; deploy to apply it)")
    .argument('<stack>')
    .requiredOption('-f, --file <file>', 'the new Compose file (- reads stdin)')
    .action(
      act(async (name: string, opts: { file: string }, cmd: Command) => {
        const ctx = await connect(cmd);
        const configuration = await readUserFile(opts.file);
        const { id } = await stackByName(ctx, name);
        const saved = await unwrap(ctx.creds.url, ctx.api.PUT('/api/stacks/{id}', { params: { path: { id } }, body: { configuration } }));
        const diff = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}/diff', { params: { path: { id } } }));
        ctx.out.result({ ...saved, diff }, (s) => [
          s.diff.changed ? s.diff.diff.trimEnd() : '(the same as what is deployed)',
          `Stack ${s.name} is saved. Deploy it with \`otternauts deploy ${s.name} --wait\`.`,
        ]);
      }),
    );

  stacks
    .command('rm')
    .description('docker stack rm, and forget the stack')
    .argument('<stack>')
    .option('-y, --yes', 'do not ask')
    .action(
      act(async (name: string, opts: { yes?: boolean }, cmd: Command) => {
        const ctx = await connect(cmd);
        const { id, name: stackName } = await stackByName(ctx, name);
        await sure(opts.yes, `Remove ${stackName} and every service of it from the Swarm?`);
        await unwrap(ctx.creds.url, ctx.api.DELETE('/api/stacks/{id}', { params: { path: { id } } }));
        ctx.out.result({ name: stackName, removed: true }, () => `${stackName} is gone from the Swarm and forgotten.`);
      }),
    );

  stacks
    .command('validate')
    .description('Check a Compose file the way a deploy would (exit 0 valid, 1 not); nothing is stored')
    .requiredOption('-f, --file <file>', 'the Compose file (- reads stdin)')
    .option('--name <name>', 'the stack it is for (its secrets and domains are checked against the others)')
    .action(
      act(async (opts: { file: string; name?: string }, cmd: Command) => {
        const ctx = await connect(cmd);
        const configuration = await readUserFile(opts.file);
        const r = await unwrap(
          ctx.creds.url,
          ctx.api.POST('/api/stacks/validate', { body: { configuration, ...(opts.name && { name: opts.name }) } }),
        );
        const at = (i: Issue) => `${opts.file === '-' ? 'stdin' : opts.file}:${i.line ?? '?'}:${i.column ?? '?'}`;
        ctx.out.result(r, (r) => [
          ...r.errors.map((i) => `${at(i)}: error: ${i.message}`),
          ...r.warnings.map((i) => `${at(i)}: warning: ${i.message}`),
          r.valid
            ? `${opts.file} is a valid stack${r.warnings.length ? ` (${count(r.warnings.length, 'warning')})` : ''}.`
            : `${opts.file} has ${count(r.errors.length, 'error')}.`,
        ]);
        return r.valid ? EXIT.ok : EXIT.failed;
      }),
    );
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
