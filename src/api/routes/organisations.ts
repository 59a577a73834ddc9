/**
 * The registry over HTTP. Reading: officers and auditors see every organisation, an enterprise user
 * only its own (another's answers 404). Writing and import: admins. Import takes the file as the raw
 * body (text/csv or .xlsx), up to 16 MiB.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import { PERMISSIONS } from '../../service/auth/permissions.ts';
import { organisationInputSchema } from '../../service/registry/schema.ts';
import { toApplicant } from '../../storage/repositories/organisations.ts';
import { signedIn } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { acceptFileBodies, IMPORT_BODY_LIMIT, importIssuesSchema } from '../file-body.ts';

export { IMPORT_BODY_LIMIT } from '../file-body.ts';

export function organisationRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { registry } = ctx;
  const input = organisationInputSchema(ctx.catalogue.reference);
  const idParams = z.object({ id: safeText({ min: 1, max: 100 }) });
  // Writers are checked before the body is read or validated: a reader's write is a 403 (audited),
  // an anonymous one a 401, whatever the body holds.
  const writer = { config: { access: PERMISSIONS['registry.write'] } };
  // What an import did (ImportReport in service/registry): the counts, and the rows left out with why.
  const importReportSchema = z.object({
    format: z.enum(['csv', 'xlsx']),
    rows: z.number().int().describe('data rows in the file'),
    valid: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int().describe('rows left out because of their errors (allowPartial=true)'),
    committed: z.boolean(),
    ignoredColumns: z.array(z.string()),
    issues: importIssuesSchema,
  });

  // Raw file bodies, for the import route only (this scope).
  acceptFileBodies(app);

  app.get(
    '/api/organisations',
    {
      ...signedIn,
      schema: {
        tags: ['registry'],
        summary: '单位列表 List organisations',
        querystring: z.object({
          kind: safeText({ max: 50 }).optional(),
          city: safeText({ max: 50 }).optional(),
          q: safeText({ max: 100 }).optional().describe('part of the name, or the start of the USCC'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
        }),
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const result = await registry.list(user, request.query);
      return { ...result, limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get(
    '/api/organisations/:id',
    {
      ...signedIn,
      schema: {
        tags: ['registry'],
        summary:
          '单位档案 One organisation (一企一档), with its qualifications, figures and applicant profile',
        params: idParams,
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const org = await registry.get(user, request.params.id);
      return { ...org, applicant: toApplicant(org, org.qualifications) };
    },
  );

  app.post(
    '/api/organisations',
    {
      ...writer,
      schema: { tags: ['registry'], summary: '登记单位 Register an organisation (admin)', body: input },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      // The body was checked by the route schema; the service checks again (it is also called from the CLI).
      const org = await registry.create(user, request.body);
      reply.status(201);
      return org;
    },
  );

  app.put(
    '/api/organisations/:id',
    {
      ...writer,
      schema: {
        tags: ['registry'],
        summary: '修改单位 Replace an organisation’s data (admin)',
        params: idParams,
        body: input,
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return registry.update(user, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/organisations/:id',
    {
      ...writer,
      schema: { tags: ['registry'], summary: '删除单位 Delete an organisation (admin)', params: idParams },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      await registry.remove(user, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/organisations/import',
    {
      ...writer,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['registry'],
        summary: '批量导入 Import a CSV or .xlsx file (admin)',
        description:
          'Send the file as the body (Content-Type text/csv or the .xlsx type). With any row error nothing is ' +
          'imported and the answer is 400 with one issue per (row, column); allowPartial=true imports the valid rows.',
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
      const user = await ctx.requireUser(request);
      const body = request.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
      return registry.importFile(
        user,
        { data, ...(request.query.name ? { name: request.query.name } : {}) },
        { allowPartial: request.query.allowPartial },
      );
    },
  );
}
