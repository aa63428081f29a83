import { Command } from 'commander';
import { deployCommands } from './commands/deploy.js';
import { loginCommands } from './commands/login.js';
import { logsCommand } from './commands/logs.js';
import { secretsCommands } from './commands/secrets.js';
import { serversCommands } from './commands/servers.js';
import { stacksCommands } from './commands/stacks.js';
import { statusCommand } from './commands/status.js';
import { tokensCommands } from './commands/tokens.js';

export const VERSION = '0.1.0';

/** Every command. Built fresh per run, so a test can parse arguments without a process of its own. */
export function program(): Command {
  const p = new Command('otternauts')
    .description('Mission Control from a terminal or a pipeline. OTTERNAUTS_URL and OTTERNAUTS_TOKEN override `otternauts login`.')
    .version(VERSION)
    .option('--json', 'print one JSON document on stdout (progress and remarks go to stderr)')
    .showHelpAfterError('(otternauts --help lists every command)')
    .enablePositionalOptions(false);
  loginCommands(p);
  serversCommands(p);
  stacksCommands(p);
  deployCommands(p);
  statusCommand(p);
  logsCommand(p);
  secretsCommands(p);
  tokensCommands(p);
  // --json after a subcommand counts too: every command accepts it
  for (const cmd of allCommands(p)) if (cmd !== p) cmd.option('--json', 'print one JSON document on stdout');
  return p;
}

export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}
