import { networkError, toApiError, type ApiErrorInfo } from '#lib/api/errors.ts';

export type Outcome<T> = { ok: true; data: T; error: null } | { ok: false; data: undefined; error: ApiErrorInfo };

/** Awaits an openapi-fetch call and turns every way it can fail into an ApiErrorInfo. */
export async function outcome<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { ok: true, data: data as T, error: null };
    return { ok: false, data: undefined, error: toApiError(response.status, error) };
  } catch {
    return { ok: false, data: undefined, error: networkError() };
  }
}
