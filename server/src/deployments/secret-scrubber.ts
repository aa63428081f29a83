import { shellQuote } from '../ssh/command.js';

export type Scrub = (text: string) => string;

/** Shorter values would blot out ordinary words of Docker's messages ("true", "web"). */
export const MIN_SCRUBBED_LENGTH = 4;

/**
 * Every text of a deployment that quotes Docker's own output (its error, the job log, our
 * logs) goes through this: Docker can echo a resolved value back (an invalid image or label,
 * `ContainerSpec: "…" is not a valid repository/tag`). Each value used by the file is replaced
 * by `[secret NAME]`, as written and in the forms Docker or a shell quote it in: JSON/Go %q
 * escaping, shell quoting, and the `$$` the resolved file carries.
 */
export function secretScrubber(used: ReadonlyMap<string, string>): Scrub {
  const forms: Array<{ text: string; label: string }> = [];
  for (const [name, value] of used) {
    if (value.length < MIN_SCRUBBED_LENGTH) continue;
    const label = `[secret ${name}]`;
    const escaped = JSON.stringify(value).slice(1, -1);
    for (const text of new Set([
      value,
      escaped,
      JSON.stringify(escaped).slice(1, -1),
      shellQuote(value),
      value.replaceAll('$', () => '$$'),
    ])) {
      forms.push({ text, label });
    }
  }
  // longest first, so a quoted form is replaced whole before the bare value inside it
  forms.sort((a, b) => b.text.length - a.text.length);
  if (forms.length === 0) return (text) => text;
  return (text) => forms.reduce((out, f) => out.replaceAll(f.text, () => f.label), text);
}

/**
 * The same error with its message (and stack, which repeats it) scrubbed, keeping its class:
 * the job runner tells a user-facing StepFailure from a bug by it.
 */
export function scrubError(err: unknown, scrub: Scrub): Error {
  if (!(err instanceof Error)) return new Error(scrub(String(err)));
  const message = scrub(err.message);
  if (message === err.message && scrub(err.stack ?? '') === (err.stack ?? '')) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
  Object.defineProperties(copy, {
    message: { value: message, writable: true, configurable: true },
    stack: { value: err.stack && scrub(err.stack), writable: true, configurable: true },
    name: { value: err.name, writable: true, configurable: true },
  });
  return copy;
}
