import { isUnauthorized } from '#lib/api/errors.ts';
import type { TokenStore } from '#lib/api/token-store.ts';

/**
 * Asks the person for the admin token. `rejected` is true when the previous token was refused.
 * Resolves to null when they decline.
 */
export type AskForToken = (rejected: boolean) => Promise<string | null>;

export interface AuthFetchOptions {
  fetch: (request: Request) => Promise<Response>;
  tokens: TokenStore;
  askForToken: AskForToken;
}

function withToken(request: Request, token: string | null): Request {
  const copy = new Request(request);
  if (token) copy.headers.set('Authorization', `Bearer ${token}`);
  return copy;
}

async function unauthorized(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    return isUnauthorized(401, await response.clone().json());
  } catch {
    return false;
  }
}

/**
 * A fetch for openapi-fetch: sends the stored token and, when Mission Control answers
 * 401 `unauthorized`, asks for the token and retries until it is accepted or the person
 * declines (then the 401 goes back to the caller, which shows it). Concurrent calls that
 * hit 401 together share one prompt.
 */
export function createAuthFetch({ fetch, tokens, askForToken }: AuthFetchOptions) {
  let pending: Promise<string | null> | null = null;

  function ask(rejected: boolean): Promise<string | null> {
    pending ??= askForToken(rejected).finally(() => {
      pending = null;
    });
    return pending;
  }

  return async function authFetch(request: Request): Promise<Response> {
    // Kept before the first send: a request body can be read only once.
    const original = request.clone();
    let sentToken = tokens.get();
    let response = await fetch(withToken(request, sentToken));
    while (await unauthorized(response)) {
      const current = tokens.get();
      // Another call may have stored a new token while this one was in flight.
      let next = current !== sentToken ? current : null;
      if (!next) {
        if (sentToken) tokens.clear();
        next = await ask(sentToken !== null);
        if (!next) return response;
        tokens.set(next);
      }
      sentToken = next;
      response = await fetch(withToken(original.clone(), sentToken));
    }
    return response;
  };
}
