/**
 * Screening runs (免申即享 / 快申快享) for officers: start a run over the registry for a date, watch
 * its progress, cancel and resume it, page through its results and export them. Programme officers
 * (reviewer, approver, admin) run screenings; auditors read them. The service (src/screening/runs.ts)
 * does the work and audits every start, cancel and resume.
 *
 * A run is a job on the platform's queue (`screening.run`, src/service/jobs): the start answers 202
 * with the run at once, any server process's worker takes the job, and clients poll
 * GET /api/screening/runs/:id. A run's writes lock its row and check it is still running, so a second
 * driver of the same run (a retried job whose first worker died) never writes it twice. When a server
 * shuts down, its running job is left to be retried by another worker; runs left "running" are
 * queued again when a server starts.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bilingual, isoDate } from '../../core/validation.ts';
import { type ExportFormat, exportRun } from '../../screening/export.ts';
import {
  createScreeningService,
  OFFICER_ROLES,
  READER_ROLES,
  type ScreeningService,
} from '../../screening/runs.ts';
import { randomIds } from '../../service/applications/ports.ts';
import type { SessionUser } from '../../service/auth/types.ts';
import type { JobQueue } from '../../service/jobs/queue.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { applicationService, idParams } from './applications.ts';

export { OFFICER_ROLES, READER_ROLES };

const text = z.object({ zh: z.string(), en: z.string() });
/** A real calendar date (the shared rule of src/core/validation.ts). */
export const isoDateSchema = isoDate();
export const modeSchema = z
  .enum(['automatic', 'invitation'])
  .describe('automatic: 免申即享 · invitation: 快申快享');

const figureSchema = z.object({
  figure: z.string().describe('reference figure code, e.g. operatingSpend'),
  year: z.number().int(),
  amount: z.number().int().describe('fen'),
  source: z.string(),
});

/** What a notice or a result row says about money (runs.ts MoneyView). */
export const moneySchema = {
  amount: z
    .object({ min: z.number().int(), max: z.number().int() })
    .nullable()
    .describe(
      '[minimum, ceiling] (fen): the ceiling the officer decides within (不超过 X%、最高 N), or the sum the text fixes; null when it needs an application',
    ),
  exact: z.boolean().describe('the text fixes the sum (min = max): nothing for a reviewer to decide'),
  headline: text
    .nullable()
    .describe('what the organisation reads first: 最高可获 ¥… / 可获 ¥…（定额） / the text’s cap'),
  cap: z
    .number()
    .int()
    .nullable()
    .describe('the text’s cap (fen), shown when there is no amount: 最高 N 万元'),
  citation: text.describe('the clause, e.g. 沪松科创规〔2026〕1号第九条'),
  basis: z
    .object({
      year: z.number().int().nullable(),
      figures: z.array(figureSchema).describe('the filed figures the amount was worked out from'),
      missing: z.array(z.string()).describe('figure codes not filed for that year'),
      judgement: z.array(z.string()).describe('claims a reviewer must confirm'),
      matter: z
        .object({
          id: z.string(),
          type: z.string(),
          figures: z.record(z.string(), z.number().int()),
          claims: z.array(z.string()),
        })
        .nullable()
        .describe('the matter the registry filed: an application from the notice carries it'),
      formula: text.nullable(),
      pending: z.array(text).describe('what the text leaves to the implementing rules'),
    })
    .nullable()
    .describe('the data behind the amount; null for a measure whose project only the applicant can describe'),
};

