/**
 * policies/qualifications.yaml → the qualification policy. The shape is checked by zod; then every
 * reference is resolved (kind codes against reference.yaml, sources, levels, grades, ladder steps) and
 * every number is converted (万元 → fen, % → basis points). A threshold without a source, article and
 * quote cannot be written in this file's grammar: it is a schema error naming the criterion. The
 * verbatim checks (quotes in their source texts, figures in their quotes) are `checkQualificationPolicy`.
 */
import { z } from 'zod';
import { CatalogueError, type CatalogueIssue } from '../errors.ts';
import { percentToBasisPoints, wanToFen } from '../money.ts';
import type { Text } from '../text.ts';
import { METRIC_CODES, METRICS, type MetricCode } from './metrics.ts';
import {
  type Band,
  type Citation,
  type Criterion,
  type CriterionRule,
  type Kind,
  type Ladder,
  LEVELS,
  type Level,
  type QualificationPolicy,
  type RuleSource,
  type Step,
  type Validity,
} from './types.ts';

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const level = z.enum(LEVELS as [Level, ...Level[]]);
const metric = z.enum(METRIC_CODES);
const op = z.enum(['gte', 'gt', 'lte', 'lt']);
const parameter = z.object({ setBy: text }).strict();
const cited = { source: z.string().min(1), article: z.string().min(1).optional(), quote: z.string().min(1) };
const citation = z.object(cited).strict();

/** A printed threshold: exactly one of value (count, years), wan (money) or percent (ratio). */
const threshold = z
  .object({
    value: z.number().nonnegative().optional(),
    wan: z.number().nonnegative().optional(),
    percent: z.number().min(0).max(100).optional(),
    printed: z.string().min(1),
  })
  .strict()
  .refine((t) => [t.value, t.wan, t.percent].filter((x) => x !== undefined).length === 1, {
    message: 'a threshold gives exactly one of value, wan or percent',
  });

const band = z
  .object({
    upToWan: z.number().positive().optional(),
    boundPrinted: z.string().min(1).optional(),
    percent: z.number().min(0).max(100),
    printed: z.string().min(1),
    quote: z.string().min(1),
  })
  .strict();

const criterionBase = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  zh: z.string().min(1),
  en: z.string().min(1),
};

/**
 * The four shapes of a criterion, told apart by their key (threshold, bands, parameter, judgement). A
 * number (threshold, bands) always comes with `source` and `quote`: the grammar has no place for an
 * unsourced one.
 */
const criterionShapes = {
  threshold: z.object({ ...criterionBase, metric, op, threshold, ...cited }).strict(),
  bands: z
    .object({
      ...criterionBase,
      metric,
      op,
      bands: z.object({ by: metric, steps: z.array(band).min(1) }).strict(),
      ...cited,
    })
    .strict(),
  parameter: z.object({ ...criterionBase, metric, op, parameter }).strict(),
  judgement: z
    .object({
      ...criterionBase,
      judgement: z.literal(true),
      source: z.string().min(1).optional(),
      article: z.string().min(1).optional(),
      quote: z.string().min(1).optional(),
      local: text.optional(),
    })
    .strict(),
};
const SHAPES = Object.keys(criterionShapes) as (keyof typeof criterionShapes)[];
const criterion = z.record(z.string(), z.unknown()).transform((c, ctx) => {
  const shape = SHAPES.find((k) => k in c);
  if (!shape) {
    ctx.addIssue({ code: 'custom', message: `a criterion is one of: ${SHAPES.join(', ')}` });
    return z.NEVER;
  }
  const r = criterionShapes[shape].safeParse(c);
  if (!r.success) {
    for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    return z.NEVER;
  }
  return r.data as z.output<(typeof criterionShapes)[typeof shape]>;
});

const validity = z.union([
  z.object({ years: z.number().int().positive(), printed: z.string().min(1), ...cited }).strict(),
  z.object({ parameter, note: text.optional() }).strict(),
]);

