import { authFetch } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { callJson, type SessionDto } from '#lib/session/session-api.ts';

/** Who this browser is signed in as (GET /api/session), shared by Settings and the header. */
export class Session {
  current = $state.raw<SessionDto | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);
  loggingOut = $state(false);

  get isAdmin(): boolean {
    return this.current?.scopes.includes('admin') ?? false;
  }

  load = async (): Promise<void> => {
    const result = await outcome(callJson<SessionDto>(authFetch, 'GET', '/api/session'));
    this.current = result.ok ? result.data : null;
    this.error = result.ok ? null : result.error;
  };

  /** DELETE /api/session: Mission Control forgets the session and clears the cookie. */
  logout = async (): Promise<void> => {
    this.loggingOut = true;
    try {
      // Plain fetch: a session that already ended must not open the sign-in dialog on the way out.
      const result = await outcome(callJson<void>((request) => globalThis.fetch(request), 'DELETE', '/api/session'));
      if (result.ok || result.error.status === 401) {
        this.current = null;
        this.error = null;
      } else {
        this.error = result.error;
      }
    } finally {
      this.loggingOut = false;
    }
  };
}

export const session = new Session();
