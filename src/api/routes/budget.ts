/**
 * The special fund's budget per document and year (专项资金). Approvers and admins set it; officers
 * and auditors read it. A budget cannot be set below what is already committed (409).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_ROLES } from '../../service/auth/types.ts';
import { createLedgerService } from '../../service/ledger/service.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { budgetBody } from '../schemas.ts';
import { fen } from './applications.ts';

export const budgetSchema = z.object({
  fund: z.string(),
  year: z.number().int(),
  amount: fen.nullable().describe('null: no budget set; nothing can be approved against it'),
  committed: fen,
  paid: fen,
  due: fen.describe('recorded as due back to the fund (a failed 揭榜挂帅 final 验收, 11·5)'),
  returned: fen.describe('returned against what is due back'),
  net: fen.describe('paid − returned: what the fund has really spent'),
  available: fen.describe('budget − committed; money returned goes back to the treasury, not the budget'),
  updatedAt: z.string().nullable(),
});

export const fundParams = z.object({
  fund: z
    .string()
    .regex(/^\d{3}$/)
    .describe('the document code: 000, 001, …'),
  year: z.coerce.number().int().min(2000).max(2200),
});

// The largest budget one fund may have for a year (1 万亿元, so sums stay exact): with the body schema.
export { MAX_BUDGET_FEN } from '../schemas.ts';

/** Who reads the special fund's figures (the ledger service refuses the others too). */
export const FUND_READERS = STAFF_ROLES;

export function ledgerService(ctx: ApiContext) {
  return createLedgerService({ db: ctx.db, engine: ctx.engine, clock: ctx.clock, audit: ctx.audit });
}

export function budgetRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ledger = ledgerService(ctx);
  const tags = ['budget'];

  app.put(
    '/api/budgets/:fund/:year',
    {
      ...allow(new Set(['approver', 'admin'])),
      schema: {
        tags,
        summary: '设定专项资金预算 Set a fund’s budget for a year (approver, admin)',
        params: fundParams,
        body: budgetBody,
        response: { 200: budgetSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return ledger.setBudget(user, { ...request.params, amount: request.body.amount });
    },
  );

  app.get(
    '/api/budgets/:fund/:year',
    {
      ...allow(FUND_READERS),
      schema: {
        tags,
        summary: '预算执行 A fund-year: budget, committed, paid, available',
        params: fundParams,
        response: { 200: budgetSchema },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return ledger.getBudget(user, request.params.fund, request.params.year);
    },
  );

  app.get(
    '/api/budgets',
    {
      ...allow(FUND_READERS),
      schema: {
        tags,
        summary: '预算列表 Every budget set, with what is committed and paid',
        querystring: z.object({
          fund: z
            .string()
            .regex(/^\d{3}$/)
            .optional(),
          year: z.coerce.number().int().min(2000).max(2200).optional(),
        }),
        response: { 200: z.object({ items: z.array(budgetSchema) }) },
      },
    },
    async (request) => {
      const user = await ctx.requireUser(request);
      return { items: await ledger.listBudgets(user, request.query) };
    },
  );
}
