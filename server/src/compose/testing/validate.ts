import { validateStack } from '../validate-stack.js';
import type { ValidationContext, ValidationResult } from '../types.js';

/** validateStack with no stored secrets and no other stacks, unless a test says otherwise. */
export function check(text: string, ctx: Partial<ValidationContext> = {}, name = 'demo'): ValidationResult {
  return validateStack(name, text, {
    secretNames: ctx.secretNames ?? new Set(),
    domainsInUse: ctx.domainsInUse ?? new Map(),
    ...(ctx.files ? { files: ctx.files } : {}),
  });
}

/** Joins lines, so a test's YAML reads as the file it stands for (line numbers included). */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
