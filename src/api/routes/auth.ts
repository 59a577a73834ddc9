/**
 * Sign in and out, who am I, change password; user accounts for admins. Login is rate-limited per
 * client address (on top of the per-account lockout) and every outcome is audited by the service.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import { AUTH_POLICY, newUserSchema } from '../../service/auth/service.ts';
import { ROLES } from '../../service/auth/types.ts';
import { SESSION_COOKIE } from '../app.ts';
import type { ApiContext } from '../context.ts';

const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().nullable(),
});

export function authRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.secureCookies,
      path: '/',
      maxAge: AUTH_POLICY.absoluteHours * 3600,
    });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录 Sign in',
        description:
          'Sets an HttpOnly session cookie and also returns the token for `Authorization: Bearer`. ' +
          `${AUTH_POLICY.maxFailedAttempts} failures within ${AUTH_POLICY.lockoutMinutes} minutes lock the account for ${AUTH_POLICY.lockoutMinutes} minutes; ` +
          'a locked account answers exactly like a wrong password (401). ' +
          `An address with ${AUTH_POLICY.addressFailures} failed sign-ins in that time gets 429. ` +
          `sessions end after ${AUTH_POLICY.idleMinutes} idle minutes or ${AUTH_POLICY.absoluteHours} hours.`,
        body: z
          .object({
            username: safeText({ min: 1, max: 64 }),
            password: safeText({ min: 1, max: 1024, trim: false }),
          })
          .strict(),
        response: {
          200: z.object({
            user: userView,
            token: z.string(),
            expiresAt: z.string(),
            idleExpiresAt: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await ctx.auth.login(request.body.username, request.body.password, {
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? '').slice(0, 200),
      });
      setCookie(reply, result.token);
      return result;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        security: [],
        tags: ['auth'],
        summary: '退出 Sign out',
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const user = await ctx.currentUser(request);
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.cookies[SESSION_COOKIE];
      if (token) await ctx.auth.logout(token, user ?? undefined);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: '当前用户 Who am I',
        response: { 200: z.object({ user: userView }) },
      },
    },
    async (request) => ({ user: await ctx.requireUser(request) }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change password (ends every session)',
        body: z
          .object({
            currentPassword: safeText({ max: 1024, trim: false }),
            newPassword: safeText({ max: 1024, trim: false }),
          })
          .strict(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      await ctx.auth.changePassword(user, request.body.currentPassword, request.body.newPassword);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        tags: ['auth'],
        summary: '用户列表 Users (admin, auditor)',
        response: { 200: z.object({ items: z.array(userView) }) },
      },
    },
    async (request) => ({ items: await ctx.auth.listUsers(await ctx.requireUser(request)) }),
  );

  app.post(
    '/api/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: '新建用户 Create a user (admin)',
        body: newUserSchema,
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      reply.status(201);
      return ctx.auth.createUser(user, request.body);
    },
  );
}
