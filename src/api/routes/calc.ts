/**
 * The public calculator: one applicant, its matters, its grant history → what each measure gives
 * and why, after 从优就高不重复. No sign-in, no database: the core engine only. "Today" is the
 * clock's date in Shanghai unless the input sets asOf.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calculate, withDefaults } from '../../core/engine/calculate.ts';
import { presentResult } from '../../core/engine/present.ts';
import type { ApiContext } from '../context.ts';

export function calcRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/calc',
    {
      schema: {
        security: [],
        tags: ['calculator'],
        summary: '政策测算 What an applicant is entitled to, and why',
        description:
          'Amounts in fen (分). Reasons are worded in the language asked for (?lang=en or Accept-Language).',
        querystring: z.object({ lang: z.enum(['zh', 'en']).optional() }),
        // Documented and validated here once; withDefaults then fills in dates and matter ids.
        body: ctx.engine.schema,
      },
    },
    async (request) => {
      const input = withDefaults(request.body, ctx.today());
      return presentResult(calculate(ctx.engine, input), ctx.lang(request));
    },
  );
}
