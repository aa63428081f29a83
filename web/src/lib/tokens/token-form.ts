import type { CreateTokenBody, ScopeName } from '#lib/session/session-api.ts';
import { SCOPE_NAMES } from '#lib/session/session-api.ts';
import { t } from '#lib/i18n/index.ts';

/** What the "New API token" form holds, as typed. */
export interface TokenFormValues {
  name: string;
  scopes: Record<ScopeName, boolean>;
  /** Stack names, separated by commas or spaces; only with deploy. */
  stacks: string;
  /** Whole days, empty for a token that does not expire. */
  expiresInDays: string;
}

export type TokenFormErrors = Partial<Record<'name' | 'scopes' | 'stacks' | 'expiresInDays', string>>;

export const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_DAYS = 3650;

export function emptyTokenForm(): TokenFormValues {
  return { name: '', scopes: { read: false, deploy: false, admin: false }, stacks: '', expiresInDays: '' };
}

export function stackNames(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((name) => name !== ''))];
}

/**
 * Checks the form the way Mission Control will (so most mistakes are named before sending) and
 * builds POST /api/tokens' body. Mission Control checks again and has the last word.
 */
export function tokenFormBody(values: TokenFormValues): { body: CreateTokenBody; errors: null } | { body: null; errors: TokenFormErrors } {
  const errors: TokenFormErrors = {};
  const name = values.name.trim();
  if (!NAME_PATTERN.test(name)) {
    errors.name = t('tokens.error.name');
  }
  const scopes = SCOPE_NAMES.filter((scope) => values.scopes[scope]);
  if (scopes.length === 0) errors.scopes = t('tokens.error.scopes');
  const stacks = stackNames(values.stacks);
  if (stacks.length > 0 && !scopes.includes('deploy')) {
    errors.stacks = t('tokens.error.stacks');
  }
  const daysText = values.expiresInDays.trim();
  const days = Number(daysText);
  if (daysText !== '' && (!/^\d+$/.test(daysText) || days < 1 || days > MAX_DAYS)) {
    errors.expiresInDays = t('tokens.error.expires', { max: MAX_DAYS });
  }
  if (Object.keys(errors).length > 0) return { body: null, errors };
  const body: CreateTokenBody = { name, scopes };
  if (stacks.length > 0) body.stacks = stacks;
  if (daysText !== '') body.expiresInDays = days;
  return { body, errors: null };
}
