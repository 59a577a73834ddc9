/**
 * Applications, the enterprise's side: create a draft (from a measure and a matter, or from a
 * self-check), edit it while it is a draft or returned for correction (补正), submit, withdraw, list
 * its own, read one with its timeline, stages and payments. Officers and auditors read every
 * application; an enterprise user reading another organisation's gets 404. The workflow itself is in
 * src/core/workflow.ts, the rules in src/service/applications (docs/workflow.md).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import {
  APPLICATION_STATES,
  TRANSITIONS,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
} from '../../core/workflow.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { createApplicationService } from '../../service/applications/service.ts';
import { forApplicant, toDecisionRecord } from '../../service/applications/views.ts';
import { allow, signedIn } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { fen, versionField } from '../schemas.ts';

// Shared with the web's forms (src/api/schemas.ts); re-exported for the route modules that import them here.
export { fen, reasonField, versionField } from '../schemas.ts';

const text = z.object({ zh: z.string(), en: z.string() });
const state = z.enum(APPLICATION_STATES);

export const attachmentSchema = z
  .object({
    name: safeText({ min: 1, max: 200 }),
    type: safeText({ min: 1, max: 100 }).describe('MIME type'),
    size: z
      .number()
      .int()
      .nonnegative()
      .max(1024 ** 4),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();

export const applicationViewSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  measureId: z.string(),
  documentCode: z.string(),
  overlapGroup: z.string().nullable(),
  matterId: z.string(),
  matter: z.record(z.string(), z.unknown()).nullable(),
  title: z.string(),
  requestedAmount: fen.nullable(),
  recommendedAmount: fen.nullable(),
  recommendedReason: z
    .string()
    .nullable()
    .describe('the reviewer’s written reason; required when the amount is below the ceiling'),
  approvedAmount: fen.nullable(),
  approvedReason: z
    .string()
    .nullable()
    .describe('the reason an approved amount below the ceiling rests on (the approver’s or the reviewer’s)'),
  attachments: z.array(attachmentSchema),
  state,
  stateLabel: text,
  version: z.number().int(),
  submittedOn: z.string().nullable(),
  notice: z.object({ startsOn: z.string(), endsOn: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const paymentSchema = z.object({
  id: z.string(),
  stageId: z.string(),
  amount: fen,
  idempotencyKey: z.string(),
  paidOn: z.string(),
  paidBy: z.string(),
  createdAt: z.string(),
});

export const applicationDetailSchema = applicationViewSchema.extend({
  timeline: z.array(
    z.object({
      step: z.number().int(),
      action: z.string(),
      actionLabel: text,
      from: z.string().nullable(),
      to: z.string(),
      actorId: z.string(),
      actorRole: z.string(),
      reason: z.string().nullable(),
      amount: fen.nullable(),
      decidedOn: z.string(),
      at: z.string(),
      catalogueVersion: z.string().nullable(),
      range: z.object({ min: fen, max: fen }).nullable(),
      clause: z.unknown(),
    }),
  ),
  stages: z.array(
    z.object({
      id: z.string(),
      seq: z.number().int(),
      amount: fen,
      dueOn: z.string().nullable(),
      paid: z.boolean(),
      paymentId: z.string().nullable(),
      paidOn: z.string().nullable(),
    }),
  ),
  payments: z.array(paymentSchema),
  objections: z.array(
    z.object({
      id: z.string(),
      raisedBy: z.string(),
      text: z.string(),
      raisedOn: z.string(),
      status: z.string(),
      resolution: z.string().nullable(),
      resolvedAt: z.string().nullable(),
    }),
  ),
  actions: z.array(z.enum(WORKFLOW_ACTIONS)),
  entitlement: z.unknown().describe("the engine's latest stored evaluation of this application"),
  range: z
    .object({
      min: fen,
      max: fen.describe('the ceiling: 最高可获'),
      exact: z.boolean().describe('the text fixes the sum (nothing to decide)'),
      headline: text.nullable().describe('"最高可获 ¥…" or "可获 ¥…（定额）"'),
      formula: text.nullable(),
    })
    .nullable()
    .describe('the range the amount is decided within, from the latest stored evaluation'),
  stagePlan: z
    .object({
      staged: z.boolean().describe('the text pays in stages (分阶段)'),
      weights: z.array(z.number().int()),
      amounts: z.array(fen),
      basis: text,
    })
    .describe('the stage plan proposed by default for the approved (else recommended, else ceiling) amount'),
  overlapChecks: z
    .array(
      z.object({
        measureId: z.string(),
        matterId: z.string(),
        applicationId: z.string().nullable(),
        status: z.enum(['granted', 'pending']),
        amount: fen.nullable(),
        kind: z.enum(['same_matter', 'different_matters']),
        reason: text,
      }),
    )
    .describe(
      'grants and open applications the reviewer must weigh against this one (从优、就高、不重复 left to a person)',
    ),
});

export const paymentResultSchema = z.object({
  payment: paymentSchema,
  replayed: z.boolean().describe('true: this key had already paid; this is the first payment again'),
  application: applicationViewSchema,
});

/** A listed application also names its applicant and counts its open objections (public ones included). */
export const listedApplicationSchema = applicationViewSchema.extend({
  organisationName: z.string().nullable().optional(),
  openObjections: z.number().int().optional(),
  daysWaiting: z.number().int().optional().describe('days since its last change (in its present state)'),
});

