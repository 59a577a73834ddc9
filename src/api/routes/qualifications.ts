/**
 * The tier and qualification ledger (issue 13): holdings and events per organisation, as-of stock and
 * holders, expiring lists, the ladder funnel and its year-to-year moves, the cohort forecast, the
 * 培育库 (pools, candidates with distance per criterion, members, services), officers' local
 * thresholds, and first-time rewards without application (001·十). Thin: schema in, use case
 * (src/service/qualifications), answer out. docs/qualifications.md lists who may call what.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import type { ExportFormat } from '../../screening/export.ts';
import { randomIds } from '../../service/applications/ports.ts';
import { OFFICER_ROLES } from '../../service/auth/types.ts';
import { createMessageService } from '../../service/messages/service.ts';
import { poolInputSchema } from '../../service/qualifications/define-pool.ts';
import { enrolInputSchema } from '../../service/qualifications/enrol-members.ts';
import { type ExportList, exportList } from '../../service/qualifications/export-lists.ts';
import { serviceInputSchema } from '../../service/qualifications/record-service.ts';
import { rewardSettingsSchema } from '../../service/qualifications/reward-settings.ts';
import { SYSTEM_ACTOR } from '../../service/qualifications/scan-qualifications.ts';
import {
  downgradeInputSchema,
  feedInputSchema,
  kindCode,
  levelCode,
  recordInputSchema,
  revokeInputSchema,
  withdrawInputSchema,
} from '../../service/qualifications/schemas.ts';
import {
  createQualificationService,
  type QualificationService,
} from '../../service/qualifications/service.ts';
import { parameterInputSchema } from '../../service/qualifications/set-parameter.ts';
import { memberInputSchema } from '../../service/qualifications/update-member.ts';
import type { ApiContext } from '../context.ts';
import { timedJob } from '../timed-jobs.ts';
import { applicationService } from './applications.ts';
import { IMPORT_BODY_LIMIT } from './organisations.ts';

export function qualificationService(ctx: ApiContext): QualificationService {
  return createQualificationService({
    db: ctx.db,
    engine: ctx.engine,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    messages: createMessageService({ db: ctx.db, clock: ctx.clock, ids: randomIds }),
    applications: applicationService(ctx),
  });
}

/** The daily scan's job on the platform's queue (docs/operations.md, Jobs). */
export const SCAN_QUALIFICATIONS_JOB = 'qualifications.scan';

// Who may call what (src/api/access.ts enforces and documents it); the services narrow further
// (an enterprise reads only its own organisation: another's is 404).
const OFFICERS = OFFICER_ROLES;
const STAFF = [...OFFICERS, 'auditor'] as const;
const READERS = ['enterprise', ...STAFF] as const;
const ENTERPRISE = ['enterprise'] as const;
const PARAMETER_SETTERS = ['approver', 'admin'] as const;
const ADMIN = ['admin'] as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const uuidParams = z.object({ id: z.uuid() });
const rewardParams = z.object({ id: safeText({ min: 1, max: 200 }).describe('organisationId:measureId') });
const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const city = safeText({ min: 1, max: 40 }).optional();
const dateQuery = isoDate().optional().describe('as of this day (default: today in Shanghai)');
const format = z.enum(['xlsx', 'csv']).default('xlsx');
const bool = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

