/**
 * The calculator's input contract: an applicant profile, the matters it asks about, the date, its
 * grant history and optional simulation settings. Built from the reference data, so an unknown city,
 * kind or sector is refused with the field's path. Exported as JSON Schema in docs/.
 */
import { z } from 'zod';
import type { Reference } from './catalogue/types.ts';
import { isIsoDate } from './dates.ts';
import { bilingual } from './validation.ts';

const isoDate = z
  .string()
  .refine(isIsoDate, bilingual('须为有效的日历日期（YYYY-MM-DD）', 'must be a calendar date YYYY-MM-DD'));
const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

function oneOf(list: { code: string }[]) {
  const codes = list.map((x) => x.code) as [string, ...string[]];
  return z.enum(codes);
}

export function calcInputSchema(ref: Reference) {
  const city = oneOf(ref.cities);
  const kind = oneOf(ref.orgKinds);
  const sector = oneOf(ref.sectors);
  const figures = z
    .object(Object.fromEntries(ref.figures.map((f) => [f.code, fen.optional().describe(`${f.zh} (fen)`)])))
    .strict();

  const qualification = z
    .object({ code: oneOf(ref.qualifications), from: isoDate, to: isoDate.nullable().optional() })
    .strict()
    .refine((q) => !q.to || q.to >= q.from, {
      ...bilingual('截止日期不得早于起始日期', 'to must not be before from'),
      path: ['to'],
    });

  const applicant = z
    .object({
      name: z.string().max(200).optional(),
      uscc: z.string().max(18).optional(),
      kind,
      city,
      /** The city that set up the collaborative innovation centre the applicant is, or sits in. */
      centreOriginCity: city.nullable().optional(),
      sectors: z.array(sector).default([]),
      qualifications: z.array(qualification).default([]),
      licences: z.array(oneOf(ref.licences)).default([]),
    })
    .strict();

  const matter = z
    .object({
      id: z.string().min(1).max(100).optional(),
      type: oneOf(ref.matterTypes),
      /** The matter's date (application or event); defaults to asOf. */
      date: isoDate.optional(),
      sector: sector.optional(),
      cities: z.array(city).default([]),
      partners: z.array(z.object({ kind, city, name: z.string().max(200).optional() }).strict()).default([]),
      /** The challenge lists (揭榜挂帅) the project is on; each measure pays only for its own list. */
      challengeLists: z.array(oneOf(ref.challengeLists)).default([]),
      inInnovationProductCatalogue: z.boolean().optional(),
      claims: z.array(oneOf(ref.claims)).default([]),
      leaseYears: z.number().int().positive().max(100).optional(),
      figures: figures.default({}),
    })
    .strict();

  const grant = z
    .object({
      measureId: z.string().min(1),
      amount: fen,
      date: isoDate,
      matterId: z.string().optional(),
    })
    .strict();

  return z
    .object({
      applicant,
      matters: z.array(matter).max(100).default([]),
      asOf: isoDate.optional(),
      history: z.array(grant).max(10_000).default([]),
      simulate: z
        .object({
          /** Treat a draft as adopted on this date, for its stated number of years: { "001": "2026-07-01" }. */
          adopt: z.record(z.string().regex(/^\d{3}$/), isoDate).default({}),
        })
        .strict()
        .default({ adopt: {} }),
    })
    .strict()
    .superRefine((input, ctx) => {
      // One project may be described under two kinds of matter (the same id, different types): that
      // is how 从优、就高、不重复 across kinds of matter knows it is one project. Not twice as one kind.
      const ids = new Set<string>();
      input.matters.forEach((m, i) => {
        if (m.id === undefined) return;
        const key = `${m.id}\u0000${m.type}`;
        if (ids.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['matters', i, 'id'],
            message: 'duplicate matter id for this matter type',
            params: {
              zh: '同一事项编号已用于同类事项（同一项目可以不同事项类型各出现一次）',
              en: 'this matter id is already used for a matter of this type (one project may appear once per matter type)',
            },
          });
        ids.add(key);
      });
    });
}

export type CalcInputSchema = ReturnType<typeof calcInputSchema>;
export type CalcInputRaw = z.input<CalcInputSchema>;
export type ParsedInput = z.output<CalcInputSchema>;
export type Applicant = ParsedInput['applicant'];
export type Matter = ParsedInput['matters'][number];
export type GrantRecord = ParsedInput['history'][number];
export type QualificationHolding = Applicant['qualifications'][number];

/** Input after defaults: every matter has an id and a date. */
export interface CalcInput {
  applicant: Applicant;
  matters: (Matter & { id: string; date: string })[];
  asOf: string;
  history: GrantRecord[];
  simulate: { adopt: Record<string, string> };
}