export const runSchema = z.object({
  id: z.string(),
  date: z.string(),
  adopt: z.record(z.string(), z.string()),
  kind: z.enum(['full', 'incremental']),
  method: z
    .enum(['bulk', 'sql'])
    .describe('bulk: read out, screened in memory, written with COPY · sql: in-database chunks'),
  simulated: z.boolean().describe('a draft simulated as adopted: results stored, nobody notified'),
  baseRunId: z.string().nullable(),
  changedMeasures: z.array(z.string()),
  status: z.enum(['running', 'cancelled', 'completed', 'failed', 'purged']),
  total: z.number().int(),
  processed: z.number().int(),
  percent: z.number().int(),
  evaluated: z.number().int().describe('result rows evaluated in the database'),
  copied: z.number().int().describe('result rows copied from the base run (incremental)'),
  notices: z.number().int().describe('notices this run created'),
  measures: z.array(z.object({ id: z.string(), mode: modeSchema, hash: z.string() })),
  catalogueVersion: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  timings: z
    .record(z.string(), z.number())
    .describe('ms per phase: load, screen, amounts, encode, store, notices'),
});

const resultSchema = z.object({
  organisationId: z.string(),
  uscc: z.string(),
  name: z.string(),
  kind: z.string(),
  city: z.string(),
  measureId: z.string(),
  title: text,
  mode: modeSchema.describe('this organisation’s mode for the measure'),
  ...moneySchema,
  newInThisRun: z.boolean().describe('the notice for this organisation and measure was created by this run'),
  noticeStatus: z.string().describe('new, read, confirmed, dismissed; empty for a simulated run'),
});

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const SYSTEM: SessionUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: 'system',
  role: 'admin',
  organisationId: null,
};

/** The job that drives a run to its end, on whichever server's worker takes it. */
export const SCREENING_RUN_JOB = 'screening.run';

export function registerScreeningJob(jobs: JobQueue, service: ScreeningService): Promise<void> {
  return jobs.register<{ runId: string }>(
    SCREENING_RUN_JOB,
    async ({ runId }, job) => {
      const run = await service.execute(SYSTEM, runId, {
        signal: job.signal,
        onAbort: 'leave',
        failOnError: job.lastAttempt,
      });
      // Stopped by this server's shutdown: fail the attempt so another worker takes it over.
      if (run.status === 'running') throw new Error(`screening run ${runId} interrupted; retried`);
    },
    // One queued and one running job per run; a 1,000,000-organisation run takes seconds, a chunked
    // SQL run minutes: an attempt silent for 30 minutes is taken to be lost and is retried.
    { policy: 'stately', retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 30 * 60 },
  );
}

export function driveRun(jobs: JobQueue, runId: string): Promise<string | null> {
  return jobs.enqueue(SCREENING_RUN_JOB, { runId }, { singletonKey: runId });
}

export function screeningService(ctx: ApiContext): ScreeningService {
  return createScreeningService({
    db: ctx.db,
    engine: ctx.engine,
    clock: ctx.clock,
    ids: randomIds,
    audit: ctx.audit,
    applications: applicationService(ctx),
  });
}