const stepSchema = z.union([
  z.string(),
  z.object({ kind: z.string(), grade: z.string().optional(), level: level.optional() }).strict(),
]);

export const qualificationFileSchema = z
  .object({
    sources: z.record(
      z.string(),
      z
        .object({
          title: text,
          number: z.string().nullable(),
          issuer: z.array(z.string()).min(1),
          file: z.string().regex(/^sources\/[A-Za-z0-9_./-]+\.txt$/),
        })
        .strict(),
    ),
    levels: z.array(z.object({ code: level, zh: z.string(), en: z.string() }).strict()),
    kinds: z.array(
      z
        .object({
          code: z.string().regex(/^[a-z][a-z0-9_]*$/),
          zh: z.string().min(1),
          en: z.string().min(1),
          levels: z.array(level).min(1),
          levelNames: z.partialRecord(level, text).optional(),
          grades: z
            .array(
              z
                .object({
                  code: z.string(),
                  zh: z.string(),
                  en: z.string(),
                  aliases: z.array(z.string()).optional(),
                })
                .strict(),
            )
            .optional(),
          issuer: text.optional(),
          why: citation.optional(),
          validity,
          revocation: citation.optional(),
          criteria: z.array(criterion),
        })
        .strict(),
    ),
    ladders: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z][a-z0-9_]*$/),
          zh: z.string(),
          en: z.string(),
          exclusive: z.boolean(),
          steps: z.array(stepSchema).min(2),
          ...cited,
        })
        .strict(),
    ),
    reminders: z.object({ days: z.array(z.number().int().positive().max(3650)).min(1) }).strict(),
  })
  .strict();

type FileData = z.output<typeof qualificationFileSchema>;

const toCitation = (c: { source: string; article?: string | undefined; quote: string }): Citation => ({
  source: c.source,
  article: c.article,
  quote: c.quote,
});

function thresholdValue(metricCode: MetricCode, t: z.output<typeof threshold>): number | string {
  const unit = METRICS[metricCode].unit;
  if (t.wan !== undefined) return unit === 'fen' ? wanToFen(t.wan) : `wan given for a ${unit} metric`;
  if (t.percent !== undefined)
    return unit === 'bp' ? percentToBasisPoints(t.percent) : `percent given for a ${unit} metric`;
  return unit === 'fen' || unit === 'bp' ? `a plain value given for a ${unit} metric` : t.value!;
}

export interface ReferenceCodes {
  /** reference.yaml `qualifications` (the engine's codes) with their labels. */
  qualifications: { code: string; zh: string; en: string }[];
}

