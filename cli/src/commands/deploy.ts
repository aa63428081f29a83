import { type Command, InvalidArgumentError, Option } from 'commander';
import { unwrap } from '../api/client.js';
import { connect, type Context } from '../context.js';
import { followDeployment } from '../deployments/follow-deployment.js';
import { act } from '../action.js';
import { EXIT, usageError } from '../errors.js';
import { readUserFile } from '../input/read-input.js';
import { ago, table } from '../output/output.js';
import { maybeStack, stackByName } from '../stacks-by-name.js';

const DEFAULT_TIMEOUT_S = 600;

interface WaitOptions {
  wait?: boolean;
  timeout: number;
}

/** `--image web=registry/shop/web:1.4.2`, any number of times. */
function imageOption(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1)
    throw new InvalidArgumentError(`"${value}" is not SERVICE=IMAGE, e.g. web=registry.example.com/shop/web:1.4.2.`);
  const service = value.slice(0, eq);
  if (service in previous) throw new InvalidArgumentError(`service ${service} is given twice.`);
  return { ...previous, [service]: value.slice(eq + 1) };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new InvalidArgumentError('give whole seconds between 1 and 86400.');
  return n;
}

const waitOptions = (cmd: Command) =>
  cmd
    .option('--wait', 'wait until every service runs (exit 0), fails (1) or the timeout passes (2)')
    .addOption(new Option('--timeout <seconds>', 'how long --wait waits').argParser(seconds).default(DEFAULT_TIMEOUT_S));

export function deployCommands(program: Command): void {
  waitOptions(
    program
      .command('deploy')
      .description('Deploy a stack as a new version; with -f, its Compose file first (a stack that does not exist is created)')
      .argument('<stack>', 'the stack name')
      .option('-f, --file <file>', 'a Compose file to store before deploying (- reads stdin)')
      .option('--ref <ref>', 'a Git stack: the branch, tag or commit to deploy instead of the one it follows')
      .option('--image <service=image>', "replace a service's image in the stored file and deploy it (repeatable)", imageOption),
  ).action(
    act(async (name: string, opts: WaitOptions & { file?: string; ref?: string; image?: Record<string, string> }, cmd: Command) => {
      const ctx = await connect(cmd);
      const stack = await withFile(ctx, name, opts.file);
      const body = { ...(opts.ref && { ref: opts.ref }), ...(opts.image && { images: opts.image }) };
      const accepted = await unwrap(ctx.creds.url, ctx.api.POST('/api/stacks/{id}/deploy', { params: { path: { id: stack.id } }, body }));
      return started(ctx, stack, accepted.deploymentId, opts);
    }),
  );

  waitOptions(
    program
      .command('rollback')
      .description('Deploy an earlier version again, as a new version (default: the last one that succeeded before the current)')
      .argument('<stack>', 'the stack name')
      .option('--to <version>', 'the version to go back to (see `otternauts history`)', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a version number, e.g. 3.');
        return n;
      }),
  ).action(
    act(async (name: string, opts: WaitOptions & { to?: number }, cmd: Command) => {
      const ctx = await connect(cmd);
      const stack = await stackByName(ctx, name);
      const history = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}/deployments', { params: { path: { id: stack.id } } }));
      const target =
        opts.to !== undefined ? history.find((d) => d.version === opts.to) : history.slice(1).find((d) => d.status === 'succeeded');
      if (!target)
        throw usageError(
          opts.to !== undefined
            ? `${stack.name} has no version ${opts.to}; its versions are ${history.map((d) => d.version).join(', ') || 'none yet'}.`
            : `${stack.name} has no earlier version that succeeded to go back to.`,
        );
      const accepted = await unwrap(
        ctx.creds.url,
        ctx.api.POST('/api/stacks/{id}/rollback', { params: { path: { id: stack.id } }, body: { deploymentId: target.id } }),
      );
      ctx.out.note(`Going back to ${stack.name} version ${target.version}.`);
      return started(ctx, stack, accepted.deploymentId, opts);
    }),
  );

  program
    .command('history')
    .description('Every deployment of a stack, newest first')
    .argument('<stack>', 'the stack name')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const ctx = await connect(cmd);
      const stack = await stackByName(ctx, name);
      const history = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}/deployments', { params: { path: { id: stack.id } } }));
      ctx.out.result(history, (list) =>
        list.length === 0
          ? `${stack.name} has not been deployed yet.`
          : table(
              ['VERSION', 'STATUS', 'TRIGGER', 'BY', 'COMMIT', 'STARTED', 'ERROR'],
              list.map((d) => [
                d.version,
                d.status,
                d.rollbackOfId ? 'rollback' : d.trigger,
                d.deployedBy,
                d.commit?.sha?.slice(0, 7),
                ago(d.createdAt),
                d.error?.split('\n')[0].slice(0, 80),
              ]),
            ),
      );
    });
}

/** -f: create the stack, or store the new file when it differs (validated by Mission Control). */
async function withFile(ctx: Context, name: string, file: string | undefined): Promise<{ id: string; name: string }> {
  if (file === undefined) return stackByName(ctx, name);
  const configuration = await readUserFile(file);
  const existing = await maybeStack(ctx, name);
  if (!existing) {
    const made = await unwrap(ctx.creds.url, ctx.api.POST('/api/stacks', { body: { name, configuration } }));
    ctx.out.note(`Created stack ${name}.`);
    return made;
  }
  await unwrap(ctx.creds.url, ctx.api.PUT('/api/stacks/{id}', { params: { path: { id: existing.id } }, body: { configuration } }));
  return existing;
}

async function started(ctx: Context, stack: { id: string; name: string }, deploymentId: string, opts: WaitOptions): Promise<number> {
  if (!opts.wait) {
    const d = await unwrap(ctx.creds.url, ctx.api.GET('/api/deployments/{id}', { params: { path: { id: deploymentId } } }));
    ctx.out.result(
      { stack: stack.name, deploymentId, version: d.version, status: d.status },
      (r) => `${r.stack} version ${r.version} is ${r.status}. Follow it with \`otternauts status ${r.stack}\`, or deploy with --wait.`,
    );
    // not waiting means "accepted": but one that has already failed (no servers, say) fails the job now
    return d.status === 'failed' ? EXIT.failed : d.status === 'timed_out' ? EXIT.timedOut : EXIT.ok;
  }
  const { outcome, exitCode } = await followDeployment(ctx, stack, deploymentId, { timeout: opts.timeout });
  if (ctx.out.json) ctx.out.result(outcome, () => []);
  return exitCode;
}
