/**
 * Input schemas of the ledger's writes (officer forms and the API feed), shared by the use cases
 * and the routes (they feed validation and the OpenAPI document). Text through `safeText`, dates
 * through `isoDate`; kinds, levels and grades are checked against the policy when planned.
 */
import { z } from 'zod';
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
