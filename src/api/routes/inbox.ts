/**
 * The enterprise's inbox of screening notices: what its organisation qualifies for, found by a
 * screening run without its asking. Confirming a 免申即享 notice creates the organisation's
 * application, prefilled, in one step; a 快申快享 notice is an invitation to a short application for
 * the measure's matter. An enterprise user sees its own organisation's notices only (another's is
 * 404); officers and auditors may read an organisation's inbox with ?organisationId=.
 *
 * A notice is one per organisation and measure; its `id` is that pair, encoded (base64url) so it is
 * safe in a path.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError, NotFoundError } from '../../core/errors.ts';
import { safeText } from '../../core/validation.ts';
import type { NoticeView } from '../../screening/runs.ts';
import { PERMISSIONS } from '../../service/auth/permissions.ts';
import type { SessionUser } from '../../service/auth/types.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { applicationViewSchema } from './applications.ts';
import { modeSchema, moneySchema, screeningService } from './screening.ts';

const text = z.object({ zh: z.string(), en: z.string() });

export const noticeSchema = z.object({
  id: z.string().describe('the notice: use it in /api/inbox/:id/…'),
  organisationId: z.string(),
  measureId: z.string(),
  title: text,
  mode: modeSchema,
  matterType: z
    .string()
    .nullable()
    .describe(
      'the measure’s matter type (a 免申即享 one with a registry matter carries it filed); null: none',
    ),
  status: z.enum(['new', 'read', 'confirmed', 'dismissed']),
  runId: z.string(),
  applicationId: z.string().nullable().describe('the application a confirmed 免申即享 notice created'),
  createdAt: z.string(),
  updatedAt: z.string().describe('changes when a later run refreshes the amount'),
  ...moneySchema,
});

const invitationSchema = z.object({
  kind: z.literal('invitation'),
  notice: noticeSchema,
  measureId: z.string(),
  title: text,
  matterType: z.string().nullable(),
  next: z
    .object({
      method: z.literal('POST'),
      path: z.string(),
      body: z.object({ measureId: z.string(), matter: z.record(z.string(), z.unknown()).optional() }),
    })
    .describe(
      'how to file the short application: add the matter (prefilled with what the registry filed, if anything) and submit',
    ),
});

export function noticeId(organisationId: string, measureId: string): string {
  return Buffer.from(`${organisationId}\n${measureId}`, 'utf8').toString('base64url');
}

/** The (organisation, measure) of a notice id; a malformed id is no notice (404). */
export function parseNoticeId(id: string): { organisationId: string; measureId: string } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const at = decoded.indexOf('\n');
  if (at <= 0 || at === decoded.length - 1) throw noNotice();
  return { organisationId: decoded.slice(0, at), measureId: decoded.slice(at + 1) };
}

function noNotice(): NotFoundError {
  return new NotFoundError({ zh: '未找到该通知', en: 'no such notice' });
}

export function inboxRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = screeningService(ctx);
  const enterprise = allow(new Set(['enterprise']));
  const tags = ['inbox'];
  const params = z.object({ id: safeText({ min: 1, max: 400 }) });

  const view = (n: NoticeView) => ({
    id: noticeId(n.organisationId, n.measureId),
    organisationId: n.organisationId,
    measureId: n.measureId,
    title: n.title,
    mode: n.mode,
    matterType: ctx.catalogue.byId.get(n.measureId)?.matterType ?? null,
    status: n.status,
    runId: n.runId,
    applicationId: n.applicationId,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    amount: n.amount,
    exact: n.exact,
    headline: n.headline,
    cap: n.cap,
    citation: n.citation,
    basis: n.basis,
  });

  /** The caller's own notice named by `id`, or 404 (another organisation's included). */
  async function ownNotice(user: SessionUser, id: string): Promise<NoticeView> {
    const { organisationId, measureId } = parseNoticeId(id);
    if (organisationId !== user.organisationId) throw noNotice();
    const notice = (await service.inbox(user)).find((n) => n.measureId === measureId);
    if (!notice) throw noNotice();
    return notice;
  }

  app.get(
    '/api/inbox',
    {
      // The enterprise reads its own; those who read the whole registry name an organisation.
      ...allow(['enterprise', ...PERMISSIONS['registry.read_all']]),
      schema: {
        tags,
        summary: '通知 Screening notices of the user’s organisation, newest first',
        description:
          'An enterprise user gets its own organisation’s; officers and auditors name one with organisationId.',
        querystring: z.object({
          status: z.enum(['new', 'read', 'confirmed', 'dismissed']).optional(),
          organisationId: z
            .string()
            .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
            .optional()
            .describe('officers and auditors: the organisation whose inbox to read (required for them)'),
        }),
        response: { 200: z.object({ items: z.array(noticeSchema) }) },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      if (user.role !== 'enterprise') {
        await ctx.requirePermission(request, 'registry.read_all');
        if (!request.query.organisationId) {
          throw new InputError([
            {
              path: 'query.organisationId',
              rule: 'required',
              zh: '请指定单位（organisationId）',
              en: 'name the organisation (organisationId)',
            },
          ]);
        }
      }
      const notices = await service.inbox(user, request.query);
      return { items: notices.map(view) };
    },
  );

  app.get(
    '/api/inbox/:id',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '通知详情 One notice of the user’s organisation: amount, clause and the data behind it',
        params,
        response: { 200: noticeSchema },
      },
    },
    async (request) => view(await ownNotice(await ctx.requireUser(request), request.params.id)),
  );

  app.post(
    '/api/inbox/:id/confirm',
    {
      ...enterprise,
      schema: {
        tags,
        summary:
          '确认 Confirm a notice: 免申即享 → the application, prefilled (201); 快申快享 → the invitation',
        params,
        response: {
          201: z.object({
            kind: z.literal('application'),
            notice: noticeSchema,
            application: applicationViewSchema,
          }),
          200: invitationSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const notice = await ownNotice(user, request.params.id);
      const result = await service.confirm(user, notice.measureId);
      const after = await ownNotice(user, request.params.id);
      if (result.kind === 'application') {
        reply.status(201);
        return { kind: 'application' as const, notice: view(after), application: result.application };
      }
      return {
        kind: 'invitation' as const,
        notice: view(after),
        measureId: result.measureId,
        title: notice.title,
        matterType: result.matterType,
        next: {
          method: 'POST' as const,
          path: '/api/applications',
          body: {
            measureId: result.measureId,
            ...(result.matter
              ? {
                  matter: {
                    id: result.matter.id,
                    type: result.matter.type,
                    figures: result.matter.figures,
                    claims: result.matter.claims,
                  },
                }
              : {}),
          },
        },
      };
    },
  );

  app.post(
    '/api/inbox/:id/read',
    {
      ...enterprise,
      schema: { tags, summary: '已读 Mark a notice read', params, response: { 200: noticeSchema } },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const notice = await ownNotice(user, request.params.id);
      await service.markRead(user, notice.measureId);
      return view(await ownNotice(user, request.params.id));
    },
  );

  app.post(
    '/api/inbox/:id/dismiss',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '忽略 Dismiss a notice (not a confirmed one: that has its application)',
        params,
        response: { 200: noticeSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const notice = await ownNotice(user, request.params.id);
      await service.dismiss(user, notice.measureId);
      return view(await ownNotice(user, request.params.id));
    },
  );
}
