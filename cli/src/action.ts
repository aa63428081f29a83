/**
 * Commander ignores what an action returns; ours return the exit code a pipeline branches on
 * (0 converged, 1 failed, 2 timed out). Errors are thrown as CliError and handled in main.
 */
export function act<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await fn(...args);
    if (typeof code === 'number') process.exitCode = code;
  };
}
