/**
 * The shape of the policy files under policies/: one file per document plus reference.yaml.
 * These schemas validate the files on load; the catalogue builder then checks cross-references.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates.ts';

const code = z.string().regex(/^[a-z0-9_]+$/, 'lower-case code: a–z, 0–9, _');
const isoDate = z.string().refine(isIsoDate, 'calendar date YYYY-MM-DD');
export const textSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const labelled = z.object({ code, zh: z.string().min(1), en: z.string().min(1) }).strict();

export const referenceSchema = z
  .object({
    cities: z
      .array(
        labelled
          .extend({
            role: z.enum(['core', 'member', 'partner', 'other']),
            division: z
              .string()
              .regex(/^\d{6}$/, 'GB/T 2260 division code, 6 digits')
              .optional(),
            /** A strategic partner added after the text: counts from this date (the list is open, "等"). */
            partnerSince: isoDate.optional(),
          })
          .strict(),
      )
      .min(1),
    citySets: z.record(
      z.string(),
      z
        .object({
          zh: z.string(),
          en: z.string(),
          roles: z.array(z.enum(['core', 'member', 'partner', 'other'])),
          /** An open list ("…等"): what to tell a city that is not (yet) on it. */
          openNote: textSchema.optional(),
        })
        .strict(),
    ),
    orgKinds: z.array(labelled).min(1),
    sectors: z.array(labelled).min(1),
    qualifications: z.array(labelled).min(1),
    licences: z.array(labelled),
    figures: z.array(labelled.extend({ code: z.string().regex(/^[a-zA-Z]+$/) }).strict()).min(1),
    matterTypes: z.array(labelled).min(1),
    claims: z.array(labelled),
    challengeLists: z.array(labelled),
  })
  .strict();
export type ReferenceFile = z.infer<typeof referenceSchema>;

/** A literal, a list of literals, or a named set from reference.yaml (`{ ref: nineCities }`). */
const conditionValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
  z.object({ ref: z.string() }).strict(),
]);

export const leafSchema = z
  .object({
    fact: z.string(),
    op: z.enum(['eq', 'ne', 'in', 'notIn', 'gte', 'gt', 'lte', 'lt', 'has', 'hasAny', 'allIn', 'present']),
    value: conditionValue.optional(),
    /** How the condition reads to a person; defaults to a sentence built from the fact and value. */
    label: textSchema.optional(),
    /** The words of the clause this condition implements, verbatim (`catalogue check` verifies them). */
    quote: z.string().min(2).optional(),
    /** The id of the measure's reading that explains this condition where the words leave room. */
    reading: code.optional(),
  })
  .strict();

export type ConditionFile =
  | z.infer<typeof leafSchema>
  | { all: ConditionFile[] }
  | { any: ConditionFile[] }
  | { not: ConditionFile };

