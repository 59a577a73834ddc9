/**
 * Payment stages (分阶段拨付) and payments. Scheduling splits the approved amount by weights or takes
 * explicit amounts that must sum to it. Paying a stage needs an Idempotency-Key header: a retry with
 * the same key returns the first payment (200, replayed: true) instead of paying again.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_STAGES } from '../../core/ledger.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import {
  applicationService,
  applicationViewSchema,
  fen,
  idParams,
  paymentResultSchema,
  rolesFor,
  versionField,
} from './applications.ts';

export function paymentRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = applicationService(ctx);
  const tags = ['payments'];

  app.post(
    '/api/applications/:id/stages',
    {
      ...allow(rolesFor('schedule_stages')),
      schema: {
        tags,
        summary: '安排拨付阶段 Schedule payment stages (weights, or amounts summing to the approved amount)',
        params: idParams,
        body: z
          .object({
            weights: z.array(z.number().int().min(1).max(1000)).min(1).max(MAX_STAGES).optional(),
            amounts: z.array(fen).min(1).max(MAX_STAGES).optional(),
            dueDates: z.array(isoDate().nullable()).max(MAX_STAGES).optional(),
            version: versionField,
          })
          .strict()
          .refine((b) => (b.weights === undefined) !== (b.amounts === undefined), {
            message: 'give weights or amounts, not both',
            params: { zh: '请给出阶段权重或阶段金额（二选一）', en: 'give weights or amounts, not both' },
            path: ['weights'],
          }),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      const { weights, amounts, dueDates, version } = request.body;
      const plan = weights ? { weights } : { amounts: amounts! };
      return service.scheduleStages(user, request.params.id, { ...plan, dueDates }, { version });
    },
  );

  app.post(
    '/api/applications/:id/stages/:stageId/pay',
    {
      ...allow(rolesFor('pay_stage')),
      schema: {
        tags,
        summary: '拨付 Pay one stage (Idempotency-Key header required)',
        description:
          'Stages are paid in order, each once, in full. The same key for the same stage returns the first ' +
          'payment (200, replayed: true); for anything else it is 422 IDEMPOTENCY_KEY_REUSED.',
        params: idParams.extend({ stageId: safeText({ min: 1, max: 100 }) }),
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(8)
            .max(200)
            .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
        }),
        body: z.object({}).strict().optional(),
        response: { 200: paymentResultSchema, 201: paymentResultSchema },
      },
    },
    async (request, reply) => {
      const user = await ctx.requireUser(request);
      const result = await service.payStage(
        user,
        request.params.id,
        request.params.stageId,
        request.headers['idempotency-key'],
      );
      reply.status(result.replayed ? 200 : 201);
      return result;
    },
  );
}
