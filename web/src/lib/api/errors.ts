import { t } from '#lib/i18n/index.ts';

export interface ApiErrorDetail {
  field?: string;
  message: string;
}

/** What the dashboard shows for any failed call: the API's own words when it sent them. */
export interface ApiErrorInfo {
  status: number | null;
  code: string;
  message: string;
  details: ApiErrorDetail[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDetails(value: unknown): ApiErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((d) => {
    if (typeof d.message !== 'string' || d.message === '') return [];
    return typeof d.field === 'string' && d.field !== '' ? [{ field: d.field, message: d.message }] : [{ message: d.message }];
  });
}

function fallbackMessage(status: number): string {
  if (status === 401) return t('error.unauthorized');
  if (status === 404) return t('error.notFound');
  if (status >= 500) return t('error.server');
  return t('error.unexpected', { status });
}

/**
 * Normalises an error body. Mission Control answers `{ error: { code, message, details } }`;
 * anything else (a proxy's HTML page, an empty body) still becomes something readable.
 */
export function toApiError(status: number, body: unknown): ApiErrorInfo {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' && error.code !== '' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' && error.message !== '' ? error.message : fallbackMessage(status);
  return { status, code, message, details: toDetails(error?.details) };
}

/** fetch itself failed: Mission Control is down, restarting, or the network is gone. */
export function networkError(): ApiErrorInfo {
  return { status: null, code: 'network_error', message: t('error.network'), details: [] };
}

export function isUnauthorized(status: number, body: unknown): boolean {
  return status === 401 && toApiError(status, body).code === 'unauthorized';
}

/** One line per detail, naming the field when there is one. */
export function formatDetail(detail: ApiErrorDetail): string {
  return detail.field ? `${detail.field}: ${detail.message}` : detail.message;
}
