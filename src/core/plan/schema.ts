/**
 * The shape of policies/plan-003.yaml: the plan's targets, its 十四五 figures and 004's context
 * figures, each with a verbatim quote. Validated on load (src/core/plan/build.ts) with errors naming
 * the file, the path inside it and the rule.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates.ts';

export const TARGET_KINDS = [
  'level',
  'band',
  'annual_flow',
  'cumulative',
  'minimum',
  'stock',
  'qualitative',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How a target compares an observed value with its figure: 达/不少于/至少 (≥), 超 (>), 左右 (about). */
export const COMPARISONS = ['at_least', 'more_than', 'at_most', 'less_than', 'about'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** How the text qualifies a printed figure: 超/逾/余/多 (more than), 近 (nearly), 约 (about). */
export const QUALIFIERS = ['exact', 'more_than', 'nearly', 'about'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export const FREQUENCIES = ['year', 'quarter', 'month'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Platform data a figure can be derived from, live (src/service/plan/derived.ts). */
export const DERIVED_SOURCES = [
  'registry.qualifications',
  'matching.contracts',
  'challenges.awards',
] as const;
export type DerivedSource = (typeof DERIVED_SOURCES)[number];

/** A missing baseline is "待补录" (to be entered), never a guessed number; "不适用" where none applies. */
export const BASELINE_MISSING = '待补录';
export const BASELINE_NOT_APPLICABLE = '不适用';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case id: a–z, 0–9 and single hyphens');
const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const unit = z
  .object({
    zh: z.string().min(1),
    en: z.string().min(1),
    /** Decimals shown to people (values are stored exactly as entered). */
    decimals: z.number().int().min(0).max(6).optional(),
  })
  .strict();
const year = z.number().int().min(2000).max(2100);

const derivedSchema = z
  .object({
    source: z.enum(DERIVED_SOURCES),
    /** registry.qualifications: the qualification codes counted (policies/reference.yaml). */
    codes: z.array(z.string().regex(/^[a-z0-9_]+$/)).optional(),
    /** registry.qualifications: only organisations in this city (reference.yaml code). */
    city: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .optional(),
    /** What exactly is counted, and what it does not cover. */
    label: text,
  })
  .strict();
export type DerivedFile = z.infer<typeof derivedSchema>;

const baselineValue = z
  .object({
    value: z.number().finite(),
    /** The period the baseline describes: a year or a plan period such as 2021-2025. */
    period: z.string().regex(/^\d{4}(-\d{4})?$/),
    quote: z.string().min(2),
  })
  .strict();

export const targetFileSchema = z
  .object({
    id,
    section: z.string().min(1),
    title: text,
    /** The sentence of the plan that sets the target, verbatim (white space aside). */
    quote: z.string().min(4),
    kind: z.enum(TARGET_KINDS),
    direction: z.enum(['increase', 'decrease', 'maintain']).optional(),
    unit: unit.optional(),
    target: z
      .object({ value: z.number().finite(), comparison: z.enum(COMPARISONS) })
      .strict()
      .optional(),
    /** 左右: the band's half-width in the target's unit; null until the responsible department sets it. */
    band: z.object({ tolerance: z.number().positive().finite().nullable() }).strict().optional(),
    baseline: z.union([z.literal(BASELINE_MISSING), z.literal(BASELINE_NOT_APPLICABLE), baselineValue]),
    /** Default responsible department (monitoring convention; editable in the platform). */
    department: z.string().trim().min(1).max(50),
    reporting: z
      .object({ frequency: z.enum(FREQUENCIES), dueDays: z.number().int().min(0).max(366) })
      .strict(),
    /** Catalogue measures (policies/000–002) that serve the target. */
    measures: z.array(z.string().min(1)),
    derived: derivedSchema.optional(),
  })
  .strict();
export type TargetFile = z.infer<typeof targetFileSchema>;

const figureFields = {
  id,
  title: text,
  quote: z.string().min(2),
  /** null only for a platform-derived indicator the text names without a figure. */
  value: z.number().finite().nullable(),
  qualifier: z.enum(QUALIFIERS).optional(),
  unit,
  /** How the text prints the figure when not as digits (第一, 翻番). */
  print: z.string().min(1).optional(),
  relatedTargets: z.array(id),
};

export const indicatorFileSchema = z
  .object({ ...figureFields, section: z.string().min(1), derived: derivedSchema.optional() })
  .strict();
export type IndicatorFile = z.infer<typeof indicatorFileSchema>;

export const contextFileSchema = z
  .object({
    ...figureFields,
    value: z.number().finite(),
    source: z.string().regex(/^sources\/\d{3}_[0-9a-f]+\.txt$/),
  })
  .strict();
export type ContextFile = z.infer<typeof contextFileSchema>;

export const planFileSchema = z
  .object({
    document: z
      .object({
        code: z.string().regex(/^\d{3}$/),
        number: z.string().min(1),
        title: text,
        source: z.string().regex(/^sources\/\d{3}_[0-9a-f]+\.txt$/),
        issued: z.string().refine(isIsoDate, 'calendar date YYYY-MM-DD'),
        targetYear: year,
        planPeriod: z.object({ from: year, to: year }).strict(),
        baselinePeriod: z.object({ from: year, to: year }).strict(),
        monitoringQuote: z.string().min(4),
        notes: z.object({ department: text, reporting: text }).strict(),
      })
      .strict(),
    targets: z.array(targetFileSchema).min(1),
    indicators: z.array(indicatorFileSchema),
    context: z.array(contextFileSchema),
  })
  .strict();
export type PlanFile = z.infer<typeof planFileSchema>;