/** Builds the policy or throws a CatalogueError listing every problem (file, path, rule). */
export function buildQualificationPolicy(
  file: string,
  data: unknown,
  version: string,
  ref: ReferenceCodes,
): QualificationPolicy {
  const unsourced = unsourcedNumbers(file, data);
  if (unsourced.length > 0) throw new CatalogueError(unsourced);
  const parsed = qualificationFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogueError(
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.') || '(root)', rule: i.message })),
    );
  }
  const d: FileData = parsed.data;
  const issues: CatalogueIssue[] = [];
  const fail = (path: string, rule: string) => issues.push({ file, path, rule });

  const sources = new Map<string, RuleSource>(
    Object.entries(d.sources).map(([id, s]) => [
      id,
      { id, title: s.title, number: s.number, issuer: s.issuer, file: s.file },
    ]),
  );
  const checkSource = (path: string, id: string | undefined) => {
    if (id !== undefined && !sources.has(id)) fail(path, `unknown source "${id}"`);
  };

  const refCodes = new Set(ref.qualifications.map((q) => q.code));
  const kinds: Kind[] = [];
  d.kinds.forEach((k, ki) => {
    const at = `kinds.${ki}(${k.code})`;
    if (!refCodes.has(k.code)) fail(`${at}.code`, 'not a qualification code of reference.yaml');
    if (kinds.some((x) => x.code === k.code)) fail(`${at}.code`, 'duplicate kind');
    checkSource(`${at}.why.source`, k.why?.source);
    checkSource(`${at}.revocation.source`, k.revocation?.source);
    let v: Validity;
    if ('years' in k.validity) {
      checkSource(`${at}.validity.source`, k.validity.source);
      v = {
        kind: 'years',
        years: k.validity.years,
        citation: toCitation(k.validity),
        printed: k.validity.printed,
      };
    } else {
      v = { kind: 'parameter', parameter: k.validity.parameter, note: k.validity.note ?? null };
    }
    const criteria: Criterion[] = [];
    k.criteria.forEach((c, ci) => {
      const cat = `${at}.criteria.${ci}(${c.id})`;
      if (criteria.some((x) => x.id === c.id)) fail(`${cat}.id`, 'duplicate criterion');
      let rule: CriterionRule;
      if ('threshold' in c) {
        checkSource(`${cat}.source`, c.source);
        const value = thresholdValue(c.metric, c.threshold);
        if (typeof value === 'string') fail(`${cat}.threshold`, value);
        rule = {
          kind: 'threshold',
          metric: c.metric,
          op: c.op,
          threshold: { value: typeof value === 'number' ? value : 0, printed: c.threshold.printed },
          citation: toCitation(c),
        };
      } else if ('bands' in c) {
        checkSource(`${cat}.source`, c.source);
        if (METRICS[c.metric].unit !== 'bp') fail(`${cat}.metric`, 'bands give percentages: a ratio metric');
        if (METRICS[c.bands.by].unit !== 'fen') fail(`${cat}.bands.by`, 'bands are by an amount');
        const bands: Band[] = c.bands.steps.map((b, bi) => {
          const last = bi === c.bands.steps.length - 1;
          if (last !== (b.upToWan === undefined))
            fail(`${cat}.bands.steps.${bi}`, 'every band but the last has upToWan; the last has none');
          if (b.upToWan !== undefined && !b.boundPrinted)
            fail(`${cat}.bands.steps.${bi}.boundPrinted`, 'a band bound needs the figure as printed');
          return {
            upTo: b.upToWan === undefined ? null : wanToFen(b.upToWan),
            boundPrinted: b.boundPrinted ?? null,
            value: percentToBasisPoints(b.percent),
            printed: b.printed,
            quote: b.quote,
          };
        });
        rule = { kind: 'banded', metric: c.metric, op: c.op, by: c.bands.by, bands, citation: toCitation(c) };
      } else if ('parameter' in c) {
        rule = { kind: 'parameter', metric: c.metric, op: c.op, parameter: c.parameter };
      } else {
        checkSource(`${cat}.source`, c.source);
        if (!c.quote && !c.local)
          fail(cat, 'a judgement criterion quotes its source or states its local basis');
        if ((c.source === undefined) !== (c.quote === undefined)) fail(cat, 'source and quote go together');
        rule = {
          kind: 'judgement',
          citation: c.source && c.quote ? { source: c.source, article: c.article, quote: c.quote } : null,
          local: c.local ?? null,
        };
      }
      criteria.push({ id: c.id, label: { zh: c.zh, en: c.en }, rule });
    });
    const grades = (k.grades ?? []).map((g) => ({
      code: g.code,
      label: { zh: g.zh, en: g.en },
      aliases: g.aliases ?? [],
    }));
    kinds.push({
      code: k.code,
      label: { zh: k.zh, en: k.en },
      levels: k.levels,
      levelNames: k.levelNames ?? {},
      grades,
      issuer: k.issuer ?? null,
      why: k.why ? toCitation(k.why) : null,
      validity: v,
      revocation: k.revocation ? toCitation(k.revocation) : null,
      criteria,
    });
  });
  for (const code of refCodes)
    if (!kinds.some((k) => k.code === code))
      fail('kinds', `reference.yaml qualification "${code}" has no kind here`);
  const byCode = new Map(kinds.map((k) => [k.code, k]));

  const ladders: Ladder[] = d.ladders.map((l, li) => {
    const at = `ladders.${li}(${l.id})`;
    checkSource(`${at}.source`, l.source);
    const steps: Step[] = l.steps.map((s, si) => {
      const raw = typeof s === 'string' ? { kind: s } : s;
      const kind = byCode.get(raw.kind);
      if (!kind) fail(`${at}.steps.${si}`, `unknown kind "${raw.kind}"`);
      const grade = 'grade' in raw && raw.grade !== undefined ? raw.grade : null;
      const lvl = 'level' in raw && raw.level !== undefined ? raw.level : null;
      if (grade && kind && !kind.grades.some((g) => g.code === grade))
        fail(`${at}.steps.${si}`, `kind "${raw.kind}" has no grade "${grade}"`);
      if (lvl && kind && !kind.levels.includes(lvl))
        fail(`${at}.steps.${si}`, `kind "${raw.kind}" has no level "${lvl}"`);
      const label: Text = (grade && kind?.grades.find((g) => g.code === grade)?.label) ||
        (lvl && kind?.levelNames[lvl]) ||
        kind?.label || { zh: raw.kind, en: raw.kind };
      return { kind: raw.kind, grade, level: lvl, key: stepKey(raw.kind, grade, lvl), label };
    });
    if (new Set(steps.map((s) => s.key)).size !== steps.length) fail(`${at}.steps`, 'a step appears twice');
    return {
      id: l.id,
      label: { zh: l.zh, en: l.en },
      exclusive: l.exclusive,
      steps,
      citation: toCitation(l),
    };
  });
  if (new Set(ladders.map((l) => l.id)).size !== ladders.length) fail('ladders', 'duplicate ladder id');

  if (issues.length > 0) throw new CatalogueError(issues);
  return {
    version,
    sources,
    levels: d.levels.map((x) => ({ code: x.code, label: { zh: x.zh, en: x.en } })),
    kinds,
    byCode,
    ladders,
    reminderDays: [...new Set(d.reminders.days)].sort((a, b) => b - a),
  };
}

