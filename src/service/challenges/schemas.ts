/**
 * The inputs of the 揭榜挂帅 use cases: one zod schema each, used by the service to validate and by the
 * routes for OpenAPI. Free text goes through safeText; money is integer 分; dates are calendar dates.
 */
import { z } from 'zod';
import type { Reference } from '../../core/catalogue/types.ts';
import { CRITERION_CODE, TIE_BREAKS } from '../../core/challenges/policy.ts';
import { bilingual, isoDate, safeText } from '../../core/validation.ts';

export const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('amount in fen (分)');
const positiveFen = z
  .number()
  .int()
  .min(1)
  .max(Number.MAX_SAFE_INTEGER)
  .describe('amount in fen (分), above 0');
const text = (max: number, min = 1) => safeText({ min, max, multiline: true });
export const reason = safeText({ max: 2000, multiline: true }).nullable().optional();
export const version = z.number().int().min(1).optional().describe('the version you saw: a stale one is 409');

const codes = (list: { code: string }[]) => list.map((x) => x.code) as [string, ...string[]];

export const criterionInput = z
  .object({
    code: z.string().regex(CRITERION_CODE),
    weight: z.number().int().min(1).max(100),
    label: z.object({ zh: safeText({ min: 1, max: 40 }), en: safeText({ min: 1, max: 80 }) }).strict(),
  })
  .strict();

export function listInputSchema(ref: Reference, measureIds: readonly string[]) {
  return z
    .object({
      basisMeasureId: z
        .enum(measureIds as [string, ...string[]])
        .describe('the legal basis: 000·二 or 001·二'),
      title: safeText({ min: 2, max: 120 }),
      batch: safeText({ min: 1, max: 60 }).describe('e.g. 2026年第一批'),
      coIssuers: z
        .array(z.enum(codes(ref.cities)))
        .max(9)
        .default([])
        .describe('corridor cities co-issuing the batch'),
      opensOn: isoDate(),
      closesOn: isoDate(),
      criteria: z
        .array(criterionInput)
        .min(1)
        .max(20)
        .optional()
        .describe('default: the platform’s (challenges.yaml)'),
      quorum: z.number().int().min(1).max(50).optional(),
      tieBreaks: z.array(z.enum(TIE_BREAKS)).max(TIE_BREAKS.length).optional(),
      reason: reason.describe('required when editing a published list: shown with the new version'),
      version,
    })
    .strict()
    .refine((l) => l.closesOn >= l.opensOn, {
      ...bilingual('截止日期不得早于开始日期', 'closesOn must not be before opensOn'),
      path: ['closesOn'],
    })
    .refine((l) => !l.criteria || new Set(l.criteria.map((c) => c.code)).size === l.criteria.length, {
      ...bilingual('评审要素不得重复', 'a criterion is listed twice'),
      path: ['criteria'],
    });
}
export type ListInput = z.output<ReturnType<typeof listInputSchema>>;

export function problemInputSchema(ref: Reference) {
  return z
    .object({
      title: safeText({ min: 2, max: 120 }),
      need: text(5000, 10).describe('the technical need (技术需求)'),
      indicators: z
        .array(
          z.object({ name: safeText({ min: 1, max: 100 }), target: safeText({ min: 1, max: 200 }) }).strict(),
        )
        .min(1)
        .max(30)
        .describe('验收指标'),
      deliverables: text(3000, 2),
      timelineMonths: z.number().int().min(1).max(120),
      sector: z.enum(codes(ref.sectors)),
      budgetMin: fen,
      budgetMax: positiveFen,
      coFunds: z.boolean().default(false).describe('the poser co-funds the project'),
      submit: z.boolean().default(false).describe('submit for review at once'),
      version,
    })
    .strict()
    .refine((p) => p.budgetMax >= p.budgetMin, {
      ...bilingual('揭榜额上限不得低于下限', 'budgetMax must not be below budgetMin'),
      path: ['budgetMax'],
    });
}
export type ProblemInput = z.output<ReturnType<typeof problemInputSchema>>;

export const attachmentInput = z
  .object({
    name: safeText({ min: 1, max: 200 }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, bilingual('须为 64 位十六进制 SHA-256', 'a hex SHA-256', 'sha256')),
    size: z
      .number()
      .int()
      .min(1)
      .max(200 * 1024 * 1024),
  })
  .strict();

