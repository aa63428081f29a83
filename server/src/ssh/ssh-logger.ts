/**
 * The slice of a pino logger the SSH layer uses. Log objects carry ids, hosts, program
 * names, exit codes and timings only: never keys, passphrases, stdin or command output.
 */
export interface SshLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}
