/**
 * 十五五 plan monitoring (003) over HTTP. Thin: schema in, use case (src/service/plan/), schema out.
 * - Public, no sign-in: `/api/public/plan…` — targets, progress and series, without internal comments,
 *   names or money.
 * - Officers (reviewer, approver, admin) and auditors read the internal views; officers record,
 *   revise, withdraw, import and push values; admins set a target's department and band width and run
 *   the scan. Writers are checked before the body is read, so a reader's write is always 403.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { planFor } from '../../catalogue/load-plan.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { OFFICER_ROLES, STAFF_ROLES } from '../../service/auth/types.ts';
import { createMessageService } from '../../service/messages/service.ts';
import { XLSX_TYPE } from '../../service/plan/export-report.ts';
import { observationInputSchema } from '../../service/plan/observations.ts';
import { pushInputSchema } from '../../service/plan/push-observations.ts';
import { reviseInputSchema } from '../../service/plan/revise-observation.ts';
import { createPlanService } from '../../service/plan/service.ts';
import { settingsInputSchema } from '../../service/plan/set-target-settings.ts';
import { withdrawInputSchema } from '../../service/plan/withdraw-observation.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { IMPORT_BODY_LIMIT } from './organisations.ts';
import {
  dashboardSchema,
  detailSchema,
  figuresSchema,
  fundingSchema,
  historySchema,
  importReportSchema,
  publicDetailSchema,
  publicViewSchema,
  pushResultSchema,
  reportSchema,
  scanResultSchema,
  settingsResultSchema,
  writeResultSchema,
} from './plan-schemas.ts';

const READERS = STAFF_ROLES;
const WRITERS = OFFICER_ROLES;
const ADMINS = new Set(['admin']);

const dateQuery = z.object({
  date: isoDate().optional().describe('as of this day (YYYY-MM-DD); default today in Shanghai'),
});
const targetParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(80),
});
const periodParams = targetParams.extend({
  period: z
    .string()
    .regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/)
    .describe('2027, 2027-Q2 or 2027-05'),
});

export function planService(ctx: ApiContext) {
  return createPlanService({
    db: ctx.db,
    plan: planFor(ctx.catalogue),
    catalogue: ctx.catalogue,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    messages: createMessageService({ db: ctx.db, clock: ctx.clock, ids: randomIds }),
  });
}

export function planRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const plan = planService(ctx);
  const tags = ['plan'];
  const day = (q: { date?: string | undefined }) => q.date ?? ctx.today();

  // Raw file bodies for the import route only (this scope); the content decides CSV or .xlsx.
  for (const type of [
    'text/csv',
    'text/plain',
    'application/vnd.ms-excel',
    XLSX_TYPE,
    'application/octet-stream',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }

  // ── Public ─────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/public/plan',
    {
      schema: {
        security: [],
        tags,
        summary: '规划目标（公开） Every target of 003 with its progress, for anyone',
        querystring: dateQuery,
        response: { 200: publicViewSchema },
      },
    },
    async (request) => plan.publicView(day(request.query)),
  );

  app.get(
    '/api/public/plan/targets/:id',
    {
      schema: {
        security: [],
        tags,
        summary: '目标详情（公开） One target: baseline, values, required path, forecast',
        params: targetParams,
        querystring: dateQuery,
        response: { 200: publicDetailSchema },
      },
    },
    async (request) => plan.publicTarget(request.params.id, day(request.query)),
  );

  app.get(
    '/api/public/plan/figures',
    {
      schema: {
        security: [],
        tags,
        summary: '十四五基础与背景指标（公开） The 十四五 figures of 003 and the figures of 004',
        querystring: dateQuery,
        response: { 200: figuresSchema },
      },
    },
    async (request) => plan.figures(day(request.query)),
  );

  // ── Officers and auditors ─────────────────────────────────────────────────────────────────────
  app.get(
    '/api/plan',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '监测看板 Dashboard: a card per target (value, target, status, sparkline with the path)',
        querystring: dateQuery,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => plan.dashboard(await ctx.requireUser(request), day(request.query)),
  );

  app.get(
    '/api/plan/targets/:id',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '指标详情 One target: series, required path, forecast, observations with provenance, money',
        params: targetParams,
        querystring: dateQuery,
        response: { 200: detailSchema },
      },
    },
    async (request) => plan.target(await ctx.requireUser(request), request.params.id, day(request.query)),
  );

  app.get(
    '/api/plan/targets/:id/observations/:period/history',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '修订记录 Every revision of a period’s value, newest first',
        params: periodParams,
        response: { 200: historySchema },
      },
    },
    async (request) => plan.history(await ctx.requireUser(request), request.params.id, request.params.period),
  );

  app.post(
    '/api/plan/targets/:id/observations',
    {
      ...allow(WRITERS),
      schema: {
        tags,
        summary: '录入 Record a period’s value (officers); 409 if the period has one (revise it)',
        params: targetParams,
        body: observationInputSchema,
        response: { 201: writeResultSchema },
      },
    },
    async (request, reply) => {
      const result = await plan.record(await ctx.requireUser(request), request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  app.put(
    '/api/plan/targets/:id/observations/:period',
    {
      ...allow(WRITERS),
      schema: {
        tags,
        summary: '修订 Revise a period’s value with a reason (officers); the history keeps every revision',
        params: periodParams,
        body: reviseInputSchema,
        response: { 200: writeResultSchema },
      },
    },
    async (request) =>
      plan.revise(await ctx.requireUser(request), request.params.id, request.params.period, request.body),
  );

  app.post(
    '/api/plan/targets/:id/observations/:period/withdraw',
    {
      ...allow(WRITERS),
      schema: {
        tags,
        summary: '撤回 Withdraw a period’s value with a reason (officers)',
        params: periodParams,
        body: withdrawInputSchema,
        response: { 200: writeResultSchema },
      },
    },
    async (request) =>
      plan.withdraw(await ctx.requireUser(request), request.params.id, request.params.period, request.body),
  );

  app.put(
    '/api/plan/targets/:id/settings',
    {
      ...allow(ADMINS),
      schema: {
        tags,
        summary: '责任部门与区间 Set a target’s responsible department or 左右 band width (admin)',
        params: targetParams,
        body: settingsInputSchema,
        response: { 200: settingsResultSchema },
      },
    },
    async (request) => plan.settings(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/plan/observations',
    {
      ...allow(WRITERS),
      schema: {
        tags,
        summary:
          '数据推送 Push values by API (officers): all or nothing; the same content again is unchanged',
        body: pushInputSchema,
        response: { 200: pushResultSchema },
      },
    },
    async (request) => plan.push(await ctx.requireUser(request), request.body),
  );

  app.post(
    '/api/plan/observations/import',
    {
      ...allow(WRITERS),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入 Import values from a CSV or .xlsx file (officers)',
        description:
          'Send the file as the body. Columns: 指标编号 target, 期间 period, 数值 value (or 评估 assessment), 来源 source, ' +
          '备注 comment. Any row error: 400 with one issue per row and column, nothing imported; allowPartial=true imports ' +
          'the valid rows.',
        querystring: z.object({
          allowPartial: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
          name: safeText({ max: 200 }).optional().describe('the file name, for the audit trail'),
        }),
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
      return plan.import(
        await ctx.requireUser(request),
        { data, ...(request.query.name ? { name: request.query.name } : {}) },
        { allowPartial: request.query.allowPartial },
      );
    },
  );

  app.get(
    '/api/plan/observations/template',
    {
      ...allow(WRITERS),
      schema: {
        tags,
        summary: '导入模板 The import template (CSV or .xlsx), one row per target that takes values',
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const format = request.query.format;
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
        .header('content-disposition', `attachment; filename="ceyuan-plan-import-template.${format}"`)
        .send(await plan.template(format));
    },
  );

  app.get(
    '/api/plan/funding',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '目标资金 Money committed and paid per target and per linked measure (from the ledger)',
        response: { 200: fundingSchema },
      },
    },
    async (request) => plan.funding(await ctx.requireUser(request)),
  );

  app.get(
    '/api/plan/report',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '监测报告 The whole monitoring report, for the printable page (JSON)',
        querystring: dateQuery,
        response: { 200: reportSchema },
      },
    },
    async (request) => plan.report(await ctx.requireUser(request), day(request.query)),
  );

  app.get(
    '/api/plan/report.xlsx',
    {
      ...allow(READERS),
      schema: {
        tags,
        summary: '导出监测报告 The whole monitoring report as .xlsx (audited)',
        querystring: dateQuery,
      },
    },
    async (request, reply) => {
      const { filename, data } = await plan.export(await ctx.requireUser(request), day(request.query));
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(data);
    },
  );

  app.post(
    '/api/plan/scan',
    {
      ...allow(ADMINS),
      schema: {
        tags,
        summary:
          '巡检 Evaluate every target on a date and alert departments (admin; also `ceyuan plan scan`)',
        body: z.object({ date: isoDate().optional() }).strict().optional(),
        response: { 200: scanResultSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return plan.scan(request.body?.date ?? ctx.today(), user.username);
    },
  );
}