export const bidInputSchema = z
  .object({
    amount: positiveFen.describe('揭榜额 asked (≤ the problem’s budget)'),
    plan: text(10_000, 10).describe('technical plan'),
    team: text(3000, 2),
    partners: z
      .array(z.uuid())
      .max(20)
      .default([])
      .describe('consortium partners (registry organisation ids)'),
    milestones: z
      .array(
        z
          .object({
            title: safeText({ min: 1, max: 120 }),
            dueOn: isoDate(),
            plannedInput: positiveFen.describe('project input planned for this milestone'),
            indicators: text(2000, 1).describe('which 验收指标 this milestone shows'),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    attachments: z.array(attachmentInput).max(20).default([]),
    version,
  })
  .strict()
  .superRefine((b, c) => {
    b.milestones.forEach((m, i) => {
      if (i > 0 && m.dueOn < b.milestones[i - 1]!.dueOn)
        c.addIssue({
          code: 'custom',
          path: ['milestones', i, 'dueOn'],
          message: 'milestones are in date order',
          params: { zh: '里程碑须按时间先后排列', en: 'milestones are in date order', rule: 'order' },
        });
    });
  });
export type BidInput = z.output<typeof bidInputSchema>;

export const reviewProblemSchema = z
  .object({ decision: z.enum(['accept', 'return', 'reject']), reason, version })
  .strict();

export const placeProblemSchema = z.object({ listId: z.uuid(), version }).strict();

export const appointSchema = z
  .object({
    experts: z.array(z.uuid()).max(30).default([]).describe('users with role expert'),
    poserScorers: z.array(z.uuid()).max(5).default([]).describe('users of the poser organisation who score'),
  })
  .strict();

export const declareSchema = z
  .object({ organisationId: z.uuid(), note: safeText({ min: 2, max: 500 }) })
  .strict();

export const scoreSchema = z
  .object({
    scores: z.record(z.string().max(40), z.number()).describe('criterion code → whole points'),
    comment: safeText({ max: 2000, multiline: true }).nullable().optional(),
  })
  .strict();

export const awardSchema = z
  .object({
    mode: z
      .enum(['single', 'parallel', 'none'])
      .describe('single: one winner; parallel: 赛马; none: nobody won'),
    bidIds: z.array(z.uuid()).max(10).default([]),
    reason,
  })
  .strict();

export const downselectSchema = z
  .object({
    keep: z.array(z.uuid()).min(1).max(10),
    reason: safeText({ min: 2, max: 2000, multiline: true }),
  })
  .strict();

export const evidenceSchema = z
  .object({
    claimedInput: fen.describe('project input spent for this milestone, by the winner'),
    evidence: z.array(attachmentInput).min(1).max(30),
    note: safeText({ max: 2000, multiline: true }).nullable().optional(),
  })
  .strict();

export const decideMilestoneSchema = z
  .object({
    decision: z.enum(['pass', 'conditional', 'fail', 'clear_conditions']),
    verifiedInput: fen.optional().describe('project input verified by the acceptance (pass, conditional)'),
    reason,
    recoveryAmount: fen.optional().describe('failed final acceptance: the amount to recover (≤ released)'),
  })
  .strict();

/** The Idempotency-Key of a release, as the workflow's payments take it (src/api/routes/payments.ts). */
export const idempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(
    /^[\x21-\x7e]+$/,
    bilingual('须为可打印 ASCII 字符，不含空格', 'printable ASCII, no spaces', 'format'),
  )
  .describe('the same key on a retry replays the payment');

export const scheduleSchema = z.object({}).strict().nullish();

export const cancelSchema = z
  .object({ reason: safeText({ min: 2, max: 2000, multiline: true }), version })
  .strict();

/** 退回款登记: money a failed project returned against what is due back (11·5). */
export const repaymentSchema = z
  .object({
    amount: positiveFen.describe(
      'the sum returned, in fen (partial receipts allowed; never more than is still due)',
    ),
    receivedOn: isoDate().optional().describe('the day the money arrived (default today; not in the future)'),
    note: safeText({ max: 500, multiline: false }).nullable().optional().describe('e.g. the bank reference'),
  })
  .strict();
