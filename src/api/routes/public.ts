/**
 * The public area's API (no sign-in): public notices (公示) and the objections anyone may file against
 * them; and, for officers, the objections filed (with the contact the public never sees). Every
 * response is serialised through its schema, so a field not listed here cannot leak.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { randomIds } from '../../service/applications/ports.ts';
import { STAFF_ROLES } from '../../service/auth/types.ts';
import { createPublicService } from '../../service/public/service.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { publicObjectionBody } from '../schemas.ts';

export const publicNoticeSchema = z.object({
  id: z.string(),
  title: z.string(),
  organisationName: z.string().describe('the applicant, as the notice publishes it'),
  measureId: z.string(),
  documentCode: z.string(),
  amount: z.number().int().nullable().describe('the approved amount in fen'),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['open', 'closed']).describe('open: objections are taken today'),
});

const publicObjectionView = z.object({
  id: z.string(),
  applicationId: z.string(),
  title: z.string(),
  measureId: z.string(),
  organisationName: z.string(),
  name: z.string().nullable(),
  contact: z.string(),
  text: z.string(),
  receivedOn: z.string(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  resolution: z.string().nullable(),
});

export function publicRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = createPublicService({ db: ctx.db, clock: ctx.clock, ids: randomIds, audit: ctx.audit });
  const tags = ['public'];

  app.get(
    '/api/public/notices',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '公示公告 Public notices, newest first (no sign-in)',
        querystring: z.object({
          open: z.enum(['0', '1']).optional().describe('1: only notices taking objections today'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(publicNoticeSchema), total: z.number().int() }) },
      },
    },
    async (request) =>
      service.notices({
        open: request.query.open === '1',
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.get(
    '/api/public/notices/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '公示详情 One public notice (no sign-in)',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: publicNoticeSchema },
      },
    },
    async (request) => service.notice(request.params.id),
  );

  app.post(
    '/api/public/notices/:id/objections',
    {
      // Anyone may object, so it is rate-limited per address.
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '提出异议 Object to a public notice during its window (no sign-in; contact kept private)',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: publicObjectionBody,
        response: { 201: z.object({ id: z.string(), receivedOn: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await service.object(request.params.id, request.body, { ip: request.ip });
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/review/public-objections',
    {
      ...allow(STAFF_ROLES),
      schema: {
        tags: ['review'],
        summary:
          '公众异议 Objections filed on the public notice pages, with the objector’s contact (officers)',
        querystring: z.object({
          status: z.enum(['open', 'upheld', 'dismissed']).optional(),
          applicationId: z.string().uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(publicObjectionView) }) },
      },
    },
    async (request) => ({ items: await service.objections(request.query) }),
  );
}
