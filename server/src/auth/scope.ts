import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension } from '@nestjs/swagger';

/**
 * What an API token may do (tokens/): `read` every GET, `deploy` the stack routes a pipeline
 * needs (optionally only for named stacks), `admin` everything. OTTERNAUTS_ADMIN_TOKEN is admin.
 */
export const SCOPES = ['read', 'deploy', 'admin'] as const;
export type ScopeName = (typeof SCOPES)[number];

/**
 * The scope a route needs, read by the HTTP guard from the route that MATCHED (Fastify's route
 * config), never from the path. `stack` / `deployment` name the path parameter that says which
 * stack the call touches, for tokens whose deploy scope is limited to some stacks.
 */
export interface RouteScope {
  /** `any`: every valid credential (who am I, log out) */
  scope: ScopeName | 'any';
  stack?: string;
  deployment?: string;
}

/** The key under request.routeOptions.config. */
export const ROUTE_SCOPE = 'otternautsScope';

/**
 * Marks a route's scope. Undecorated routes need `read` for GET/HEAD and `admin` for
 * anything else (deny by default: a new route is admin-only until someone decides otherwise).
 * A `deploy` route that only reads (GET) is open to `read` tokens too.
 */
export function Scope(scope: ScopeName | 'any', target: Omit<RouteScope, 'scope'> = {}): MethodDecorator {
  const value: RouteScope = { scope, ...target };
  return applyDecorators(RouteConfig({ [ROUTE_SCOPE]: value }), ApiExtension('x-otternauts-scope', value));
}

/** The scope an undecorated route needs. */
export function defaultScope(method: string): RouteScope {
  return { scope: method === 'GET' || method === 'HEAD' ? 'read' : 'admin' };
}
