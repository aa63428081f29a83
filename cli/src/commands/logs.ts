import { type Command, InvalidArgumentError } from 'commander';
import { act } from '../action.js';
import { apiFailure, unreachable, unwrap, type Schemas } from '../api/client.js';
import { connect, type Context } from '../context.js';
import { stackByName } from '../stacks-by-name.js';

type LogLine = Schemas['LogLineDto'];

interface LogOptions {
  follow?: boolean;
  since?: string;
  tail?: number;
  timestamps: boolean;
}

export function logsCommand(program: Command): void {
  program
    .command('logs')
    .description("A service's log lines (docker service logs, over SSH from a manager)")
    .argument('<stack>')
    .argument('<service>', 'the service name in the Compose file, e.g. web')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--since <when>', 'RFC 3339 time or a duration such as 10m')
    .option('--tail <lines>', 'how many recent lines (at most 5000; default 200)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 5000) throw new InvalidArgumentError('give a number of lines from 0 to 5000.');
      return n;
    })
    .option('--no-timestamps', 'leave the times out')
    .action(
      act(async (stackName: string, service: string, opts: LogOptions, cmd: Command) => {
        const ctx = await connect(cmd);
        const { id } = await stackByName(ctx, stackName);
        const query = {
          ...(opts.since && { since: opts.since }),
          ...(opts.tail !== undefined && { tail: opts.tail }),
          timestamps: opts.timestamps,
        };
        if (opts.follow) return follow(ctx, id, service, query, opts);
        const logs = await unwrap(
          ctx.creds.url,
          ctx.api.GET('/api/stacks/{id}/services/{service}/logs', { params: { path: { id, service }, query } }),
        );
        ctx.out.result(logs, (l) => l.lines.map((line) => format(line, opts)));
      }),
    );
}

const format = (l: LogLine, opts: LogOptions) => `${opts.timestamps && l.time ? `${l.time} ` : ''}${l.task}@${l.node} | ${l.message}`;

/** Server-sent events: `line` events until `end` (the service went away) or `error`. */
async function follow(ctx: Context, id: string, service: string, query: Record<string, unknown>, opts: LogOptions): Promise<void> {
  const params = new URLSearchParams(Object.entries({ ...query, follow: 'true' }).map(([k, v]) => [k, String(v)]));
  const url = `${ctx.creds.url}/api/stacks/${encodeURIComponent(id)}/services/${encodeURIComponent(service)}/logs?${params.toString()}`;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(ctx.creds.token && { authorization: `Bearer ${ctx.creds.token}` }) },
      signal: abort.signal,
    });
  } catch (e) {
    throw unreachable(ctx.creds.url, e);
  }
  if (!res.ok || !res.body) throw apiFailure(res.status, await res.json().catch(() => undefined));
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue; // a heartbeat comment
        const payload = JSON.parse(data) as LogLine & { message?: string };
        if (event === 'line') ctx.out.result(payload, (l) => format(l, opts));
        else if (event === 'error')
          throw apiFailure(502, { error: { code: 'logs_failed', message: payload.message ?? 'the log stream failed', details: [] } });
        else if (event === 'end') return;
      }
    }
  } catch (e) {
    if (abort.signal.aborted) return;
    throw e;
  }
}