/**
 * Numbers without their source, found before the schema so the message says exactly that (a union
 * mismatch would only say “invalid input”): a threshold, bands or a validity length each need
 * `source` and `quote` — or the criterion is a parameter an officer sets.
 */
export function unsourcedNumbers(file: string, data: unknown): CatalogueIssue[] {
  const out: CatalogueIssue[] = [];
  const kinds = (data as { kinds?: unknown } | null)?.kinds;
  if (!Array.isArray(kinds)) return out;
  const has = (o: Record<string, unknown>, k: string) =>
    typeof o[k] === 'string' && (o[k] as string).length > 0;
  kinds.forEach((k: unknown, ki) => {
    if (typeof k !== 'object' || k === null) return;
    const kind = k as Record<string, unknown>;
    const at = `kinds.${ki}(${String(kind.code)})`;
    const validity = kind.validity as Record<string, unknown> | undefined;
    if (validity && 'years' in validity && !(has(validity, 'source') && has(validity, 'quote')))
      out.push({
        file,
        path: `${at}.validity`,
        rule: 'unsourced number: a validity length needs source and quote (or make it a parameter)',
      });
    const criteria = Array.isArray(kind.criteria) ? kind.criteria : [];
    criteria.forEach((c: unknown, ci) => {
      if (typeof c !== 'object' || c === null) return;
      const cr = c as Record<string, unknown>;
      if (('threshold' in cr || 'bands' in cr) && !(has(cr, 'source') && has(cr, 'quote')))
        out.push({
          file,
          path: `${at}.criteria.${ci}(${String(cr.id)})`,
          rule: 'unsourced threshold: a number needs source, article and quote from a public rule — or make it a parameter an officer sets (待…设定)',
        });
    });
  });
  return out;
}

export function stepKey(kind: string, grade: string | null, level: Level | null): string {
  return `${kind}${grade ? `:${grade}` : ''}${level ? `@${level}` : ''}`;
}