export const pageSchema = z.object({ items: z.array(listedApplicationSchema), total: z.number().int() });

export const idParams = z.object({ id: safeText({ min: 1, max: 100 }) });

/** `?state=a,b`: one state or several, comma-separated, each one of `states` (else 400 naming it). */
export function stateListQuery<S extends string>(states: readonly S[], max = 400) {
  return z
    .string()
    .max(max)
    .optional()
    .describe('one state or several, comma-separated')
    .transform((s, c) => {
      if (!s) return undefined;
      const list = s.split(',').map((x) => x.trim());
      const bad = list.find((x) => !(states as readonly string[]).includes(x));
      if (bad) {
        c.addIssue({
          code: 'custom',
          message: `unknown state ${bad}`,
          params: { zh: `未知状态：${bad}`, en: `unknown state ${bad}` },
        });
        return z.NEVER;
      }
      return list as S[];
    });
}

export const listQuery = z.object({
  state: stateListQuery(APPLICATION_STATES),
  measureId: safeText({ max: 100 }).optional(),
  document: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
  sort: z
    .enum(['updated', 'submitted', 'requested', 'waiting'])
    .optional()
    .describe('updated (default), submitted, requested amount, waiting (longest unchanged first)'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** Roles that may take an action at all (from the workflow's rules), for a 403 before the body is read. */
export function rolesFor(action: WorkflowAction): Set<string> {
  return new Set(TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.roles));
}

export function applicationService(ctx: ApiContext) {
  return createApplicationService({
    db: ctx.db,
    engine: ctx.engine,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
  });
}

export function applicationRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = applicationService(ctx);
  const enterprise = allow(new Set(['enterprise']));
  const tags = ['applications'];
  const matter = z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe(
      'the matter as the calculator takes it (POST /api/calc, matters[]); checked against that schema',
    );

  app.post(
    '/api/applications',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '创建申请（草稿）Create a draft application for a measure and a matter (enterprise)',
        body: z
          .object({
            measureId: safeText({ min: 1, max: 100 }),
            matter,
            title: safeText({ max: 200 }).optional(),
            requestedAmount: fen.nullable().optional(),
            attachments: z.array(attachmentSchema).max(50).optional(),
          })
          .strict(),
        response: { 201: applicationViewSchema },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      reply.status(201);
      return service.create(user, request.body);
    },
  );

  app.post(
    '/api/applications/from-self-check',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '从自测结果申请 Create a draft from a self-check (enterprise)',
        description:
          'input is the body of POST /api/calc; the matter of the measure’s type (or matterId) becomes the ' +
          'application’s matter. The applicant profile comes from the registry, not from the self-check.',
        body: z
          .object({
            measureId: safeText({ min: 1, max: 100 }),
            input: z.unknown(),
            matterId: safeText({ min: 1, max: 100 }).optional(),
            title: safeText({ max: 200 }).optional(),
          })
          .strict(),
        response: { 201: applicationViewSchema },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      reply.status(201);
      return service.createFromSelfCheck(user, request.body);
    },
  );

  app.get(
    '/api/applications',
    {
      ...signedIn,
      schema: {
        tags,
        summary: '申请列表 Applications (an enterprise user sees its own organisation’s)',
        querystring: listQuery,
        response: { 200: pageSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { state, document, ...rest } = request.query;
      return service.list(user, { ...rest, states: state, documentCode: document });
    },
  );

  app.get(
    '/api/applications/:id',
    {
      ...signedIn,
      schema: {
        tags,
        summary: '申请详情 One application with its timeline, stages, payments, objections and next actions',
        params: idParams,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return service.get(user, request.params.id);
    },
  );

  app.get(
    '/api/applications/:id/decisions/:step',
    {
      ...signedIn,
      schema: {
        tags,
        summary:
          '决定记录 A stored decision: catalogue version, inputs, the engine’s full evaluation, clause',
        params: idParams.extend({ step: z.coerce.number().int().min(1).max(100_000) }),
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const record = toDecisionRecord(await service.decision(user, request.params.id, request.params.step));
      // An enterprise reads its own decision's amount and reasons, never the fund's totals.
      return user.role === 'enterprise' ? forApplicant(record) : record;
    },
  );

  app.patch(
    '/api/applications/:id',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '修改申请 Edit a draft, or an application returned for correction (补正)',
        params: idParams,
        body: z
          .object({
            matter,
            title: safeText({ max: 200 }).optional(),
            requestedAmount: fen.nullable().optional(),
            attachments: z.array(attachmentSchema).max(50).optional(),
            version: versionField,
          })
          .strict(),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { version, ...edit } = request.body;
      return service.edit(user, request.params.id, edit, version);
    },
  );

  const simple = z.object({ version: versionField }).strict().optional();
  app.post(
    '/api/applications/:id/submit',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '提交 Submit (or resubmit after correction); the entitlement is computed now',
        params: idParams,
        body: simple,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => service.submit(await ctx.requireUser(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/applications/:id/withdraw',
    {
      ...enterprise,
      schema: {
        tags,
        summary: '撤回 Withdraw, while no decision has been taken',
        params: idParams,
        body: simple,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) =>
      service.withdraw(await ctx.requireUser(request), request.params.id, request.body ?? {}),
  );
}
