import { badRequest } from '../errors/api-error.js';

/** A request number as a route or query gives it: 1 to 2147483647 (0 only where `zero` says it means "every request"). */
export function requestNumberParam(value: string | undefined, field: string, zero = false): number {
  const n = value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > 2_147_483_647 || (n === 0 && !zero))
    throw badRequest('validation_failed', `${field}: must be a pull/merge request number${zero ? ' (0: every preview)' : ''}`, [
      { field, message: `must be a whole number from ${zero ? 0 : 1} to 2147483647` },
    ]);
  return n;
}
