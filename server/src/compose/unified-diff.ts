import { createTwoFilesPatch } from 'diff';

/** A unified diff (3 lines of context) from one version of a stack file to another, for review before deploying. */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string): string {
  return createTwoFilesPatch(oldLabel, newLabel, oldText, newText);
}
