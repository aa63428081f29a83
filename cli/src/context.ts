import type { Command } from 'commander';
import { apiClient, type Api } from './api/client.js';
import { credentials, type Credentials } from './config/credentials.js';
import { Output } from './output/output.js';

/** What every command that calls Mission Control works with. */
export interface Context {
  out: Output;
  api: Api;
  creds: Credentials;
}

/** --json is global: `otternauts --json stacks ls` and `otternauts stacks ls --json` are the same. */
export const outputOf = (cmd: Command) => new Output(cmd.optsWithGlobals<{ json?: boolean }>().json === true);

export async function connect(cmd: Command): Promise<Context> {
  const creds = await credentials();
  return { out: outputOf(cmd), api: apiClient(creds), creds };
}
