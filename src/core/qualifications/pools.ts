/**
 * Cultivation pools (培育库, 种子选手): an officer names a target (the qualification the pool prepares
 * firms for) and an entry rule over the registry and the ledger, all conditions together:
 *   holdsAny    holds at least one of these kinds on the day (e.g. 科技型中小企业)
 *   holdsNone   holds none of these (e.g. not yet 高新技术企业)
 *   cities, orgKinds, sectors   registry fields (any of the listed)
 *   metrics     figures against values the officer chooses (e.g. 近三年研发占比 ≥ 3%)
 *   maxUnmet    at most N of the target's known criteria unmet
 *   expiringWithinDays   holds the target now and it runs out within N days (a renewal pool)
 * This file is the rule's schema, its wording, and the reference evaluator for one firm; the same
 * rule runs as SQL over the whole registry (src/storage/repositories/qualifications.ts), and the
 * differential test holds the two to the same answers.
 */
import { z } from 'zod';
import { addDays, type IsoDate } from '../dates.ts';
import type { Text } from '../text.ts';
import { type CriterionDistance, closeness } from './criteria.ts';
import {
  compareMetric,
  formatMetric,
  METRIC_CODES,
  METRICS,
  type MetricCode,
  type Metrics,
} from './metrics.ts';
import type { Op } from './types.ts';

const code = z
  .string()
  .regex(/^[a-z0-9_]+$/)
  .max(60);

export const poolRuleSchema = z
  .object({
    holdsAny: z.array(code).max(20).optional(),
    holdsNone: z.array(code).max(20).optional(),
    cities: z.array(code).max(50).optional(),
    orgKinds: z.array(code).max(20).optional(),
    sectors: z.array(code).max(30).optional(),
    metrics: z
      .array(
        z
          .object({
            metric: z.enum(METRIC_CODES),
            op: z.enum(['gte', 'gt', 'lte', 'lt']),
            value: z
              .number()
              .int()
              .min(-100_000_000)
              .max(Number.MAX_SAFE_INTEGER)
              .describe("in the metric's unit: fen, basis points, count, years"),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    maxUnmet: z.number().int().min(0).max(20).optional(),
    expiringWithinDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export type PoolRule = z.output<typeof poolRuleSchema>;

/** What the rule reads about one firm on the day. */
export interface PoolFacts {
  kind: string;
  city: string;
  sectors: readonly string[];
  /** Kinds held on the day, with the last day of the holding that runs longest (null: open-ended). */
  held: ReadonlyMap<string, IsoDate | null>;
  metrics: Metrics;
  /** Distance to the pool's target (for maxUnmet). */
  distance: readonly CriterionDistance[];
}

function holds(op: Op, cmp: -1 | 0 | 1): boolean {
  return op === 'gte' ? cmp >= 0 : op === 'gt' ? cmp > 0 : op === 'lte' ? cmp <= 0 : cmp < 0;
}

/** The reference evaluator: does this firm belong to the pool on `date`? */
export function matchesPoolRule(rule: PoolRule, target: string, facts: PoolFacts, date: IsoDate): boolean {
  if (rule.holdsAny && !rule.holdsAny.some((k) => facts.held.has(k))) return false;
  if (rule.holdsNone?.some((k) => facts.held.has(k))) return false;
  if (rule.cities && !rule.cities.includes(facts.city)) return false;
  if (rule.orgKinds && !rule.orgKinds.includes(facts.kind)) return false;
  if (rule.sectors && !rule.sectors.some((s) => facts.sectors.includes(s))) return false;
  for (const m of rule.metrics ?? []) {
    const v = facts.metrics[m.metric];
    if (!v || !holds(m.op, compareMetric(v, m.value))) return false;
  }
  if (rule.maxUnmet !== undefined && closeness(facts.distance)[0] > rule.maxUnmet) return false;
  if (rule.expiringWithinDays !== undefined) {
    if (!facts.held.has(target)) return false;
    const last = facts.held.get(target) ?? null;
    if (last === null || last > addDays(date, rule.expiringWithinDays)) return false;
  }
  return true;
}

const OP_ZH: Record<Op, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<' };

/** The rule in words, for the pool list and its export. */
export function describePoolRule(
  rule: PoolRule,
  labelOf: (domain: 'qualification' | 'city' | 'orgKind' | 'sector', code: string) => Text,
): Text {
  const zh: string[] = [];
  const en: string[] = [];
  const names = (d: Parameters<typeof labelOf>[0], codes: readonly string[]) => ({
    zh: codes.map((c) => labelOf(d, c).zh).join('、'),
    en: codes.map((c) => labelOf(d, c).en).join(', '),
  });
  if (rule.holdsAny) {
    const n = names('qualification', rule.holdsAny);
    zh.push(`持有${n.zh}${rule.holdsAny.length > 1 ? '之一' : ''}`);
    en.push(`holds ${rule.holdsAny.length > 1 ? 'one of ' : ''}${n.en}`);
  }
  if (rule.holdsNone) {
    const n = names('qualification', rule.holdsNone);
    zh.push(`尚非${n.zh}`);
    en.push(`not yet ${n.en}`);
  }
  for (const [d, list, zhWord, enWord] of [
    ['city', rule.cities, '位于', 'in'],
    ['orgKind', rule.orgKinds, '类型为', 'of kind'],
    ['sector', rule.sectors, '领域为', 'in sector'],
  ] as const) {
    if (!list) continue;
    const n = names(d, list);
    zh.push(`${zhWord}${n.zh}`);
    en.push(`${enWord} ${n.en}`);
  }
  for (const m of rule.metrics ?? []) {
    const def = METRICS[m.metric];
    const v = formatMetric(def.unit, m.value);
    zh.push(`${def.label.zh} ${OP_ZH[m.op]} ${v.zh}`);
    en.push(`${def.label.en} ${OP_ZH[m.op]} ${v.en}`);
  }
  if (rule.maxUnmet !== undefined) {
    zh.push(`距目标资质未达标条件不超过 ${rule.maxUnmet} 项`);
    en.push(`at most ${rule.maxUnmet} of the target's criteria unmet`);
  }
  if (rule.expiringWithinDays !== undefined) {
    zh.push(`目标资质将在 ${rule.expiringWithinDays} 天内到期`);
    en.push(`the target expires within ${rule.expiringWithinDays} days`);
  }
  return { zh: zh.join('；') || '全部单位', en: en.join('; ') || 'every organisation' };
}

/** Metrics a rule reads (the SQL reads only these figures). */
export function ruleMetrics(rule: PoolRule): MetricCode[] {
  return [...new Set((rule.metrics ?? []).map((m) => m.metric))];
}

/** A rule's metric that has no data source can never hold: say so when the pool is saved. */
export function unavailableMetrics(rule: PoolRule): MetricCode[] {
  return ruleMetrics(rule).filter((m) => !METRICS[m].available);
}
