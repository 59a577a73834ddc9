/**
 * Validation of registry data, built from the reference lists (policies/reference.yaml) so that a
 * new city or sector needs no code change. One schema for the JSON API (codes, camelCase, fen) and
 * one for import rows (spreadsheet text: codes or their zh/en labels, amounts in 元).
 */
import { z } from 'zod';
import type { Labelled, Reference } from '../../core/catalogue/types.ts';
import { isIsoDate } from '../../core/dates.ts';
import { GROUP_RELATIONS } from '../../core/groups.ts';
import { normaliseUscc, usccProblem } from '../../core/uscc.ts';
import { bilingual, isoDate as coreIsoDate, safeText } from '../../core/validation.ts';

/** Adds an issue that keeps its own rule name and zh/en wording through `fieldIssues`. */
function custom(ctx: z.RefinementCtx, rule: string, zh: string, en: string, path: (string | number)[] = []) {
  ctx.addIssue({ code: 'custom', path, ...bilingual(zh, en, rule) });
}

/**
 * Free text: trimmed, 1…max long, by the shared text rules (src/core/validation.ts: no NUL, no lone
 * surrogate, no control characters — line breaks in a name are always a paste error). Anything else
 * — quotes, semicolons, SQL keywords — is just text: every value reaches the database as a bound
 * parameter.
 */
export function plainText(max: number) {
  return safeText({ min: 1, max });
}

export const usccSchema = z
  .string()
  .max(40)
  .transform(normaliseUscc)
  .superRefine((code, ctx) => {
    const problem = usccProblem(code);
    if (problem) custom(ctx, problem.rule, problem.text.zh, problem.text.en);
  });

export const isoDate = coreIsoDate();

function codes(list: Labelled[]): [string, ...string[]] {
  return list.map((x) => x.code) as [string, ...string[]];
}

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export function qualificationSchema(ref: Reference) {
  return z
    .object({ code: z.enum(codes(ref.qualifications)), from: isoDate, to: isoDate.nullable().default(null) })
    .strict()
    .superRefine((q, ctx) => {
      if (q.to && q.to < q.from)
        custom(ctx, 'date_order', '截止日期不能早于起始日期', 'to must not be before from', ['to']);
    });
}

export function figuresSchema() {
  return z
    .object({
      year: z.number().int().min(1900).max(2200),
      revenue: fen.nullable().default(null).describe('annual revenue, fen'),
      rdExpense: fen.nullable().default(null).describe('R&D expense, fen'),
      employees: z.number().int().nonnegative().max(10_000_000).nullable().default(null),
    })
    .strict();
}

/** Cross-field rules shared by the API and the import. */
function organisationRules(
  o: { kind: string; centreOriginCity?: string | null; qualifications?: { code: string; from: string }[] },
  ctx: z.RefinementCtx,
  names: { centreOriginCity: string; qualifications: string },
) {
  // 000 applies to centres by their origin city: a centre without one cannot be assessed.
  if (o.kind === 'innovation_centre' && !o.centreOriginCity) {
    custom(
      ctx,
      'required_for_centre',
      '产业协同创新中心须填写设立城市',
      'a collaborative innovation centre needs its origin city',
      [names.centreOriginCity],
    );
  }
  const seen = new Set<string>();
  o.qualifications?.forEach((q, i) => {
    const key = `${q.code}@${q.from}`;
    if (seen.has(key))
      custom(
        ctx,
        'duplicate',
        '资质重复（同一代码与起始日期）',
        'duplicate qualification (same code and from date)',
        [names.qualifications, i],
      );
    seen.add(key);
  });
}

