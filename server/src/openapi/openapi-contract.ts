import type { OpenAPIObject } from '@nestjs/swagger';
import { SESSION_ROUTE } from '../auth/route-access.js';
import { defaultScope, type RouteScope } from '../auth/scope.js';

type Operation = {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
  description?: string;
  'x-otternauts-scope'?: RouteScope;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Operations the HTTP guard lets through without a credential (auth/route-access.ts). */
function isOpen(path: string, method: string): boolean {
  if (path === '/api/health') return true;
  if (path === '/api/hooks/{hookId}' && method === 'post') return true;
  return path === SESSION_ROUTE && (method === 'post' || method === 'delete');
}

const ERROR_BODY = {
  type: 'object',
  description: 'The one error body every refusal and failure answers with.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: {
          type: 'string',
          example: 'validation_failed',
          description: 'Stable, for programs: unauthorized, forbidden, not_found, validation_failed, …',
        },
        message: { type: 'string', description: 'For people: what went wrong and what to do.' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['message'],
            properties: {
              field: { type: 'string', description: 'The request field (dotted path) the detail is about' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const WHY: Record<string, string> = {
  '400': 'The request is not valid: the details name each field and what to change.',
  '401': 'No credential, or one that is unknown, revoked or expired (the message says which).',
  '403': "The credential's scopes do not cover this call, or the request came from a page on another site.",
  '404': 'Nothing with that id.',
  '409': 'It conflicts with what exists (the message says what).',
  '429': 'Too many attempts from this address: wait and try again.',
};

function errorResponse(status: string, description?: string) {
  return {
    description: description ?? WHY[status],
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  };
}

function scopeLine(op: Operation, method: string): string {
  const scope = op['x-otternauts-scope'] ?? defaultScope(method.toUpperCase());
  if (scope.scope === 'any') return 'Needs any valid credential.';
  const limited = scope.stack || scope.deployment ? ' (a deploy token limited to some stacks: only for those)' : '';
  return scope.scope === 'admin' ? 'Needs the admin scope.' : `Needs the ${scope.scope} scope or admin${limited}.`;
}

/**
 * What Nest's generator leaves out and clients need: where to send requests, how to
 * authenticate (a bearer token, or the dashboard's session cookie), the scope each call
 * needs, and the error responses it can answer, all with the one error body.
 */
export function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'Mission Control itself' }];
  document.info.license = { name: 'MIT', url: 'https://opensource.org/license/mit' };
  document.components ??= {};
  document.components.securitySchemes = {
    bearer: { type: 'http', scheme: 'bearer', description: 'An API token (otn_…) or OTTERNAUTS_ADMIN_TOKEN.' },
    session: { type: 'apiKey', in: 'cookie', name: 'otternauts_session', description: 'The dashboard session, from POST /api/session.' },
  };
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY as never };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const open = isOpen(path, method);
      op.security = open ? [] : [{ bearer: [] }, { session: [] }];
      if (!open) op.description = [op.description, scopeLine(op, method)].filter(Boolean).join('\n\n');
      // every API route can refuse another site's page (403); the open ones need no credential (no 401)
      const wanted = new Set([
        ...(op.requestBody || (op.parameters?.length ?? 0) > 0 ? ['400'] : []),
        ...(open ? [] : ['401']),
        '403',
        ...(path.includes('{') ? ['404'] : []),
        ...(path === SESSION_ROUTE && method === 'post' ? ['401', '429'] : []),
      ]);
      for (const status of ['400', '401', '403', '404', '409', '422', '429']) {
        const existing = op.responses[status] as { description?: string } | undefined;
        if (existing || wanted.has(status)) op.responses[status] = errorResponse(status, existing?.description || undefined);
      }
    }
  }
  return document;
}
