/**
 * Who may call a route, declared once on the route and enforced and documented from there.
 *
 *   app.get('/api/catalogue', { schema: { security: [], … } }, …)          public: no sign-in
 *   app.get('/api/me', { config: { access: 'signed-in' }, schema: … }, …)   any signed-in role
 *   app.post('/api/x', { config: { access: ['approver', 'admin'] }, … }, …) these roles only
 *   app.post('/api/x', { ...allow(roles), schema: … }, …)             the same, via allow()
 *
 * An `onRoute` hook turns the declaration into an `onRequest` check that runs before the body is
 * read (anonymous → 401; a role not listed → 403, audited) and writes it into the OpenAPI document:
 * `security: []` for a public route, `x-roles: [...]` for the others. test/security/matrix.test.ts
 * reads that document and checks every (endpoint, role) pair, so a new route is covered as soon as
 * it exists. A route that declares nothing is treated as `signed-in` (secure by default) and marked
 * `x-access: undeclared`, which the matrix test refuses: say what you mean.
 *
 * Handlers may still narrow further (an enterprise user sees only its own organisation: 404), but
 * never widen: the hook runs first.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ForbiddenError } from '../core/errors.ts';
import { ROLES, type Role } from '../service/auth/types.ts';
import type { ApiContext } from './context.ts';

export type Access = 'public' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (see src/api/access.ts). */
    access?: Access;
  }
}

/** The effective rule of a route: public, or the roles admitted. */
export type RouteAccess = { public: true } | { public: false; roles: readonly Role[]; declared: boolean };

export function routeAccess(route: Pick<RouteOptions, 'schema' | 'config'>): RouteAccess {
  const schema = route.schema as { security?: unknown } | undefined;
  const access = (route.config as { access?: Access } | undefined)?.access;
  if (access === 'public' || (Array.isArray(schema?.security) && schema.security.length === 0))
    return { public: true };
  if (Array.isArray(access)) return { public: false, roles: access as readonly Role[], declared: true };
  return { public: false, roles: ROLES, declared: access === 'signed-in' };
}

/** Installs the hook; call before any route (and before @fastify/swagger) is registered. */
export function installAccess(app: FastifyInstance, ctx: () => ApiContext): void {
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path ?? '';
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (!url.startsWith('/api/') || schema.hide) return;
    const access = routeAccess(route);
    route.schema = schema;
    if (access.public) {
      schema.security = [];
      return;
    }
    schema['x-roles'] = [...access.roles];
    if (!access.declared) schema['x-access'] = 'undeclared';
    const roles = new Set<string>(access.roles);
    const check = async (request: FastifyRequest) => {
      const user = await ctx().requireUser(request);
      if (!roles.has(user.role)) {
        throw new ForbiddenError(
          {
            zh: `角色"${user.role}"无权执行此操作（限：${[...roles].join(', ')}）`,
            en: `role "${user.role}" may not do this (allowed: ${[...roles].join(', ')})`,
          },
          { role: user.role, allowedRoles: [...roles] },
        );
      }
    };
    const existing = route.onRequest;
    route.onRequest = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
}

/**
 * Route options admitting only these roles: 401 without a session, 403 (audited) for another role,
 * before the body is read. Declared as `config.access` (checked by `installAccess` above), so the OpenAPI document
 * lists the roles (`x-roles`) and the security matrix test checks them.
 */
export function allow(roles: Iterable<string>) {
  return { config: { access: [...roles] as Role[] } };
}

/** Route options for any signed-in role (the handler narrows what each may see). */
export const signedIn = { config: { access: 'signed-in' as const } };
