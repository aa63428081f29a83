import type { FastifyRequest } from 'fastify';
import type { CredentialStore } from '../tokens/credential-store.js';
import type { Principal } from './principal.js';
import type { Refusal } from './refusal.js';
import type { RouteAccess } from './route-access.js';
import { ROUTE_SCOPE, defaultScope, type RouteScope } from './scope.js';

/** The scope the MATCHED route needs (its config), never one guessed from the path. */
export function routeScope(request: FastifyRequest): RouteScope {
  const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
  return (config?.[ROUTE_SCOPE] as RouteScope | undefined) ?? defaultScope(request.method);
}

function param(request: FastifyRequest, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describe(p: Principal): string {
  const who = p.kind === 'token' ? `The token "${p.name}"` : `The ${p.name}`;
  const can = p.scopes.map((s) => (s === 'deploy' && p.stacks ? `deploy the stacks ${p.stacks.join(', ') || '(none)'}` : s));
  return `${who} may ${can.join(' and ') || 'do nothing'}`;
}

function forbidden(p: Principal, needs: string): Refusal {
  return { status: 403, code: 'forbidden', message: `${describe(p)}; this call needs ${needs}.` };
}

/** The name of the stack a call touches, from the route's stack or deployment parameter. */
async function targetStack(request: FastifyRequest, scope: RouteScope, store: CredentialStore): Promise<string | null | undefined> {
  const stackId = param(request, scope.stack);
  if (stackId) return store.stackName(stackId);
  const deploymentId = param(request, scope.deployment);
  if (deploymentId) return store.stackNameOfDeployment(deploymentId);
  return undefined; // the call names no stack (list, validate)
}

/**
 * Whether the principal's scopes cover the route: `admin` covers everything; `read` covers
 * routes that need read; `deploy` covers deploy routes (for a token limited to some stacks,
 * only when the stack the call names is one of them) and, for GET, lets a read of that stack
 * through too. A limited token asking about a stack that does not exist is refused rather
 * than told "not found", so it cannot probe for other stacks' ids.
 */
export async function checkScope(request: FastifyRequest, access: RouteAccess, store: CredentialStore): Promise<Refusal | undefined> {
  const p = request.principal;
  if (access === 'dashboard' || access === 'public' || !p) return undefined;
  if (p.scopes.includes('admin')) return undefined;
  const need = routeScope(request);
  if (need.scope === 'any') return undefined;
  if (need.scope === 'read' && p.scopes.includes('read')) return undefined;
  const read = request.method === 'GET' || request.method === 'HEAD';
  if (need.scope === 'deploy') {
    if (read && p.scopes.includes('read')) return undefined;
    if (p.scopes.includes('deploy')) {
      if (p.stacks === null) return undefined;
      const stack = await targetStack(request, need, store);
      if (stack === undefined || (stack !== null && p.stacks.includes(stack))) return undefined;
      return forbidden(p, stack === null ? 'a stack this token may deploy, or admin' : `deploy for "${stack}", or admin`);
    }
  }
  return forbidden(p, need.scope === 'admin' ? 'admin' : `${need.scope} (or admin)`);
}
