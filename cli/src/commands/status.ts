import type { Command } from 'commander';
import { act } from '../action.js';
import { unwrap } from '../api/client.js';
import { connect } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { ago, table } from '../output/output.js';
import { stackByName } from '../stacks-by-name.js';

/** Healthy: the stack is running and every service has what it asked for. A pipeline can gate on it. */
export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('Servers and stacks at a glance; with a stack, its services and tasks (exit 1 when it is not all running)')
    .argument('[stack]')
    .action(
      act(async (name: string | undefined, _opts: unknown, cmd: Command) => {
        const ctx = await connect(cmd);
        if (name === undefined) {
          const stacks = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks'));
          // a deploy token limited to some stacks may not read the servers: show what it may see
          const servers = await unwrap(ctx.creds.url, ctx.api.GET('/api/servers')).catch((e: unknown) => {
            if (e instanceof CliError && e.exitCode === EXIT.auth) return null;
            throw e;
          });
          ctx.out.result({ servers, stacks }, (r) => [
            ...(r.servers === null
              ? []
              : r.servers.length === 0
                ? ['No servers yet.']
                : table(
                    ['SERVER', 'ROLE', 'STATUS', 'SEEN'],
                    r.servers.map((s) => [s.name, s.role, s.status, ago(s.lastSeenAt)]),
                  )),
            ...(r.servers === null ? [] : ['']),
            ...(r.stacks.length === 0
              ? ['No stacks yet.']
              : table(
                  ['STACK', 'STATUS', 'DEPLOYED'],
                  r.stacks.map((s) => [s.name, s.status, ago(s.lastDeployedAt)]),
                )),
          ]);
          const unwell =
            stacks.some((s) => s.status === 'failed') || (servers ?? []).some((s) => s.status === 'failed' || s.status === 'unreachable');
          return unwell ? EXIT.failed : EXIT.ok;
        }
        const { id } = await stackByName(ctx, name);
        const stack = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks/{id}', { params: { path: { id } } }));
        const short = stack.services.filter((s) => s.replicasRunning < s.replicasDesired);
        ctx.out.result(stack, (s) => [
          `${s.name}: ${s.status}${s.statusError ? ` (${s.statusError})` : ''}`,
          ...table(
            ['SERVICE', 'REPLICAS', 'IMAGE', 'HEALTH', 'PROBLEM'],
            s.services.map((v) => [
              v.name,
              `${v.replicasRunning}/${v.replicasDesired}`,
              v.image,
              v.health.state,
              v.health.message ?? v.tasks.find((t) => t.error)?.error,
            ]),
          ),
        ]);
        return stack.status === 'running' && short.length === 0 ? EXIT.ok : EXIT.failed;
      }),
    );
}
