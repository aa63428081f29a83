import { isUnauthorized } from '#lib/api/errors.ts';

/**
 * Asks the person for a token. `rejected` is true when the previous one was refused.
 * Resolves to null when they decline.
 */
export type AskForToken = (rejected: boolean) => Promise<string | null>;

/**
 * Trades a token for Mission Control's session cookie (POST /api/session). True when it was
 * accepted: the browser then holds an HttpOnly cookie and the page never keeps the token.
 */
export type StartSession = (token: string) => Promise<boolean>;

export interface AuthFetchOptions {
  fetch: (request: Request) => Promise<Response>;
  askForToken: AskForToken;
  startSession: StartSession;
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
 * A fetch for openapi-fetch. Requests carry no Authorization header: the session cookie
 * does the work. When Mission Control answers 401 `unauthorized`, it asks for a token,
 * starts a session with it and retries, until a session starts or the person declines
 * (then the 401 goes back to the caller, which shows it). Concurrent calls that hit 401
 * together share one prompt.
 */
export function createAuthFetch({ fetch, askForToken, startSession }: AuthFetchOptions) {
  let pending: Promise<boolean> | null = null;
  // Counts sessions started here, so a call refused before another call logged in retries without asking.
  let sessions = 0;

  async function signIn(): Promise<boolean> {
    let rejected = false;
    for (;;) {
      const token = await askForToken(rejected);
      if (!token) return false;
      if (await startSession(token)) {
        sessions += 1;
        return true;
      }
      rejected = true;
    }
  }

  function shared(): Promise<boolean> {
    pending ??= signIn().finally(() => {
      pending = null;
    });
    return pending;
  }

  return async function authFetch(request: Request): Promise<Response> {
    // Kept before the first send: a request body can be read only once.
    const original = request.clone();
    let sentDuring = sessions;
    let response = await fetch(request);
    while (await unauthorized(response)) {
      if (sentDuring === sessions && !(await shared())) return response;
      sentDuring = sessions;
      response = await fetch(original.clone());
    }
    return response;
  };
}
