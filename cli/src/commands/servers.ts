import { type Command, InvalidArgumentError, Option } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { act } from '../action.js';
import { unwrap, type Schemas } from '../api/client.js';
import { connect, type Context } from '../context.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { confirm, readUserFile, sure } from '../input/read-input.js';
import { ago, table } from '../output/output.js';

type Server = Schemas['ServerDto'];

interface AddOptions {
  name?: string;
  port: number;
  user: string;
  keyFile: string;
  fingerprint?: string;
  trustHostKey?: boolean;
  role?: 'manager' | 'worker';
  advertiseAddress?: string;
  wait?: boolean;
}

export function serversCommands(program: Command): void {
  const servers = program.command('servers').description('The servers Mission Control manages over SSH');

  servers
    .command('ls')
    .description('Every server, its role and state')
    .action(
      act(async (_opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/servers'));
        ctx.out.result(list, (l) =>
          l.length === 0
            ? 'No servers yet: add one with `otternauts servers add HOST --key-file KEY`.'
            : table(
                ['NAME', 'HOST', 'USER', 'ROLE', 'STATUS', 'DOCKER', 'SEEN', 'ERROR'],
                l.map((s) => [
                  s.name,
                  `${s.hostname}:${s.port}`,
                  s.sshUser,
                  s.role,
                  s.status,
                  s.dockerVersion,
                  ago(s.lastSeenAt),
                  s.lastError,
                ]),
              ),
        );
      }),
    );

  servers
    .command('add')
    .description('Add a server: reads its host key, checks it against --fingerprint (or asks), then onboards it (Docker, Swarm)')
    .argument('<host>', 'hostname or IP address')
    .option('--name <name>', 'a name for it (default: the host)')
    .addOption(new Option('--port <port>', 'SSH port').argParser(port).default(22))
    .option('--user <user>', 'SSH user (root, or one with passwordless sudo)', 'root')
    .requiredOption(
      '--key-file <file>',
      'the private key to log in with (- reads stdin); stored encrypted; passphrase in OTTERNAUTS_SSH_PASSPHRASE',
    )
    .option('--fingerprint <sha256>', "the host key's fingerprint you expect (SHA256:...); refused when the server presents another")
    .option('--trust-host-key', 'trust whatever host key the server presents now (Trust On First Use) without asking')
    .addOption(new Option('--role <role>', 'manager or worker (the first server is always a manager)').choices(['manager', 'worker']))
    .option('--advertise-address <address>', 'the address other nodes reach this one at')
    .option('--wait', 'wait until onboarding finishes (exit 0 ready, 1 failed)')
    .action(act((host: string, opts: AddOptions, cmd: Command) => add(cmd, host, opts)));

  servers
    .command('rm')
    .description('Drain the server, take it out of the Swarm and forget it')
    .argument('<server>', 'its name (or id)')
    .option('-y, --yes', 'do not ask')
    .action(
      act(async (name: string, opts: { yes?: boolean }, cmd: Command) => {
        const ctx = await connect(cmd);
        const server = await serverByName(ctx, name);
        await sure(opts.yes, `Drain ${server.name} and take it out of the Swarm?`);
        await unwrap(ctx.creds.url, ctx.api.DELETE('/api/servers/{id}', { params: { path: { id: server.id } } }));
        ctx.out.result({ name: server.name, removed: true }, () => `${server.name} is drained, out of the Swarm and forgotten.`);
      }),
    );
}

async function add(cmd: Command, host: string, opts: AddOptions): Promise<number> {
  const ctx = await connect(cmd);
  const privateKey = await readUserFile(opts.keyFile);
  const scan = await unwrap(ctx.creds.url, ctx.api.POST('/api/servers/scan', { body: { hostname: host, port: opts.port } }));
  if (opts.fingerprint && opts.fingerprint !== scan.fingerprint)
    throw new CliError(
      `${host}:${opts.port} presents the ${scan.keyType} key ${scan.fingerprint}, not ${opts.fingerprint}. Nothing was added: check you are reaching the right server.`,
      EXIT.failed,
    );
  if (!opts.fingerprint && !opts.trustHostKey) {
    if (!process.stdin.isTTY)
      throw usageError(
        `${host}:${opts.port} presents the ${scan.keyType} key ${scan.fingerprint}. Pass --fingerprint ${scan.fingerprint} once you have checked it, or --trust-host-key.`,
      );
    if (!(await confirm(`${host}:${opts.port} presents the ${scan.keyType} key ${scan.fingerprint}. Trust it?`)))
      throw usageError('Nothing was added.');
  }
  const passphrase = process.env.OTTERNAUTS_SSH_PASSPHRASE;
  const server = await unwrap(
    ctx.creds.url,
    ctx.api.POST('/api/servers', {
      body: {
        hostname: host,
        port: opts.port,
        name: opts.name ?? host,
        sshUser: opts.user,
        privateKey,
        fingerprint: scan.fingerprint,
        ...(passphrase && { passphrase }),
        ...(opts.role && { role: opts.role }),
        ...(opts.advertiseAddress && { advertiseAddress: opts.advertiseAddress }),
      },
    }),
  );
  if (!opts.wait) {
    ctx.out.result(server, (s) => `${s.name} is added and onboarding. Follow it with \`otternauts servers ls\`, or add with --wait.`);
    return EXIT.ok;
  }
  const done = await onboarded(ctx, server);
  ctx.out.result(done, (s) =>
    s.status === 'ready'
      ? `${s.name} is ready (${s.swarmRole ?? s.role}, Docker ${s.dockerVersion ?? '?'}).`
      : `${s.name} failed: ${s.lastError ?? 'no reason given'}`,
  );
  return done.status === 'ready' ? EXIT.ok : EXIT.failed;
}

async function onboarded(ctx: Context, server: Server): Promise<Server> {
  let last = '';
  for (;;) {
    const s = await unwrap(ctx.creds.url, ctx.api.GET('/api/servers/{id}', { params: { path: { id: server.id } } }));
    const step = s.job?.steps.find((x) => x.name === s.job?.currentStep)?.title ?? s.status;
    if (!ctx.out.json && step !== last) ctx.out.note(`${s.name}: ${step}`);
    last = step;
    if (s.status === 'ready' || s.status === 'failed') return s;
    await sleep(1000);
  }
}

export async function serverByName(ctx: Context, name: string): Promise<Server> {
  const list = await unwrap(ctx.creds.url, ctx.api.GET('/api/servers'));
  const found = list.find((s) => s.name === name) ?? list.find((s) => s.id === name);
  if (!found)
    throw usageError(`There is no server ${name}${list.length ? `; the servers are: ${list.map((s) => s.name).join(', ')}` : ''}.`);
  return found;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new InvalidArgumentError('give a port between 1 and 65535.');
  return n;
}
