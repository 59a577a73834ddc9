/**
 * Policy simulation (what-if) for officers: a change to the catalogue — a rate, a cap, a validity
 * window, adopting a draft on a date, a new partner city — screened over the registry in the
 * database under the catalogue as it is and as changed. The answer: organisations newly eligible or
 * no longer eligible per measure, upper-bound cost by measure and year, and each fund-year beside
 * the budget the ledger holds for it (src/screening/simulate.ts, simulate-db.ts). Nothing is written.
 *
 * The baseline is the policy files the server's catalogue was loaded from; if they have changed on
 * disk since, the simulation is refused (409) until the server is restarted on them.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type LoadedFiles, readPolicyFiles } from '../../catalogue/load.ts';
import { ConflictError, LimitExceededError } from '../../core/errors.ts';
import { safeText } from '../../core/validation.ts';
import { simulateRegistry } from '../../screening/simulate-db.ts';
import { allow } from '../access.ts';
import type { ApiContext } from '../context.ts';
import { fen } from './applications.ts';
import { isoDateSchema, OFFICER_ROLES } from './screening.ts';

const text = z.object({ zh: z.string(), en: z.string() });
const measureId = safeText({ min: 1, max: 100 });
const documentCode = z
  .string()
  .regex(/^\d{3}$/)
  .describe('document code: 000, 001, …');

export const changeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rate'),
      measureId,
      ratePercent: z.number().min(0).max(100).describe('percent'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('cap'),
      measureId,
      capWan: z.number().min(0).max(10_000_000).describe('the cap (or fixed amount) in 万元'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('validity'),
      document: documentCode,
      from: isoDateSchema,
      to: isoDateSchema.nullable().describe('null: open-ended'),
    })
    .strict(),
  z.object({ kind: z.literal('adopt'), document: documentCode, date: isoDateSchema }).strict(),
  z
    .object({
      kind: z.literal('partnerCity'),
      city: z
        .string()
        .regex(/^[a-z0-9_]+$/)
        .max(50)
        .describe('a city code of reference.yaml, or a new one'),
      zh: safeText({ min: 1, max: 50 }).optional(),
      en: safeText({ min: 1, max: 50 }).optional(),
    })
    .strict(),
]);

const split = z.object({ automatic: fen, invitation: fen });
const signedSplit = z.object({ automatic: z.number().int(), invitation: z.number().int() });
const yearFigure = z.object({
  year: z.number().int(),
  organisations: z.number().int(),
  upperBound: fen.nullable().describe('null: the text gives no amount'),
});

export const simulationReportSchema = z.object({
  date: z.string(),
  years: z.array(z.number().int()),
  organisations: z.number().int(),
  catalogueVersion: z.string(),
  unknownCodes: z.number().int(),
  changes: z.array(text),
  measures: z.array(
    z.object({
      measureId: z.string(),
      title: text,
      mode: z.enum(['automatic', 'invitation', 'none']),
      monetary: z.boolean(),
      baseline: z.object({ eligible: z.number().int(), years: z.array(yearFigure) }),
      changed: z.object({ eligible: z.number().int(), years: z.array(yearFigure) }),
      newlyEligible: z.number().int(),
      noLongerEligible: z.number().int(),
    }),
  ),
  newlyEligibleOrganisations: z.number().int(),
  noLongerEligibleOrganisations: z.number().int(),
  totals: z.array(
    z.object({
      year: z.number().int(),
      baseline: split,
      changed: split,
      delta: signedSplit,
      budget: fen.nullable().describe('every fund’s budget for the year together; null when none is set'),
    }),
  ),
  funds: z.array(
    z.object({
      fund: z.string(),
      year: z.number().int(),
      baseline: split,
      changed: split,
      delta: signedSplit,
      budget: fen.nullable(),
      headroom: z.number().int().nullable().describe('budget − changed 免申即享 bound; negative: exceeded'),
    }),
  ),
  assumptions: z.array(text),
});

export function simulationRoutes(root: FastifyInstance, ctx: ApiContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  let sources: LoadedFiles | undefined;
  const policySources = (): LoadedFiles => {
    sources ??= readPolicyFiles(process.env.CEYUAN_POLICIES);
    if (sources.version !== ctx.catalogue.version) {
      const found = sources.version;
      sources = undefined;
      throw new ConflictError({
        zh: `政策文件（版本 ${found}）与运行中的目录（版本 ${ctx.catalogue.version}）不一致，请重启服务后再模拟`,
        en: `the policy files (version ${found}) differ from the running catalogue (version ${ctx.catalogue.version}): restart the server to simulate`,
      });
    }
    return sources;
  };

  app.post(
    '/api/simulations',
    {
      ...allow(OFFICER_ROLES),
      schema: {
        tags: ['simulation'],
        summary:
          '政策模拟 What-if: the registry under the catalogue and under a change (reviewer, approver, admin)',
        description:
          'Amounts are upper bounds in fen (see `assumptions`). `totals` compares every fund together with the sum of ' +
          'the budgets set for the year; `funds` gives each fund (document) and year beside its own budget. ' +
          'No change at all reports zero difference.',
        body: z
          .object({
            date: isoDateSchema.optional().describe('snapshot date (default: today in Shanghai)'),
            years: z
              .array(z.number().int().min(2000).max(2200))
              .min(1)
              .max(31)
              .optional()
              .describe('years to cost (default: the date’s year and the four after)'),
            changes: z.array(changeSchema).max(20).default([]),
          })
          .strict(),
        response: { 200: simulationReportSchema },
      },
    },
    async (request) => {
      await ctx.requireUser(request);
      const { date, years, changes } = request.body;
      try {
        return await simulateRegistry(ctx.db, policySources(), {
          date: date ?? ctx.today(),
          ...(years ? { years: [...new Set(years)].sort((a, b) => a - b) } : {}),
          changes,
        });
      } catch (error) {
        // Money maths refuses a total past 2^53 fen rather than round it (core/money.ts): that is
        // an answer about the scenario, not a server fault.
        if (error instanceof RangeError)
          throw new LimitExceededError(
            {
              zh: '模拟的金额合计超出可精确计算的范围（2^53 分），请缩小变更（如封顶金额）',
              en: 'the simulated totals exceed the exact range (2^53 fen): make the change smaller (e.g. the cap)',
            },
            { reason: error.message },
          );
        throw error;
      }
    },
  );
}
