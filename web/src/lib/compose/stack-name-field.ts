import type { ComposeIssue } from '#lib/compose/diagnostics.ts';

const SERVER_PREFIX = /^Stack name: /;

export interface NameFieldState {
  /** The name as typed (trimmed). */
  name: string;
  /** Name problems from the last validation (issues with isNameIssue). */
  issues: readonly ComposeIssue[];
  /** A 400's message for the `name` field, from saving. */
  saveError?: string;
  /** The user has pasted a file or tried to save: an empty name is now worth pointing out. */
  expectsName: boolean;
  /** The plain-words message for a missing name, from en.json. */
  missingMessage: string;
}

/**
 * What to show under the stack name field, or undefined. A missing name is the dashboard's to
 * explain (the file is validated without one); other name problems come from Mission Control,
 * whose message already says what to type.
 */
export function stackNameProblem(s: NameFieldState): string | undefined {
  if (s.name === '') return s.expectsName ? s.missingMessage : undefined;
  if (s.saveError) return s.saveError;
  return s.issues[0]?.message.replace(SERVER_PREFIX, '');
}
