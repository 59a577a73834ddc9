/** The policy catalogue, read-only and public: the reference lists, documents and measures. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { citation } from '../../core/engine/calculate.ts';
import { pairRule } from '../../core/engine/overlap.ts';
import { NotFoundError } from '../../core/errors.ts';
import { describeMeasure } from '../../core/explain.ts';
import { isStaged, proposeStages } from '../../core/stages.ts';
import { safeText } from '../../core/validation.ts';
import type { ApiContext } from '../context.ts';

export function catalogueRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { catalogue } = ctx;
  // The catalogue does not change while the process runs: build the listing once.
  const listing = {
    version: catalogue.version,
    reference: catalogue.reference,
    documents: catalogue.documents,
    measures: catalogue.measures.map((m) => ({
      id: m.id,
      documentCode: m.document.code,
      title: m.title,
      citation: citation(m),
      quote: m.quote,
      matterType: m.matterType,
      benefit: m.benefit,
      staged: isStaged(m.benefit),
      overlapGroup: m.overlapGroup,
      tags: m.tags,
      readings: m.readings.length,
    })),
    overlapLinks: catalogue.overlapLinks,
  };

  app.get(
    '/api/catalogue',
    {
      schema: {
        security: [],
        tags: ['catalogue'],
        summary: '政策目录 The catalogue: reference lists, documents, measure summaries',
      },
    },
    async () => listing,
  );

  app.get(
    '/api/catalogue/:id',
    {
      schema: {
        security: [],
        tags: ['catalogue'],
        summary:
          '措施详情 One measure: clause, conditions (each with its quote or reading), benefit, readings, the rule in words, staging, overlaps and example',
        params: z.object({ id: safeText({ min: 1, max: 40 }).describe('measure id, e.g. 000·二') }),
      },
    },
    async (request) => {
      const measure = catalogue.byId.get(request.params.id);
      if (!measure) {
        throw new NotFoundError({
          zh: `没有编号为 ${request.params.id} 的措施`,
          en: `no measure ${request.params.id}`,
        });
      }
      return {
        ...measure,
        documentCode: measure.document.code,
        citation: citation(measure),
        catalogueVersion: catalogue.version,
        // The rule in words (who, what, how much — "按不超过…的X%…最高…", how often, overlaps).
        description: describeMeasure(measure, catalogue),
        // Paid in stages or not, and the plan the workflow proposes (weights; amounts per case).
        stagePlan: proposeStages(measure.benefit, null),
        // Measures one project may also fall under: resolved by the engine (auto) or flagged (review).
        overlaps: catalogue.measures.flatMap((m) => {
          const rule = pairRule(ctx.engine.overlaps, measure.id, m.id);
          return rule ? [{ measureId: m.id, mode: rule.mode, via: rule.via, title: rule.title }] : [];
        }),
      };
    },
  );
}