async function sendExport(
  reply: FastifyReply,
  name: string,
  fmt: ExportFormat,
  write: (out: PassThrough) => Promise<unknown>,
) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // Built in memory, so an error is the usual 4xx rather than a broken download.
  await write(out);
  await done;
  reply
    .header('content-type', fmt === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="ceyuan-${name}.${fmt}"`);
  return reply.send(Buffer.concat(chunks));
}

export function qualificationRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = qualificationService(ctx);
  const q = service.context;
  const tags = ['qualifications'];

  // The daily scan (lapses, first-time rewards not judged yet, expiry reminders) is a job on the
  // platform's queue, so with several servers exactly one runs it, and a server starts without waiting
  // for it: hourly at :19, and once when a server starts (one job however many servers ask). Idempotent
  // (lapse events, reward rows and reminder dedupe keys are its memory); `ceyuan qualifications scan`
  // and POST …/scan run the same use case now.
  timedJob(app, ctx, {
    name: SCAN_QUALIFICATIONS_JOB,
    cron: '19 * * * *',
    handler: async () => {
      const r = await service.scan({ date: ctx.today(), actor: SYSTEM_ACTOR });
      if (r.lapsed || r.rewards.notices || r.rewards.explained || r.reminders.sent)
        ctx.logger.info(r, 'qualification scan');
    },
    options: { policy: 'stately', retryLimit: 3, expireInSeconds: 30 * 60 },
  });

  // Raw file bodies for the import (this scope only); the content decides the format.
  for (const type of ['text/csv', 'text/plain', 'application/vnd.ms-excel', XLSX, 'application/octet-stream'])
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );

  // ——— reference ————————————————————————————————————————————————————————————————

  app.get(
    '/api/qualifications/reference',
    {
      schema: {
        security: [],
        tags,
        summary: '资质参考数据 Kinds, levels, grades, validity, criteria with their basis, ladders (public)',
        description:
          'Each criterion says where its threshold comes from: a public rule (citation and quote), an officer’s ' +
          'parameter (value and document), or “待区科委设定” when not set yet.',
      },
    },
    async () => service.readReference(),
  );

  app.get(
    '/api/qualifications/import/template',
    {
      config: { access: OFFICERS },
      schema: { tags, summary: '导入模板 The import template (officers)', querystring: z.object({ format }) },
    },
    async (request, reply) => {
      const data = await service.ledgerTemplate(request.query.format);
      reply
        .header('content-type', request.query.format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="ceyuan-qualifications-template.${request.query.format}"`,
        );
      return reply.send(Buffer.from(data));
    },
  );

  // ——— one organisation ——————————————————————————————————————————————————————————

  app.get(
    '/api/qualifications/mine',
    {
      config: { access: ENTERPRISE },
      schema: {
        tags,
        summary: '本单位资质台账 My organisation’s holdings, events, tier history, rewards and pools',
        querystring: z.object({ date: dateQuery }),
      },
    },
    async (request) =>
      service.readOrganisationLedger(await ctx.requireUser(request), undefined, request.query.date),
  );

  app.get(
    '/api/qualifications/organisations/:id',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '单位资质台账 An organisation’s ledger (officers, auditors; an enterprise its own)',
        params: uuidParams,
        querystring: z.object({ date: dateQuery }),
      },
    },
    async (request) =>
      service.readOrganisationLedger(await ctx.requireUser(request), request.params.id, request.query.date),
  );

  app.get(
    '/api/qualifications/path',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '晋级路径 The path to the next tier, criterion by criterion (an enterprise its own)',
        querystring: z.object({ organisationId: z.uuid().optional(), date: dateQuery }),
      },
    },
    async (request) => service.readPath(await ctx.requireUser(request), request.query),
  );

  app.get(
    '/api/qualifications/events',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '台账事件 Ledger events, newest first (an enterprise its own)',
        querystring: z.object({
          organisationId: z.uuid().optional(),
          from: isoDate().optional(),
          to: isoDate().optional(),
          kind: kindCode.optional(),
          event: z
            .enum([
              'granted',
              'renewed',
              'upgraded',
              'downgraded',
              'revoked',
              'lapsed',
              'corrected',
              'withdrawn',
            ])
            .optional(),
          ...paging,
        }),
      },
    },
    async (request) => service.readEvents(await ctx.requireUser(request), request.query),
  );

  // ——— the ledger's writes ———————————————————————————————————————————————————————

  app.post(
    '/api/qualifications/records',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '登记认定 Record a certificate or listing (officers; the ledger works out the event)',
        body: recordInputSchema,
      },
    },
    async (request, reply) => {
      const r = await service.recordQualification(await ctx.requireUser(request), request.body);
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/api/qualifications/records/:id/revoke',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '取消资格 Revoke a holding from a day (officers)',
        params: uuidParams,
        body: revokeInputSchema,
      },
    },
    async (request) =>
      service.revokeQualification(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/qualifications/records/:id/downgrade',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '降级 Downgrade a holding to a lower tier from a day (officers)',
        params: uuidParams,
        body: downgradeInputSchema,
      },
    },
    async (request) =>
      service.downgradeQualification(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/qualifications/records/:id/withdraw',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '撤销登记 Withdraw a record entered in error (officers; the events keep it)',
        params: uuidParams,
        body: withdrawInputSchema,
      },
    },
    async (request) =>
      service.withdrawQualification(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/qualifications/import',
    {
      config: { access: OFFICERS },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '批量导入台账 Import a CSV or .xlsx ledger file (officers)',
        description:
          'Send the file as the body. With any row error nothing is imported and the answer is 400 with one ' +
          'issue per (row, column); allowPartial=true imports the valid rows and reports the others.',
        querystring: z.object({
          allowPartial: bool,
          name: safeText({ max: 200 }).optional().describe('the file name, kept with every event'),
        }),
      },
    },
    async (request) => {
      const body = request.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
      return service.importQualifications(
        await ctx.requireUser(request),
        { data, ...(request.query.name ? { name: request.query.name } : {}) },
        { allowPartial: request.query.allowPartial },
      );
    },
  );

  app.post(
    '/api/qualifications/feed',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '数据接口 Push certificates, revocations and downgrades as JSON (all or nothing)',
        body: feedInputSchema,
      },
    },
    async (request) => service.pushFeed(await ctx.requireUser(request), request.body),
  );

  app.post(
    '/api/qualifications/scan',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '每日扫描 Run the daily scan now: lapses, first-time rewards, expiry reminders (idempotent)',
        body: z.object({ date: isoDate().optional() }).strict().nullish(),
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const date = request.body?.date ?? ctx.today();
      if (date > ctx.today())
        throw new InputError([
          {
            path: 'date',
            rule: 'not_future',
            zh: '扫描日期不能晚于今天',
            en: 'the scan date cannot be in the future',
          },
        ]);
      return service.scan({ date, actor: user.username });
    },
  );

  // ——— the whole ledger ————————————————————————————————————————————————————————————

  app.get(
    '/api/qualifications/stock',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '资质存量 Holders per kind and level on a day (officers, auditors)',
        querystring: z.object({ date: dateQuery, city }),
      },
    },
    async (request) => service.readStock(await ctx.requireUser(request), request.query),
  );

  const holdersQuery = z.object({
    kind: kindCode,
    date: dateQuery,
    city,
    level: levelCode.optional(),
    q: safeText({ min: 1, max: 100 }).optional().describe('name or USCC contains'),
  });
  app.get(
    '/api/qualifications/holders',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '持有名单 Who held a kind on a day (officers, auditors)',
        querystring: holdersQuery.extend(paging),
      },
    },
    async (request) => service.readHolders(await ctx.requireUser(request), request.query),
  );
  app.get(
    '/api/qualifications/holders/export',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '导出持有名单 Holders as .xlsx or CSV (audited)',
        querystring: holdersQuery.extend({ format }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { format: fmt, q: _q, ...rest } = request.query;
      return sendExport(reply, `holders-${rest.kind}`, fmt, (out) =>
        exportList(q, user, { list: 'holders', ...rest }, fmt, out),
      );
    },
  );

  const expiringQuery = z.object({
    date: dateQuery,
    within: z.coerce.number().int().min(1).max(730).default(90).describe('days: 90, 180 …'),
    kind: kindCode.optional(),
    city,
    officerId: z.uuid().optional().describe('firms this service officer serves'),
    includeRenewed: bool,
  });
  app.get(
    '/api/qualifications/expiring',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '即将到期 Qualifications running out within N days (officers, auditors)',
        querystring: expiringQuery.extend(paging),
      },
    },
    async (request) => service.listExpiring(await ctx.requireUser(request), request.query),
  );
  app.get(
    '/api/qualifications/expiring/export',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '导出到期名单 The expiring list as .xlsx or CSV (audited)',
        querystring: expiringQuery.extend({ format }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { format: fmt, ...rest } = request.query;
      return sendExport(reply, `expiring-${rest.within}`, fmt, (out) =>
        exportList(q, user, { list: 'expiring', ...rest }, fmt, out),
      );
    },
  );

  const ladderQuery = z.object({
    ladder: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(40)
      .optional(),
    fromYear: z.coerce.number().int().min(2000).max(2100).optional(),
    date: dateQuery,
    city,
  });
  app.get(
    '/api/qualifications/ladder',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary:
          '梯度漏斗 Counts per tier at each year end and year-to-year moves (Sankey) (officers, auditors)',
        querystring: ladderQuery,
      },
    },
    async (request) => service.readLadder(await ctx.requireUser(request), request.query),
  );
  app.get(
    '/api/qualifications/ladder/export',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '导出梯度 The ladder counts as .xlsx or CSV (audited)',
        querystring: ladderQuery.extend({ format }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { format: fmt, ...rest } = request.query;
      return sendExport(reply, 'ladder', fmt, (out) =>
        exportList(q, user, { list: 'ladder', ...rest }, fmt, out),
      );
    },
  );

  app.get(
    '/api/qualifications/forecast',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '存量预测 Cohort forecast of a kind’s stock to a year (officers, auditors)',
        description:
          'valid now + expected new − expiring + expected renewals, year by year, with the rates assumed.',
        querystring: z.object({
          kind: kindCode,
          date: dateQuery,
          toYear: z.coerce.number().int().min(2000).max(2100).optional(),
          city,
          levels: z
            .string()
            .regex(/^(national|municipal|district)(,(national|municipal|district))*$/)
            .optional()
            .describe('comma-separated, e.g. national,municipal for “市级以上”'),
          newPerYear: z.coerce.number().int().min(0).max(1_000_000).optional(),
          renewalRate: z.coerce.number().min(0).max(1).optional(),
          validityYears: z.coerce.number().int().min(1).max(20).optional(),
          lookBackYears: z.coerce.number().int().min(1).max(10).optional(),
        }),
      },
    },
    async (request) => {
      const { levels, ...rest } = request.query;
      return service.forecastStock(await ctx.requireUser(request), {
        ...rest,
        ...(levels ? { levels: levels.split(',') } : {}),
      });
    },
  );

  // ——— officers' local thresholds ——————————————————————————————————————————————————

  const parameterParams = z.object({
    kind: kindCode,
    criterion: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(60),
  });
  app.put(
    '/api/qualifications/parameters/:kind/:criterion',
    {
      config: { access: PARAMETER_SETTERS },
      schema: {
        tags,
        summary:
          '设定本地标准 Set a local threshold left to the district (approvers, admins; with its document)',
        params: parameterParams,
        body: parameterInputSchema,
      },
    },
    async (request) =>
      service.setParameter(
        await ctx.requireUser(request),
        request.params.kind,
        request.params.criterion,
        request.body,
      ),
  );
  app.get(
    '/api/qualifications/parameters/:kind/:criterion',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '本地标准沿革 A local threshold’s revisions (officers, auditors)',
        params: parameterParams,
      },
    },
    async (request) =>
      service.readParameterHistory(
        await ctx.requireUser(request),
        request.params.kind,
        request.params.criterion,
      ),
  );

  // ——— 培育库 ——————————————————————————————————————————————————————————————————————

  app.get(
    '/api/qualifications/pools',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '培育库 The pools with member counts (officers, auditors)',
        querystring: z.object({ date: dateQuery, counts: bool }),
      },
    },
    async (request) => service.readPools(await ctx.requireUser(request), request.query),
  );
  app.post(
    '/api/qualifications/pools',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '新建培育库 Define a pool with its entry rule (officers)',
        body: poolInputSchema,
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const id = await service.createPool(user, request.body);
      reply.status(201);
      return service.readPool(user, id);
    },
  );
  app.get(
    '/api/qualifications/pools/:id',
    {
      config: { access: STAFF },
      schema: { tags, summary: '培育库 One pool (officers, auditors)', params: uuidParams },
    },
    async (request) => service.readPool(await ctx.requireUser(request), request.params.id),
  );
  app.put(
    '/api/qualifications/pools/:id',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '修改培育库 Edit a pool (officers)',
        params: uuidParams,
        body: poolInputSchema,
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return service.readPool(user, await service.editPool(user, request.params.id, request.body));
    },
  );
  const candidateQuery = z.object({
    date: dateQuery,
    unmet: z.coerce
      .number()
      .int()
      .min(0)
      .max(20)
      .optional()
      .describe('only those missing this many criteria'),
  });
  app.get(
    '/api/qualifications/pools/:id/candidates',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '候选企业 Firms the pool’s rule finds, closest first, with the distance per criterion',
        params: uuidParams,
        querystring: candidateQuery.extend(paging),
      },
    },
    async (request) =>
      service.findCandidates(await ctx.requireUser(request), request.params.id, request.query),
  );
  app.get(
    '/api/qualifications/pools/:id/candidates/export',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '导出候选企业 Candidates as .xlsx or CSV (audited)',
        params: uuidParams,
        querystring: candidateQuery.extend({ format }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { format: fmt, date } = request.query;
      const list: ExportList = { list: 'candidates', poolId: request.params.id, ...(date ? { date } : {}) };
      return sendExport(reply, 'pool-candidates', fmt, (out) => exportList(q, user, list, fmt, out));
    },
  );
  app.post(
    '/api/qualifications/pools/:id/members',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '入库 Enrol firms in a pool, with their service officer (officers)',
        params: uuidParams,
        body: enrolInputSchema,
      },
    },
    async (request) => service.enrolMembers(await ctx.requireUser(request), request.params.id, request.body),
  );
  app.get(
    '/api/qualifications/pools/:id/members',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '在库企业 A pool’s members with their distance to the target (officers, auditors)',
        params: uuidParams,
        querystring: z.object({
          status: z.enum(['active', 'graduated', 'left']).optional(),
          officerId: z.uuid().optional(),
          date: dateQuery,
          ...paging,
        }),
      },
    },
    async (request) => service.readMembers(await ctx.requireUser(request), request.params.id, request.query),
  );
  app.patch(
    '/api/qualifications/pools/:id/members/:organisationId',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '更新在库企业 Change a member’s officer, status or outcome (officers)',
        params: z.object({ id: z.uuid(), organisationId: z.uuid() }),
        body: memberInputSchema,
      },
    },
    async (request) =>
      service.updateMember(
        await ctx.requireUser(request),
        request.params.id,
        request.params.organisationId,
        request.body,
      ),
  );
  app.post(
    '/api/qualifications/services',
    {
      config: { access: OFFICERS },
      schema: {
        tags,
        summary: '服务记录 Record a service given: visit, training, referral… (officers)',
        body: serviceInputSchema,
      },
    },
    async (request, reply) => {
      const r = await service.recordService(await ctx.requireUser(request), request.body);
      reply.status(201);
      return r;
    },
  );
  app.get(
    '/api/qualifications/services',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: '服务记录 Services given (officers, auditors)',
        querystring: z.object({
          organisationId: z.uuid().optional(),
          poolId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => service.readServices(await ctx.requireUser(request), request.query),
  );
  app.get(
    '/api/qualifications/officers',
    {
      config: { access: OFFICERS },
      schema: { tags, summary: '服务专员 Officer accounts a firm may be assigned to (officers)' },
    },
    async (request) => service.listOfficers(await ctx.requireUser(request)),
  );

  // ——— first-time rewards (免申即享, 001·十) —————————————————————————————————————————————

  app.get(
    '/api/qualifications/rewards',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: '首次达标奖励通知 First-time reward notices (an enterprise its own)',
        querystring: z.object({
          organisationId: z.uuid().optional(),
          status: z.enum(['new', 'read', 'confirmed', 'dismissed', 'explained']).optional(),
          ...paging,
        }),
      },
    },
    async (request) => service.readRewards(await ctx.requireUser(request), request.query),
  );
  app.get(
    '/api/qualifications/rewards/:id',
    {
      config: { access: READERS },
      schema: { tags, summary: '奖励通知 One notice (an enterprise its own)', params: rewardParams },
    },
    async (request) => service.readReward(await ctx.requireUser(request), request.params.id),
  );
  app.post(
    '/api/qualifications/rewards/:id/confirm',
    {
      config: { access: ENTERPRISE },
      schema: {
        tags,
        summary: '确认领取 Confirm a notice: its application is created and goes to review (the firm)',
        params: rewardParams,
      },
    },
    async (request) => service.confirmReward(await ctx.requireUser(request), request.params.id),
  );
  for (const [verb, to] of [
    ['read', 'read'],
    ['dismiss', 'dismissed'],
  ] as const)
    app.post(
      `/api/qualifications/rewards/:id/${verb}`,
      {
        config: { access: ENTERPRISE },
        schema: {
          tags,
          summary:
            verb === 'read'
              ? '标记已读 Mark a notice read (the firm)'
              : '不再提示 Dismiss a notice (the firm)',
          params: rewardParams,
        },
      },
      async (request) => service.markReward(await ctx.requireUser(request), request.params.id, to),
    );
  app.get(
    '/api/qualifications/reward-settings',
    {
      config: { access: STAFF },
      schema: { tags, summary: '模拟施行设定 Drafts simulated as adopted for rewards (officers, auditors)' },
    },
    async (request) => service.readRewardSettings(await ctx.requireUser(request)),
  );
  app.put(
    '/api/qualifications/reward-settings',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: '设定模拟施行 Simulate a draft as adopted for rewards (admin)',
        body: rewardSettingsSchema,
      },
    },
    async (request) => service.setRewardSettings(await ctx.requireUser(request), request.body),
  );
}
