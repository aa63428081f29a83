import createClient from 'openapi-fetch';
import { adminToken } from '#lib/api/admin-token.svelte.ts';
import { createAuthFetch } from '#lib/api/auth-fetch.ts';
import type { components, paths } from '#lib/api/schema.d.ts';
import { tokenPrompt } from '#lib/api/token-prompt.svelte.ts';

/** Shapes from Mission Control's OpenAPI document (regenerate: npm -w web run api:generate). */
export type Schemas = components['schemas'];

/**
 * The typed client for Mission Control's API, same origin as the dashboard. It sends the
 * stored admin token and asks for one when Mission Control answers 401.
 */
export const api = createClient<paths>({
  fetch: createAuthFetch({
    // Looked up per call, not captured: tests and devtools may replace window.fetch.
    fetch: (request) => globalThis.fetch(request),
    tokens: adminToken,
    askForToken: tokenPrompt.ask,
  }),
});