/** The JSON body of POST/PUT /api/organisations. */
export function organisationInputSchema(ref: Reference) {
  const city = z.enum(codes(ref.cities));
  return z
    .object({
      uscc: usccSchema.describe('统一社会信用代码 (GB 32100-2015, check character verified)'),
      name: plainText(200),
      kind: z.enum(codes(ref.orgKinds)),
      city,
      district: plainText(50).nullable().default(null),
      centreOriginCity: city
        .nullable()
        .default(null)
        .describe('for a collaborative innovation centre: the city that set it up'),
      sectors: z
        .array(z.enum(codes(ref.sectors)))
        .max(20)
        .default([]),
      licences: z
        .array(z.enum(codes(ref.licences)))
        .max(20)
        .default([]),
      qualifications: z
        .array(qualificationSchema(ref))
        .max(100)
        .optional()
        .describe('replaces the stored set when given'),
      figures: z.array(figuresSchema()).max(100).optional().describe('upserts these years; other years stay'),
      groupLinks: z
        .array(z.object({ relation: z.enum(GROUP_RELATIONS), uscc: usccSchema }).strict())
        .max(50)
        .optional()
        .describe(
          'parent (母公司/控股股东) and shareholder (股东) USCCs: the group of organisations; replaces the stored set when given',
        ),
    })
    .strict()
    .superRefine((o, ctx) => {
      o.groupLinks?.forEach((l, i) => {
        if (l.uscc === o.uscc)
          custom(ctx, 'self_link', '不能以本单位为上级单位或股东', 'an organisation cannot link to itself', [
            'groupLinks',
            i,
            'uscc',
          ]);
      });
      organisationRules(o, ctx, { centreOriginCity: 'centreOriginCity', qualifications: 'qualifications' });
      const years = new Set<number>();
      o.figures?.forEach((f, i) => {
        if (years.has(f.year)) custom(ctx, 'duplicate', '年度重复', 'duplicate year', ['figures', i, 'year']);
        years.add(f.year);
      });
    });
}

export type OrganisationInput = z.output<ReturnType<typeof organisationInputSchema>>;

// ——— Import rows ————————————————————————————————————————————————————————————————

/** Import columns and the header spellings accepted for each (English code, Chinese label). */
export const IMPORT_COLUMNS = {
  uscc: ['uscc', '统一社会信用代码', '信用代码'],
  name: ['name', '名称', '单位名称', '企业名称'],
  kind: ['kind', '类型', '单位类型', '主体类型'],
  city: ['city', '城市', '所在城市'],
  district: ['district', '区县', '所在区县'],
  centre_origin_city: ['centre_origin_city', 'centreorigincity', '设立城市', '中心设立城市'],
  sectors: ['sectors', '产业领域', '行业'],
  licences: ['licences', 'licenses', '许可', '经营许可'],
  qualifications: ['qualifications', '资质'],
  year: ['year', '年度'],
  revenue_yuan: ['revenue_yuan', '营业收入(元)', '营业收入'],
  rd_expense_yuan: ['rd_expense_yuan', '研发投入(元)', '研发投入', '研发费用(元)'],
  employees: ['employees', '从业人数', '职工人数'],
  parent_uscc: [
    'parent_uscc',
    '上级单位统一社会信用代码',
    '母公司统一社会信用代码',
    '控股股东统一社会信用代码',
  ],
  shareholder_usccs: ['shareholder_usccs', '股东统一社会信用代码'],
} as const;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;
export const REQUIRED_COLUMNS: ImportColumn[] = ['uscc', 'name', 'kind', 'city'];

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC') // full-width （） → ()
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '');
}

const HEADER_TO_COLUMN = new Map<string, ImportColumn>(
  Object.entries(IMPORT_COLUMNS).flatMap(([column, names]) =>
    names.map((n) => [normaliseHeader(n), column as ImportColumn] as const),
  ),
);

export function columnForHeader(header: string): ImportColumn | undefined {
  return HEADER_TO_COLUMN.get(normaliseHeader(header));
}

/** A code, or its Chinese or English label, to the code (spreadsheets are typed by people). */
export function labelOrCode(list: Labelled[]) {
  const byText = new Map<string, string>();
  for (const item of list) {
    byText.set(item.code.toLowerCase(), item.code);
    byText.set(item.zh, item.code);
    byText.set(item.en.toLowerCase(), item.code);
  }
  return z
    .string()
    .trim()
    .transform((s) => byText.get(s) ?? byText.get(s.toLowerCase()) ?? s)
    .pipe(z.enum(codes(list)));
}

const LIST_SEPARATORS = /[;；,，、|]/;
function splitList(s: string): string[] {
  return s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter(Boolean);
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** 元 with up to two decimals, to integer fen by moving the decimal point in the text: no float ever. */
export function yuanTextToFen(text: string): number | null {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!m) return null;
  const fen = Number(`${m[1]}${(m[2] ?? '').padEnd(2, '0')}`);
  return Number.isSafeInteger(fen) ? fen : null;
}

