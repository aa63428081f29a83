import createClient from 'openapi-fetch';
import { createAuthFetch } from '#lib/api/auth-fetch.ts';
import type { components, paths } from '#lib/api/schema.d.ts';
import { tokenPrompt } from '#lib/api/token-prompt.svelte.ts';
import { startSession } from '#lib/session/session-api.ts';

/** Shapes from Mission Control's OpenAPI document (regenerate: npm -w web run api:generate). */
export type Schemas = components['schemas'];

// Looked up per call, not captured: tests and devtools may replace window.fetch.
const plainFetch = (request: Request) => globalThis.fetch(request);

/**
 * Same-origin fetch that rides on Mission Control's HttpOnly session cookie and, when it answers
 * 401, asks for a token and trades it for a session (POST /api/session). The page never keeps it.
 */
export const authFetch = createAuthFetch({
  fetch: plainFetch,
  askForToken: tokenPrompt.ask,
  startSession: (token) => startSession(plainFetch, token),
});

/** The typed client for Mission Control's API, same origin as the dashboard. */
export const api = createClient<paths>({ fetch: authFetch });
