import createClient, { type Client } from 'openapi-fetch';
import { CliError, EXIT, type ExitCode } from '../errors.js';
import type { Credentials } from '../config/credentials.js';
// the dashboard's generated types: one copy of what server/openapi.json says (npm -w web run api:generate)
import type { components, paths } from '../../../web/src/lib/api/schema.js';

export type Api = Client<paths>;
export type Schemas = components['schemas'];
type ErrorBody = Schemas['ErrorBody'];

/** A typed client for Mission Control's API (server/openapi.json), with the token as a bearer. */
export function apiClient(creds: Credentials): Api {
  return createClient<paths>({
    baseUrl: creds.url,
    headers: { ...(creds.token && { authorization: `Bearer ${creds.token}` }), 'user-agent': 'otternauts-cli' },
  });
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a call, or a CliError in the server's own words: 401/403 exit 4 (auth), anything
 * else 1. Mission Control's message already says what went wrong and what to do.
 */
export async function unwrap<T>(url: string, call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (e) {
    throw unreachable(url, e);
  }
  if (answer.response.ok) return answer.data as T;
  throw apiFailure(answer.response.status, answer.error);
}

export function apiFailure(status: number, body: unknown): CliError {
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  const exit: ExitCode = status === 401 || status === 403 ? EXIT.auth : EXIT.failed;
  const message =
    error?.message ?? `Mission Control answered ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}.`;
  const details = (error?.details ?? []).map((d) => (d.field ? `${d.field}: ${d.message}` : d.message));
  return new CliError(message, exit, details);
}

export function unreachable(url: string, e: unknown): CliError {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (e as Error).message;
  return new CliError(`Cannot reach Mission Control at ${url} (${why}). Is it running, and is the URL right?`, EXIT.failed);
}