export const conditionSchema: z.ZodType<ConditionFile> = z.lazy(() =>
  z.union([
    leafSchema,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

const period = z.enum(['per_matter', 'once', 'annual', 'cumulative']);
/** The words that print the benefit's numbers and shape ("分阶段给予不超过揭榜额 30%、最高 2000 万元"). */
const benefitQuote = z.string().min(2).optional();
/** 一次性: once a grant exists for the matter (or, period once, for the entity), nothing more is offered. */
const oneOff = z.boolean().optional();

export const benefitSchema = z.discriminatedUnion('kind', [
  /** 不超过 base 的 X%、最高 N 万元: a ceiling, min(floor(rate × base), cap), the reviewer decides 0 … ceiling. */
  z
    .object({
      kind: z.literal('rate_cap'),
      base: z.string(),
      ratePercent: z.number().positive().max(100),
      capWan: z.number().positive(),
      period,
      periodYears: z.number().int().positive().optional(),
      staged: z.boolean(),
      oneOff,
      quote: benefitQuote,
    })
    .strict(),
  /** 最高 N 万元 with no rate: 0 … N, the figure set by a reviewer. */
  z
    .object({
      kind: z.literal('upper_bound'),
      capWan: z.number().positive(),
      period,
      periodYears: z.number().int().positive().optional(),
      staged: z.boolean(),
      oneOff,
      quote: benefitQuote,
    })
    .strict(),
  /** A fixed award: 给予 N 万元的一次性奖励. */
  z
    .object({
      kind: z.literal('fixed'),
      amountWan: z.number().positive(),
      period,
      staged: z.boolean(),
      oneOff,
      quote: benefitQuote,
    })
    .strict(),
  /** 分档予以最高 N 万元: the tiers are not published, so 0 … N pending implementing rules. */
  z
    .object({
      kind: z.literal('tiered_pending'),
      capWan: z.number().positive(),
      period,
      staged: z.boolean(),
      pending: textSchema,
      oneOff,
      quote: benefitQuote,
    })
    .strict(),
  /** Money is promised but no figure is printed (按规定给予奖励): no amount until 实施细则. */
  z
    .object({ kind: z.literal('unspecified'), period, pending: textSchema, oneOff, quote: benefitQuote })
    .strict(),
  /** A service, mechanism or benefit in kind: no money. */
  z.object({ kind: z.literal('service') }).strict(),
  /** A rule the matter must respect (e.g. 工业用地出让年限最高不超过50年). */
  z.object({ kind: z.literal('constraint') }).strict(),
]);
export type BenefitFile = z.infer<typeof benefitSchema>;

export const readingSchema = z
  .object({
    id: code,
    /** The words read, verbatim from the source. */
    quote: z.string().min(2),
    zh: z.string().min(1),
    en: z.string().min(1),
  })
  .strict();

export const measureSchema = z
  .object({
    /** Document code · numeral as printed · optional sub-benefit, e.g. 001·十七·会议. */
    id: z.string().regex(/^\d{3}·[一二三四五六七八九十]+(·[^·\s]+)?$/, 'id like 000·二 or 001·十七·会议'),
    title: textSchema,
    /** The clause as printed in the source, verbatim (white space may differ: the sources are PDF text). */
    quote: z.string().min(4),
    /** What the measure supports. Absent: it applies to the applicant alone (a standing benefit). */
    matterType: code.optional(),
    conditions: z
      .object({
        applicant: z.array(conditionSchema).default([]),
        matter: z.array(conditionSchema).default([]),
      })
      .strict()
      .default({ applicant: [], matter: [] }),
    benefit: benefitSchema,
    /** Measures in one group support the same matter: the applicant gets only the most favourable. */
    overlapGroup: code.optional(),
    tags: z.array(z.string()).default([]),
    /**
     * Our readings of the clause where the text leaves room, each tied to the words it reads, so
     * applicants and reviewers see every decision we made (conditions point at them by id).
     */
    readings: z.array(readingSchema).default([]),
    example: z
      .object({
        title: textSchema,
        applicant: z.record(z.string(), z.unknown()),
        matter: z.record(z.string(), z.unknown()).optional(),
        history: z.array(z.record(z.string(), z.unknown())).optional(),
        asOf: isoDate.optional(),
        simulate: z.record(z.string(), isoDate).optional(),
        expect: z.object({
          eligible: z.boolean(),
          minWan: z.number().optional(),
          maxWan: z.number().optional(),
        }),
      })
      .strict()
      .optional(),
  })
  .strict();
export type MeasureFile = z.infer<typeof measureSchema>;

export const documentSchema = z
  .object({
    code: z.string().regex(/^\d{3}$/),
    number: z.string().nullable(),
    title: textSchema,
    issuer: z.array(z.string()).min(1),
    issued: isoDate.nullable(),
    status: z.enum(['in_force', 'draft', 'plan']),
    source: z.string(),
    /** Fixed window for a document in force; a draft has only its length in years until adopted. */
    validity: z.union([
      z.object({ from: isoDate, to: isoDate.nullable(), quote: z.string() }).strict(),
      z.object({ years: z.number().int().positive(), quote: z.string() }).strict(),
    ]),
    /** Who the whole document applies to, joined to every measure's applicant conditions. */
    applicability: z
      .object({
        quote: z.string(),
        conditions: z.array(conditionSchema).min(1),
        /** Readings of the applicability clause; listed with every measure of the document. */
        readings: z.array(readingSchema).default([]),
      })
      .strict()
      .optional(),
    overlapRule: z.object({ quote: z.string() }).strict().optional(),
    measures: z.array(measureSchema).min(1),
  })
  .strict();
export type DocumentFile = z.infer<typeof documentSchema>;

/**
 * policies/overlaps.yaml: measures of different matter types (so not one overlap group) that one
 * project can fall into. Across documents both texts say 从优、就高、不重复, so the engine keeps the
 * most favourable; within one document the text is silent, so the pair is flagged for the reviewer.
 */
export const overlapsSchema = z
  .object({
    links: z.array(
      z
        .object({
          id: code,
          measures: z.array(z.string()).min(2),
          /** The kind of project the measures share. */
          title: textSchema,
          /** Why one project can fall under these measures, read from the texts. */
          reading: textSchema,
        })
        .strict(),
    ),
  })
  .strict();
export type OverlapsFile = z.infer<typeof overlapsSchema>;
