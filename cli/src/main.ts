#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError, EXIT } from './errors.js';
import { allCommands, program } from './program.js';

/** Runs the CLI and turns every failure into words on stderr and an exit code a pipeline can use. */
async function main(argv: string[]): Promise<number> {
  const cli = program();
  for (const cmd of allCommands(cli)) cmd.exitOverride();
  try {
    await cli.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and --version are not failures; anything else commander refuses is a usage error
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      process.stderr.write(`otternauts: ${e.message}\n${e.details.map((d) => `  - ${d}\n`).join('')}`);
      return e.exitCode;
    }
    process.stderr.write(`otternauts: something unexpected went wrong: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv);
