/**
 * Input schemas of the ledger's writes (officer forms and the API feed), the pools, services and
 * local thresholds, shared by the use cases, the routes and the web forms (so this file imports no
 * storage) (they feed validation and the OpenAPI document). Text through `safeText`, dates
 * through `isoDate`; kinds, levels and grades are checked against the policy when planned.
 */
import { z } from 'zod';
import { poolRuleSchema } from '../../core/qualifications/pools.ts';
import { isoDate, safeText } from '../../core/validation.ts';
import { usccSchema } from '../registry/schema.ts';

export const kindCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .max(60)
  .describe('a qualification kind (policies/qualifications.yaml; GET /api/qualifications/reference)');
export const levelCode = z.enum(['national', 'municipal', 'district']);
export const gradeCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/)
  .max(40);
const reason = safeText({ min: 1, max: 500, multiline: true });

export const certifyFields = {
  kind: kindCode,
  level: levelCode.nullable().optional(),
  grade: gradeCode.nullable().optional(),
  certificateNo: safeText({ min: 1, max: 100 }).nullable().optional().describe('证书编号 / 公告编号'),
  issuer: safeText({ min: 1, max: 200 }).nullable().optional().describe('发证机关'),
  grantedOn: isoDate().describe('认定（发证）日期: the first valid day'),
  expiresOn: isoDate()
    .nullable()
    .optional()
    .describe(
      '有效期至: the last valid day; left out, the kind’s rule gives it when it prints one (高企: three years)',
    ),
};

export const recordInputSchema = z.object({ organisationId: z.uuid(), ...certifyFields }).strict();
export type RecordInput = z.output<typeof recordInputSchema>;

export const revokeInputSchema = z
  .object({ on: isoDate().describe('effective from this day (not valid on it)'), reason })
  .strict();
export const downgradeInputSchema = z
  .object({
    on: isoDate().describe('the lower tier applies from this day'),
    reason,
    to: z
      .object({
        kind: kindCode,
        grade: gradeCode.nullable().optional(),
        level: levelCode.nullable().optional(),
        expiresOn: isoDate().nullable().optional(),
      })
      .strict(),
  })
  .strict();
export const withdrawInputSchema = z.object({ reason }).strict();

const who = {
  uscc: usccSchema.optional().describe('统一社会信用代码 (or organisationId)'),
  organisationId: z.uuid().optional(),
};
const feedItem = z.discriminatedUnion('action', [
  z.object({ action: z.literal('certify'), ...who, ...certifyFields }).strict(),
  z
    .object({
      action: z.literal('revoke'),
      ...who,
      kind: kindCode,
      on: isoDate(),
      reason,
      grantedOn: isoDate().nullable().optional().describe('which holding, when several run'),
    })
    .strict(),
  z
    .object({ action: z.literal('downgrade'), ...who, kind: kindCode, ...downgradeInputSchema.shape })
    .strict(),
]);

export const feedInputSchema = z
  .object({
    items: z.array(feedItem).min(1).max(1000),
    reference: safeText({ min: 1, max: 200 })
      .optional()
      .describe('the sending system’s batch reference, kept with every event'),
  })
  .strict()
  .superRefine((b, ctx) => {
    b.items.forEach((it, i) => {
      if (!it.uscc === !it.organisationId)
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'uscc'],
          message: 'give either uscc or organisationId',
          params: {
            zh: '请提供统一社会信用代码或单位编号之一',
            en: 'give either uscc or organisationId',
            rule: 'one_of',
          },
        });
    });
  });
export type FeedInput = z.output<typeof feedInputSchema>;

// ——— pools, members, services, local thresholds (the use cases beside this file re-export them) ———

export const poolInputSchema = z
  .object({
    name: safeText({ min: 1, max: 100 }),
    description: safeText({ max: 2000, multiline: true }).default(''),
    target: z
      .object({ kind: kindCode, grade: gradeCode.nullable().optional() })
      .strict()
      .describe('the qualification the pool prepares firms for'),
    rule: poolRuleSchema,
    active: z.boolean().default(true),
  })
  .strict();
export const enrolInputSchema = z
  .object({
    organisationIds: z.array(z.uuid()).min(1).max(1000),
    officerId: z
      .uuid()
      .nullable()
      .optional()
      .describe('the service officer (an officer account); null: none yet'),
  })
  .strict();
export const memberInputSchema = z
  .object({
    officerId: z.uuid().nullable().optional(),
    status: z.enum(['active', 'graduated', 'left']).optional(),
    outcome: safeText({ max: 500, multiline: true })
      .nullable()
      .optional()
      .describe('e.g. 2026年获认定高新技术企业'),
    note: safeText({ max: 1000, multiline: true }).nullable().optional(),
  })
  .strict();
export const serviceInputSchema = z
  .object({
    organisationId: z.uuid(),
    poolId: z.uuid().nullable().optional(),
    service: z.enum(['visit', 'training', 'referral', 'consultation', 'other']),
    on: isoDate(),
    note: safeText({ min: 1, max: 2000, multiline: true }),
    outcome: safeText({ max: 500, multiline: true }).nullable().optional(),
  })
  .strict();
export const parameterInputSchema = z
  .object({
    value: z
      .string()
      .trim()
      .max(30)
      .nullable()
      .describe('in people’s units: 万元 for amounts, % for ratios, 人, 年; null clears it (back to 待设定)'),
    source: safeText({ min: 1, max: 300 }).describe('the document or decision the value comes from'),
    note: safeText({ max: 1000, multiline: true }).optional(),
  })
  .strict();

export const rewardSettingsSchema = z
  .object({
    adopt: z
      .record(z.string().regex(/^\d{3}$/), isoDate())
      .describe('draft document code → simulated adoption date'),
  })
  .strict();
