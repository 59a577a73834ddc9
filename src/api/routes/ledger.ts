/**
 * The ledger's view of the special fund: per fund and year the budget, committed and paid, and per
 * measure committed vs paid vs outstanding (the web UI's fund page charts it). Officers and auditors.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_ROLES } from '../../service/auth/types.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { fen } from './applications.ts';
import { budgetSchema, ledgerService } from './budget.ts';

export function ledgerRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ledger = ledgerService(ctx);

  app.get(
    '/api/ledger',
    {
      ...allow(STAFF_ROLES),
      schema: {
        tags: ['budget'],
        summary: '资金台账 Committed vs paid vs budget, due back and returned, per fund, year and measure',
        querystring: z.object({
          fund: z
            .string()
            .regex(/^\d{3}$/)
            .optional(),
          year: z.coerce.number().int().min(2000).max(2200).optional(),
        }),
        response: {
          200: z.object({
            funds: z.array(budgetSchema),
            lines: z.array(
              z.object({
                fund: z.string(),
                year: z.number().int(),
                measureId: z.string(),
                title: z.object({ zh: z.string(), en: z.string() }),
                committed: fen,
                paid: fen,
                outstanding: fen.describe('committed − paid'),
                due: fen.describe('recorded as due back (recoveries)'),
                returned: fen.describe('returned against what is due back'),
                receivable: fen.describe('due − returned: still to recover'),
                net: fen.describe('paid − returned'),
                grants: z.number().int(),
                payments: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return ledger.summary(user, request.query);
    },
  );
}
