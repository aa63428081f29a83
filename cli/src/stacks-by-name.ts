import { unwrap, type Schemas } from './api/client.js';
import type { Context } from './context.js';
import { usageError } from './errors.js';

type StackSummary = Schemas['StackSummaryDto'];

/** Stacks are named by name on the command line; the API wants ids. An id works too. */
export async function stackByName(ctx: Context, name: string): Promise<StackSummary> {
  const stacks = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks'));
  const found = stacks.find((s) => s.name === name) ?? stacks.find((s) => s.id === name);
  if (found) return found;
  const known = stacks.map((s) => s.name).join(', ');
  throw usageError(`There is no stack ${name}${known ? `; the stacks are: ${known}` : ' (there are no stacks yet)'}.`);
}

/** The stack by name, or null: `deploy -f` creates a stack that does not exist yet. */
export async function maybeStack(ctx: Context, name: string): Promise<StackSummary | null> {
  const stacks = await unwrap(ctx.creds.url, ctx.api.GET('/api/stacks'));
  return stacks.find((s) => s.name === name) ?? null;
}