export function screeningRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = screeningService(ctx);
  const officers = allow(OFFICER_ROLES);
  const readers = allow(READER_ROLES);
  const tags = ['screening'];
  const drafts = new Set(ctx.catalogue.documents.filter((d) => d.status === 'draft').map((d) => d.code));

  void registerScreeningJob(ctx.jobs, service);
  // Runs left running (a stop, a crash) are queued again; a run already queued or being driven is not
  // queued twice (the job's policy), and a second driver would find nothing left to do.
  app.addHook('onReady', async () => {
    for (const run of await service.running()) await driveRun(ctx.jobs, run.id);
  });

  app.post(
    '/api/screening/runs',
    {
      ...officers,
      schema: {
        tags,
        summary: '发起筛查 Start a screening run over the registry (reviewer, approver, admin)',
        description:
          'Answers 202 with the run at once; it proceeds in chunks in the background — poll GET /api/screening/runs/:id. ' +
          'Every monetary measure in force on the date is screened; each organisation is notified once per measure it newly ' +
          'qualifies for. With `adopt` a draft is simulated as adopted: results are stored and nobody is notified. ' +
          'With `incremental`, only what changed since the latest completed run for the same date and adoption is re-evaluated. ' +
          '`method` sql runs the screen inside the database in chunks (the differential check of the default bulk method).',
        body: z
          .object({
            date: isoDateSchema.optional().describe('screening date (default: today in Shanghai)'),
            adopt: z
              .record(z.string(), isoDateSchema)
              .optional()
              .describe('draft document code → simulated adoption date, e.g. {"001": "2026-07-01"}')
              .superRefine((adopt, c) => {
                for (const code of Object.keys(adopt ?? {})) {
                  if (!drafts.has(code))
                    c.addIssue({
                      code: 'custom',
                      path: [code],
                      message: `${code} is not a draft document`,
                      params: {
                        zh: `${code} 不是征求意见稿`,
                        en: `${code} is not a draft document`,
                        rule: 'draft',
                      },
                    });
                }
              }),
            incremental: z.boolean().optional(),
            method: z.enum(['bulk', 'sql']).optional().describe('bulk (default) or sql'),
            chunkSize: z
              .number()
              .int()
              .min(1)
              .max(1_000_000)
              .optional()
              .describe('organisations per chunk (default 10000)'),
          })
          .strict()
          .nullish()
          .describe('optional: no body starts a full run for today'),
        response: { 202: runSchema },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const body = request.body ?? {};
      const run = await service.start(user, {
        date: body.date ?? ctx.today(),
        ...(body.adopt ? { adopt: body.adopt } : {}),
        ...(body.chunkSize ? { chunkSize: body.chunkSize } : {}),
        ...(body.method ? { method: body.method } : {}),
        incremental: body.incremental ?? false,
      });
      await driveRun(ctx.jobs, run.id);
      reply.status(202);
      return run;
    },
  );

  app.get(
    '/api/screening/runs',
    {
      ...readers,
      schema: {
        tags,
        summary: '筛查批次 Screening runs, newest first (officers, auditor)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ items: z.array(runSchema) }) },
      },
    },
    async (request) => ({ items: await service.list(await ctx.requireUser(request), request.query.limit) }),
  );

  app.get(
    '/api/screening/runs/:id',
    {
      ...readers,
      schema: {
        tags,
        summary: '筛查进度 A run: status, processed/total and percentage',
        params: idParams,
        response: { 200: runSchema },
      },
    },
    async (request) => service.get(await ctx.requireUser(request), request.params.id),
  );

  app.get(
    '/api/screening/runs/:id/counts',
    {
      ...readers,
      schema: {
        tags,
        summary: '各措施符合条件数 Organisations found per measure in a run',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                measureId: z.string(),
                title: text,
                mode: modeSchema,
                organisations: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const counts = await service.counts(await ctx.requireUser(request), request.params.id);
      return {
        items: counts.map((c) => ({
          measureId: c.measureId,
          title: ctx.catalogue.byId.get(c.measureId)?.title ?? { zh: c.measureId, en: c.measureId },
          mode: c.mode as 'automatic' | 'invitation',
          organisations: c.organisations,
        })),
      };
    },
  );

  const summaryMoney = {
    amountMin: z.number().int().describe('sum of the minimums of the pairs with an amount (fen)'),
    amountMax: z.number().int().describe('sum of their ceilings (fen)'),
    automaticMax: z.number().int().describe('of which 免申即享: moves once the organisations confirm (fen)'),
    capTotal: z.number().int().describe('sum of the text’s caps over the pairs without an amount (fen)'),
  };
  app.get(
    '/api/screening/runs/:id/summary',
    {
      ...readers,
      schema: {
        tags,
        summary: '筛查资金汇总 A run’s money by measure and by fund, against the special fund’s budget',
        description:
          'Per measure: organisations found (免申即享 / 快申快享 / already used up), the sums of the amount ranges worked out, ' +
          'and the sum of the text’s caps where no amount can be worked out without an application. Per fund (document) for the ' +
          'run’s year: the same totals against the budget, what is committed and what is available.',
        params: idParams,
        response: {
          200: z.object({
            runId: z.string(),
            date: z.string(),
            measures: z.array(
              z.object({
                measureId: z.string(),
                title: text,
                fund: z.string(),
                organisations: z.number().int(),
                automatic: z.number().int(),
                invitation: z.number().int(),
                exhausted: z.number().int(),
                withAmount: z.number().int(),
                withoutAmount: z.number().int(),
                ...summaryMoney,
              }),
            ),
            funds: z.array(
              z.object({
                fund: z.string(),
                year: z.number().int(),
                ...summaryMoney,
                budget: z.number().int().nullable(),
                committed: z.number().int().describe('standing grants against the fund in the year (fen)'),
                paid: z.number().int().describe('paid out of the fund in the year (fen)'),
                available: z.number().int().describe('budget less committed (fen); 0 without a budget'),
                automaticOverBudget: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => service.summary(await ctx.requireUser(request), request.params.id),
  );

  app.delete(
    '/api/screening/runs/:id/results',
    {
      ...allow(new Set(['admin'])),
      schema: {
        tags,
        summary: '清除筛查结果 Drop a finished run’s results (its partition) in one statement (admin)',
        description: 'The run stays listed as `purged`; notices it created stay. Audited.',
        params: idParams,
        response: { 200: runSchema },
      },
    },
    async (request) => service.purge(await ctx.requireUser(request), request.params.id),
  );

  app.post(
    '/api/screening/runs/:id/cancel',
    {
      ...officers,
      schema: {
        tags,
        summary: '取消筛查 Cancel a running run between chunks (409 unless running)',
        params: idParams,
        response: { 200: runSchema },
      },
    },
    async (request) => service.cancel(await ctx.requireUser(request), request.params.id),
  );

  app.post(
    '/api/screening/runs/:id/resume',
    {
      ...officers,
      schema: {
        tags,
        summary: '继续筛查 Resume a cancelled or failed run from where it stopped (409 otherwise)',
        params: idParams,
        response: { 200: runSchema },
      },
    },
    async (request) => {
      const run = await service.resume(await ctx.requireUser(request), request.params.id);
      await driveRun(ctx.jobs, run.id);
      return run;
    },
  );

  app.get(
    '/api/screening/runs/:id/results',
    {
      ...readers,
      schema: {
        tags,
        summary: '筛查结果 A run’s (organisation, measure) results, paged, by measure and mode',
        params: idParams,
        querystring: z.object({
          measureId: z
            .string()
            .max(100)
            .optional()
            .refine(
              (id) => id === undefined || ctx.catalogue.byId.has(id),
              bilingual('未知措施', 'unknown measure', 'unknown_measure'),
            ),
          mode: modeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(resultSchema),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const page = await service.resultsPage(user, request.params.id, request.query);
      return {
        items: page.items.map(({ measureTitle: _, ...r }) => r),
        total: page.total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/screening/runs/:id/export',
    {
      ...readers,
      schema: {
        tags,
        summary: '导出筛查结果 Download a run’s results as CSV (UTF-8 with BOM) or .xlsx, streamed',
        params: idParams,
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const { id } = request.params;
      const { format } = request.query;
      // Before any byte is sent: a missing run is a 404 in the usual shape, not a broken download.
      const run = await service.get(user, id);
      // A copy of the registry's findings leaves the system: who took it, and when.
      await ctx.audit.record({
        actor: user.username,
        action: 'screening.export',
        subject: `screening_run:${run.id}`,
        detail: { format },
      });
      const out = new PassThrough();
      exportRun(service, user, run.id, format, out, ctx.catalogue).catch((error: unknown) => {
        request.log.error({ err: error, runId: run.id }, 'screening export failed');
        out.destroy(error as Error);
      });
      reply
        .header('content-type', CONTENT_TYPE[format])
        .header(
          'content-disposition',
          `attachment; filename="ceyuan-screening-${run.date}-${run.id.slice(0, 8)}.${format}"`,
        );
      return reply.send(out);
    },
  );
}
