/** The audit trail for auditors and admins: list, verify the hash chain, export. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeText } from '../../core/validation.ts';
import { PERMISSIONS } from '../../service/auth/permissions.ts';
import type { ApiContext } from '../context.ts';

export function auditRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/audit',
    {
      config: { access: PERMISSIONS['audit.read'] },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit entries (auditor, admin)',
        querystring: z.object({
          action: safeText({ max: 100 }).optional(),
          actor: safeText({ max: 100 }).optional(),
          subject: safeText({ max: 200 }).optional(),
          after: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .describe('entries after this seq (or before it, when order=desc)'),
          order: z.enum(['asc', 'desc']).default('desc'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request) => {
      await ctx.requirePermission(request, 'audit.read');
      const { after, ...rest } = request.query;
      const items = await ctx.audit.list({ ...rest, ...(after !== undefined ? { afterSeq: after } : {}) });
      return { items };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { access: PERMISSIONS['audit.read'] },
      schema: { tags: ['audit'], summary: '校验哈希链 Verify the SM3 hash chain (auditor, admin)' },
    },
    async (request) => {
      await ctx.requirePermission(request, 'audit.read');
      return ctx.audit.verifyChain();
    },
  );

  app.get(
    '/api/audit/export',
    {
      config: { access: PERMISSIONS['audit.read'] },
      schema: {
        tags: ['audit'],
        summary: '导出 Export the whole trail as JSON lines or CSV (auditor, admin)',
        querystring: z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }),
      },
    },
    async (request, reply) => {
      const user = await ctx.requirePermission(request, 'audit.read');
      const { format } = request.query;
      // Exporting is itself an audited act: who took a copy of the trail, and when.
      await ctx.audit.record({
        actor: user.username,
        action: 'audit.export',
        subject: null,
        detail: { format },
      });
      const day = ctx.today();
      reply
        .header(
          'content-type',
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="ceyuan-audit-${day}.${format}"`);
      return reply.send(Readable.from(ctx.audit.export(format)));
    },
  );
}
