import type { ApiErrorInfo } from '#lib/api/errors.ts';

/**
 * A 400's details by field (several messages for one field joined), for showing next to the
 * inputs. Only the fields the form has: the rest stay for the general notice.
 */
export function fieldErrors(error: ApiErrorInfo | null, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error) return out;
  for (const detail of error.details) {
    if (!detail.field || !fields.includes(detail.field)) continue;
    const seen = out[detail.field];
    if (seen === undefined) out[detail.field] = detail.message;
    else if (!seen.split('; ').includes(detail.message)) out[detail.field] = `${seen}; ${detail.message}`;
  }
  return out;
}

/** True when every detail of the error is shown next to a field, so a short summary is enough. */
export function onlyFieldErrors(error: ApiErrorInfo | null, fields: readonly string[]): boolean {
  return error !== null && error.details.length > 0 && error.details.every((d) => d.field !== undefined && fields.includes(d.field));
}