export const yuan = z.string().transform((s, ctx) => {
  const fen = yuanTextToFen(s);
  if (fen === null) {
    custom(
      ctx,
      'yuan_amount',
      '金额应为非负数，单位元，最多两位小数',
      'amount must be a non-negative number of yuan with at most 2 decimals',
    );
    return z.NEVER;
  }
  return fen;
});

export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (!/^\d{1,12}$/.test(s)) {
        custom(ctx, 'integer', '应为整数', 'must be a whole number');
        return z.NEVER;
      }
      return Number(s);
    })
    .pipe(z.number().int().min(min).max(max));

/** "high_tech:2023-12-01:2026-11-30; tech_sme:2025-01-01" (the end date may be left out). */
function qualificationList(ref: Reference) {
  const code = labelOrCode(ref.qualifications);
  return z.string().transform((s, ctx) => {
    const out: { code: string; from: string; to: string | null }[] = [];
    for (const part of splitList(s)) {
      const [rawCode = '', from = '', to = ''] = part.split(/[:：]/).map((x) => x.trim());
      const c = code.safeParse(rawCode);
      if (!c.success) {
        custom(ctx, 'invalid_enum', `未知资质“${rawCode}”`, `unknown qualification "${rawCode}"`);
        continue;
      }
      if (!isIsoDate(from) || (to !== '' && !isIsoDate(to))) {
        custom(
          ctx,
          'qualification_format',
          `资质“${part}”格式应为 代码:起始日期[:截止日期]`,
          `qualification "${part}" must be code:from[:to] with dates YYYY-MM-DD`,
        );
        continue;
      }
      if (to !== '' && to < from) {
        custom(
          ctx,
          'date_order',
          `资质“${part}”截止日期早于起始日期`,
          `qualification "${part}" ends before it starts`,
        );
        continue;
      }
      out.push({ code: c.data, from, to: to || null });
    }
    return out;
  });
}

/** One import row (cells as text) → organisation data. Issue paths are column names. */
export function importRowSchema(ref: Reference) {
  const list = (items: Labelled[]) =>
    z
      .string()
      .transform(splitList)
      .pipe(z.array(labelOrCode(items)).max(20));
  const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
  return z
    .object({
      uscc: usccSchema,
      name: plainText(200),
      kind: labelOrCode(ref.orgKinds),
      city: labelOrCode(ref.cities),
      district: optional(plainText(50)),
      centre_origin_city: optional(labelOrCode(ref.cities)),
      sectors: optional(list(ref.sectors)),
      licences: optional(list(ref.licences)),
      qualifications: optional(qualificationList(ref)),
      year: optional(wholeNumber(1900, 2200)),
      revenue_yuan: optional(yuan),
      rd_expense_yuan: optional(yuan),
      employees: optional(wholeNumber(0, 10_000_000)),
      parent_uscc: optional(usccSchema),
      shareholder_usccs: optional(z.string().transform(splitList).pipe(z.array(usccSchema).max(50))),
    })
    .superRefine((row, ctx) => {
      if (row.parent_uscc === row.uscc || row.shareholder_usccs?.includes(row.uscc))
        custom(ctx, 'self_link', '不能以本单位为上级单位或股东', 'an organisation cannot link to itself', [
          row.parent_uscc === row.uscc ? 'parent_uscc' : 'shareholder_usccs',
        ]);
      organisationRules({ ...row, centreOriginCity: row.centre_origin_city }, ctx, {
        centreOriginCity: 'centre_origin_city',
        qualifications: 'qualifications',
      });
      const hasFigures =
        row.revenue_yuan !== undefined || row.rd_expense_yuan !== undefined || row.employees !== undefined;
      if (hasFigures && row.year === undefined) {
        custom(
          ctx,
          'required_with_figures',
          '填写营业收入、研发投入或从业人数时须填写年度',
          'year is required when revenue, R&D or employees are given',
          ['year'],
        );
      }
    });
}

export type ImportRow = z.output<ReturnType<typeof importRowSchema>>;
