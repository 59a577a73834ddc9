/**
 * 办事指南 per measure: read by anyone (the measure page), filled in by administrators where the
 * policy texts give no fact (待补录: department, processing time, contact, rounds).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadGuides } from '../../catalogue/guides.ts';
import { GUIDE_FIELDS } from '../../core/catalogue/guide.ts';
import { createGuideService } from '../../service/guides/service.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { guideEntryBody } from '../schemas.ts';

const text = z.object({ zh: z.string(), en: z.string() });
const quote = z.object({ quote: z.string(), source: z.string() });
const fact = z.object({
  quote: quote.nullable(),
  filled: z
    .object({
      field: z.enum(GUIDE_FIELDS),
      value: z.string(),
      source: z.string(),
      by: z.string(),
      at: z.string(),
    })
    .nullable(),
  pending: z.boolean().describe('true: no text gives it and nobody has filled it in yet (待补录)'),
});
export const guideSchema = z.object({
  measureId: z.string(),
  interpretation: quote.nullable(),
  rules: quote.nullable(),
  facts: z.object({ department: fact, processingTime: fact, contact: fact, rounds: fact }),
  materials: z.array(z.object({ code: z.string(), label: text, basis: text })),
});

export function guideRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = createGuideService({
    db: ctx.db,
    catalogue: ctx.catalogue,
    data: loadGuides(ctx.catalogue).data,
    clock: ctx.clock,
    audit: ctx.audit,
  });
  const tags = ['catalogue'];

  app.get(
    '/api/catalogue/:id/guide',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '办事指南 How to apply for a measure: materials, department, time, contact, rounds',
        params: z.object({ id: z.string().min(1).max(40) }),
        response: { 200: guideSchema },
      },
    },
    async (request) => service.guide(request.params.id),
  );

  app.get(
    '/api/guides',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '全部办事指南 Every measure’s guide (for the administrators’ page)',
        response: { 200: z.object({ items: z.array(guideSchema) }) },
      },
    },
    async () => ({ items: await service.all() }),
  );

  app.put(
    '/api/guides/:measureId/:field',
    {
      ...allow(new Set(['admin'])),
      schema: {
        tags,
        summary: '补录办事指南 Fill in a fact the policy text does not give (admin; audited)',
        params: z.object({ measureId: z.string().min(1).max(40), field: z.enum(GUIDE_FIELDS) }),
        body: guideEntryBody,
        response: { 200: guideSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return service.fill(user, request.params.measureId, request.params.field, request.body);
    },
  );
}
