/**
 * The request bodies of the plan's writes (record, revise, withdraw, settings), in a file of their own
 * that imports only zod and the pure core, so the web's forms validate with the very schemas the
 * routes use (docs/web.md, "a form on a zod schema") without bundling the service.
 */
import { z } from 'zod';
import { ASSESSMENTS } from '../../core/plan/status.ts';
import { safeText } from '../../core/validation.ts';

/** The fields of one observation, as the form, the API push and an import row carry them. */
export const observationInputSchema = z
  .object({
    period: safeText({ min: 1, max: 20 }).describe('2027, 2027-Q2 or 2027-05'),
    value: z
      .number()
      .finite()
      .nullable()
      .optional()
      .describe('in the target’s unit; omit for a qualitative target'),
    assessment: z.enum(ASSESSMENTS).optional().describe('qualitative targets only'),
    source: safeText({ min: 1, max: 300 }).describe('the source document (统计公报, 部门报表…)'),
    comment: safeText({ max: 2000, multiline: true })
      .optional()
      .describe('internal note, never shown publicly'),
  })
  .strict();

export const reviseInputSchema = observationInputSchema.omit({ period: true }).extend({
  reason: safeText({ min: 1, max: 500, multiline: true }).describe(
    'why the value changes (更正、统计口径调整…)',
  ),
  expectedRevision: z.number().int().min(1).optional().describe('the revision you are correcting'),
});

export const withdrawInputSchema = z
  .object({ reason: safeText({ min: 1, max: 500, multiline: true }) })
  .strict();

export const settingsInputSchema = z
  .object({
    department: safeText({ min: 1, max: 50 })
      .nullable()
      .optional()
      .describe('null: back to the file’s default'),
    bandTolerance: z
      .number()
      .positive()
      .max(1e6)
      .nullable()
      .optional()
      .describe('左右 targets: half-width of the band in the target’s unit; null: unset'),
  })
  .strict();
