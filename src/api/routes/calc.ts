/**
 * The public calculator: one applicant, its matters, its grant history → what each measure gives
 * and why, after 从优就高不重复. No sign-in, no database: the core engine only. "Today" is the
 * clock's date in Shanghai unless the input sets asOf. `?view=summary` answers with the granted
 * measures only (src/core/engine/summary.ts); the full explained answer stays the default (the web's).
 * Answers are compressed when the client accepts it (app.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calculate, decide, withDefaults } from '../../core/engine/calculate.ts';
import { presentResult } from '../../core/engine/present.ts';
import { presentSummary } from '../../core/engine/summary.ts';
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
          'Amounts in fen (分). Reasons are worded in the language asked for (?lang=en or Accept-Language). ' +
          'view=summary: only what is granted after 从优就高不重复 — measureId, matterId, title, amount {min,max} (a ceiling the officer decides within unless exact), exact, headline, staged, ' +
          'simulated, citation and one reason each, with the total (about 2 KB instead of about 70).',
        querystring: z.object({
          lang: z.enum(['zh', 'en']).optional(),
          view: z.enum(['full', 'summary']).default('full'),
        }),
        // Documented and validated here once; withDefaults then fills in dates and matter ids.
        body: ctx.engine.schema,
      },
    },
    async (request) => {
      const input = withDefaults(request.body, ctx.today());
      // The summary shows no explanations, so none are built (decide: same verdicts and grants).
      return request.query.view === 'summary'
        ? presentSummary(decide(ctx.engine, input), ctx.catalogue, ctx.lang(request))
        : presentResult(calculate(ctx.engine, input), ctx.lang(request));
    },
  );
}
