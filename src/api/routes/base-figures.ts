/**
 * Base figures of the registry over HTTP (src/service/registry/base-figures.ts): what screening works
 * out a notice's amount from. Reading: officers and auditors, and an enterprise user for its own
 * organisation; writing and import: admins. Import takes the file as the raw body, like the registry's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import { PERMISSIONS } from '../../service/auth/permissions.ts';
import { createBaseFigureService } from '../../service/registry/base-figures.ts';
import { signedIn } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { acceptFileBodies, IMPORT_BODY_LIMIT, importIssuesSchema } from '../file-body.ts';

export function baseFigureRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = createBaseFigureService({
    db: ctx.db,
    catalogue: ctx.catalogue,
    clock: ctx.clock,
    audit: ctx.audit,
  });
  const tags = ['registry'];
  const idParams = z.object({ id: z.string().uuid() });
  // Writers are checked before the body is read (src/api/access.ts): a reader's write is a 403.
  const writer = { config: { access: PERMISSIONS['registry.write'] } };
  acceptFileBodies(app);
  const figureSchema = z.object({
    organisationId: z.string(),
    figure: z.string().describe('a code of reference.yaml `figures`, e.g. operatingSpend'),
    year: z.number().int(),
    amount: z.number().int().describe('fen'),
    source: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  });
  const importReportSchema = z.object({
    format: z.enum(['csv', 'xlsx']),
    rows: z.number().int(),
    valid: z.number().int(),
    written: z.number().int(),
    skipped: z.number().int(),
    committed: z.boolean(),
    ignoredColumns: z.array(z.string()),
    issues: importIssuesSchema,
  });

  app.get(
    '/api/organisations/:id/base-figures',
    {
      ...signedIn,
      schema: {
        tags,
        summary: '基础数据 An organisation’s filed base figures by year, with their sources',
        params: idParams,
        response: { 200: z.object({ items: z.array(figureSchema) }) },
      },
    },
    async (request) => ({ items: await service.list(await ctx.requireUser(request), request.params.id) }),
  );

  app.put(
    '/api/organisations/:id/base-figures',
    {
      ...writer,
      schema: {
        tags,
        summary: '填报基础数据 Set one figure of one year, with its source (admin; audited)',
        params: idParams,
        body: z
          .object({
            figure: safeText({ min: 1, max: 100 }),
            year: z.number().int(),
            amount: z.number().int().describe('fen'),
            source: safeText({ min: 1, max: 500 }),
          })
          .strict(),
        response: { 200: figureSchema },
      },
    },
    async (request) => service.set(await ctx.requireUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/base-figures/import',
    {
      ...writer,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入基础数据 Import base figures from CSV or .xlsx (admin)',
        description:
          'Columns uscc (统一社会信用代码), figure (指标: code or label), year (年度), amount_yuan (金额（元）), source (来源). ' +
          'With any row error nothing is written and the answer is 400 naming each row and column; allowPartial=true writes the valid rows.',
        querystring: z.object({
          allowPartial: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
          name: safeText({ max: 200 }).optional(),
        }),
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const body = request.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
      return service.importFile(
        user,
        { data, ...(request.query.name ? { name: request.query.name } : {}) },
        { allowPartial: request.query.allowPartial },
      );
    },
  );
}
