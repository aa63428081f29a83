import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VaultCorruptError, VaultKeyError } from '../vault/vault-cipher.js';
import { ApiError, type ErrorDetail } from './api-error.js';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

interface Shaped {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

/** Fastify's own errors (bad JSON, body too large) carry a statusCode and a code like FST_ERR_... */
function fastifyError(err: unknown): Shaped | undefined {
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode !== 'number' || e.statusCode >= 500 || typeof e.code !== 'string') return undefined;
  const invalidJson = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(e.message ?? '');
  return {
    status: e.statusCode,
    code: invalidJson ? 'invalid_json' : (CODES[e.statusCode] ?? 'bad_request'),
    message: invalidJson ? 'The request body is not valid JSON.' : (e.message ?? 'The request was refused.'),
    details: [],
  };
}

function shape(err: unknown): Shaped {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message, details: err.details };
  if (err instanceof VaultKeyError) return { status: 503, code: 'vault_key_mismatch', message: err.message, details: [] };
  if (err instanceof VaultCorruptError) return { status: 500, code: 'vault_corrupt', message: err.message, details: [] };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const given = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const message =
      status === (HttpStatus.NOT_FOUND as number) ? 'Nothing here: check the address.' : typeof given === 'string' ? given : err.message;
    // Fastify's body parser errors reach the filter wrapped by Nest
    if (status === 400 && /not valid JSON|Unexpected token|JSON/.test(message)) {
      return { status, code: 'invalid_json', message: 'The request body is not valid JSON.', details: [] };
    }
    return { status, code: CODES[status] ?? 'error', message, details: [] };
  }
  return (
    fastifyError(err) ?? {
      status: 500,
      code: 'internal_error',
      message: 'Something went wrong inside Mission Control. The details are in its log.',
      details: [],
    }
  );
}

/** One error body for every failure; never a stack trace in a response. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const shaped = shape(err);
    if (shaped.status >= 500) {
      this.logger.error({ err, method: request.method, url: request.url }, 'request failed');
    }
    void reply
      .status(shaped.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: { code: shaped.code, message: shaped.message, details: shaped.details } });
  }
}
