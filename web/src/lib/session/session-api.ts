import type { Schemas } from '#lib/api/client.ts';
import type { ApiResult } from '#lib/state/resource.svelte.ts';

// Shapes of /api/session and /api/tokens, from the generated API types.
export type ScopeName = Schemas['TokenDto']['scopes'][number];
export const SCOPE_NAMES: readonly ScopeName[] = ['read', 'deploy', 'admin'];
export type SessionDto = Schemas['SessionDto'];
export type TokenDto = Schemas['TokenDto'];
export type CreateTokenBody = Schemas['CreateTokenDto'];
export type CreatedToken = Schemas['CreatedTokenDto'];

type Fetch = (request: Request) => Promise<Response>;

function url(path: string): string {
  return typeof location === 'undefined' ? `http://localhost${path}` : new URL(path, location.origin).href;
}

/** One JSON call through the given fetch, answered like openapi-fetch does (for outcome() and Resource). */
export async function callJson<T>(fetch: Fetch, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const init: RequestInit = { method, credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(new Request(url(path), init));
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // a proxy's HTML page: left undefined, toApiError words it
  }
  return response.ok ? { data: parsed as T, response } : { error: parsed, response };
}

/** POST /api/session with plain fetch (not the prompting one): true when Mission Control set the cookie. */
export async function startSession(fetch: Fetch, token: string): Promise<boolean> {
  try {
    const { response } = await callJson<SessionDto>(fetch, 'POST', '/api/session', { token });
    return response.ok;
  } catch {
    return false;
  }
}
