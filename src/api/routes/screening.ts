/**
 * Screening runs (免申即享 / 快申快享) for officers: start a run over the registry for a date, watch
 * its progress, cancel and resume it, page through its results and export them. Programme officers
 * (reviewer, approver, admin) run screenings; auditors read them. The service (src/screening/runs.ts)
 * does the work and audits every start, cancel and resume.
 *
 * A run proceeds in the background of this server process, one chunk (one transaction) at a time:
 * the start answers 202 with the run at once and clients poll GET /api/screening/runs/:id. Chunks
 * lock the run's row and advance its cursor, so a second driver of the same run (another server
 * process) can never screen a chunk twice. When the server shuts down its runs are cancelled between
 * chunks (an officer resumes them); runs left "running" by a crash are picked up when it starts.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bilingual, isoDate } from '../../core/validation.ts';
import { type ExportFormat, exportRun } from '../../screening/export.ts';
import { createScreeningService, type ScreeningService } from '../../screening/runs.ts';
import { randomIds } from '../../service/applications/ports.ts';
import type { SessionUser } from '../../service/auth/types.ts';
import type { ApiContext } from '../context.ts';
import { allow, applicationService, idParams } from './applications.ts';

export const OFFICER_ROLES = new Set(['reviewer', 'approver', 'admin']);
export const READER_ROLES = new Set(['reviewer', 'approver', 'admin', 'auditor']);

const text = z.object({ zh: z.string(), en: z.string() });
/** A real calendar date (the shared rule of src/core/validation.ts). */
export const isoDateSchema = isoDate();
export const modeSchema = z
  .enum(['automatic', 'invitation'])
  .describe('automatic: 免申即享 · invitation: 快申快享');

export const runSchema = z.object({
  id: z.string(),
  date: z.string(),
  adopt: z.record(z.string(), z.string()),
  kind: z.enum(['full', 'incremental']),
  simulated: z.boolean().describe('a draft simulated as adopted: results stored, nobody notified'),
  baseRunId: z.string().nullable(),
  changedMeasures: z.array(z.string()),
  status: z.enum(['running', 'cancelled', 'completed', 'failed']),
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
});

const resultSchema = z.object({
  organisationId: z.string(),
  uscc: z.string(),
  name: z.string(),
  kind: z.string(),
  city: z.string(),
  measureId: z.string(),
  title: text,
  mode: z.string(),
  newInThisRun: z.boolean().describe('the notice for this organisation and measure was created by this run'),
  noticeStatus: z.string().describe('new, read, confirmed, dismissed; empty for a simulated run'),
});

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The process's driver of runs in the background: a run is driven by at most one loop here. */
function backgroundRunner(service: ScreeningService, ctx: ApiContext) {
  const system: SessionUser = {
    id: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: 'system',
    role: 'admin',
    organisationId: null,
  };
  const active = new Map<string, Promise<void>>();
  const shutdown = new AbortController();

  function drive(runId: string): void {
    if (active.has(runId) || shutdown.signal.aborted) return;
    const loop = (async () => {
      try {
        await service.execute(system, runId, { signal: shutdown.signal });
      } catch (error) {
        // The service has marked the run failed (resumable); the cause is on the run.
        ctx.logger.error({ err: error, runId }, 'screening run failed');
      } finally {
        active.delete(runId);
      }
      // Cancelled and resumed while this loop was stopping: the resumed run needs a driver again.
      if (shutdown.signal.aborted) return;
      const run = await service.get(system, runId).catch(() => null);
      if (run?.status === 'running') drive(runId);
    })();
    active.set(runId, loop);
  }

  return {
    drive,
    /** Runs left "running" with no process driving them (a crash): continue them. */
    async adoptOrphans(): Promise<void> {
      for (const run of await service.list(system, 1000))
        if (run.status === 'running' && run.catalogueVersion === ctx.catalogue.version) drive(run.id);
    },
    async stop(): Promise<void> {
      shutdown.abort();
      await Promise.allSettled([...active.values()]);
    },
  };
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
  const runner = backgroundRunner(service, ctx);
  const officers = allow(ctx, OFFICER_ROLES);
  const readers = allow(ctx, READER_ROLES);
  const tags = ['screening'];
  const drafts = new Set(ctx.catalogue.documents.filter((d) => d.status === 'draft').map((d) => d.code));

  app.addHook('onReady', () => runner.adoptOrphans());
  app.addHook('onClose', () => runner.stop());

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
          'With `incremental`, only what changed since the latest completed run for the same date and adoption is re-evaluated.',
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
        incremental: body.incremental ?? false,
      });
      runner.drive(run.id);
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
      runner.drive(run.id);
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
      exportRun(service, user, run.id, format, out).catch((error: unknown) => {
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
