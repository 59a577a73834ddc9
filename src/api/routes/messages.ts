/**
 * 站内消息 In-site messages of the signed-in user: what other capabilities notify (new matches,
 * expiring qualifications, challenge deadlines, plan alerts…). Every signed-in role has an inbox;
 * nobody reads another's (a message not addressed to the caller is 404).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { randomIds } from '../../service/applications/ports.ts';
import { createMessageService } from '../../service/messages/service.ts';
import type { ApiContext } from '../context.ts';

const text = z.object({ zh: z.string(), en: z.string() });

export const messageSchema = z.object({
  id: z.uuid(),
  kind: z.string().describe('what happened, as <capability>.<event>'),
  subject: text,
  body: text,
  link: z.string().nullable().describe('where in the web UI it points'),
  ref: z.string().nullable().describe('what it is about, as <type>:<id>'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function messageService(ctx: ApiContext) {
  return createMessageService({ db: ctx.db, clock: ctx.clock, ids: randomIds });
}

export function messageRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = messageService(ctx);
  const tags = ['messages'];

  app.get(
    '/api/messages',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '站内消息 The signed-in user’s messages, newest first, and the unread count',
        querystring: z.object({
          unread: z.enum(['true', 'false']).optional().describe('true: unread only'),
          kind: z
            .string()
            .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/)
            .optional(),
          before: z.iso.datetime({ offset: true }).optional().describe('older than this (paging)'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(messageSchema), unread: z.number().int() }) },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const q = request.query;
      return service.list(user, {
        unreadOnly: q.unread === 'true',
        kind: q.kind,
        before: q.before,
        limit: q.limit,
      });
    },
  );

  app.post(
    '/api/messages/:id/read',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '已读 Mark one message read',
        params: z.object({ id: z.uuid() }),
        response: { 200: messageSchema },
      },
    },
    async (request) => service.markRead(await ctx.requireUser(request), request.params.id),
  );

  app.post(
    '/api/messages/read-all',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: '全部已读 Mark every message read',
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (request) => ({ marked: await service.markAllRead(await ctx.requireUser(request)) }),
  );
}
