/**
 * Distance to a qualification, criterion by criterion: for each of the kind's criteria, the value the
 * registry gives, the threshold (printed by a public rule, or set by an officer with the document it
 * comes from), whether it is met, and a sentence people read (“近三年研发费用占营业收入比例 3.1%，需 ≥ 5%”).
 * A threshold nobody has set yet is “待区科委设定”, a metric without data is “数据待补充”, and a
 * condition no figure can show is left to a reviewer — none of them is ever guessed.
 */
import { parseMoney, percentToBasisPoints } from '../money.ts';
import type { Text } from '../text.ts';
import { citationText } from './check.ts';
import {
  compareMetric,
  formatMetric,
  METRICS,
  type MetricCode,
  type Metrics,
  type MetricValue,
  metricNumber,
} from './metrics.ts';
import type { Criterion, Kind, Op, QualificationPolicy } from './types.ts';

/** A threshold an officer set for a parameter criterion, in the metric's unit, with its basis. */
export interface OfficerParameter {
  value: number;
  /** The document or decision it comes from (e.g. 松江区瞪羚企业认定办法第五条). */
  source: string;
  setBy: string;
  setAt: string;
}

/** Officer parameters by `${kind}.${criterion}`. */
export type ParameterValues = ReadonlyMap<string, OfficerParameter>;

export const parameterKey = (kind: string, criterion: string) => `${kind}.${criterion}`;

export type CriterionStatus = 'met' | 'unmet' | 'no_data' | 'pending' | 'judgement';

export const STATUS_LABELS: Readonly<Record<CriterionStatus, Text>> = {
  met: { zh: '已达到', en: 'met' },
  unmet: { zh: '未达到', en: 'not met' },
  no_data: { zh: '数据待补充', en: 'no data yet' },
  pending: { zh: '标准待设定', en: 'threshold not set yet' },
  judgement: { zh: '需审核认定', en: 'for a reviewer to judge' },
};

export interface CriterionDistance {
  criterion: string;
  label: Text;
  status: CriterionStatus;
  metric: MetricCode | null;
  unit: 'fen' | 'bp' | 'count' | 'years' | null;
  op: Op | null;
  /** The measured value in the unit (a ratio in basis points, rounded down); null without data. */
  actual: number | null;
  required: number | null;
  /** How far from the threshold, in the unit (positive = short of it); null unless unmet. */
  shortBy: number | null;
  /** Where the threshold comes from: the rule's citation or the officer's document. */
  basis: { kind: 'rule' | 'officer' | 'none'; text: string | null };
  text: Text;
}

const OP_SYMBOL: Record<Op, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<' };
const OP_ZH: Record<Op, string> = { gte: '不低于', gt: '高于', lte: '不超过', lt: '低于' };

function holds(op: Op, cmp: -1 | 0 | 1): boolean {
  switch (op) {
    case 'gte':
      return cmp >= 0;
    case 'gt':
      return cmp > 0;
    case 'lte':
      return cmp <= 0;
    case 'lt':
      return cmp < 0;
  }
}

/** An officer's value typed in people's units (万元, %, 人, 年) → the metric's unit; null if malformed. */
export function parameterFromInput(metric: MetricCode, value: string): number | null {
  const unit = METRICS[metric].unit;
  if (unit === 'fen') {
    const r = parseMoney(value, 'wan');
    return r.ok ? r.fen : null;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') return null;
  if (unit === 'bp') {
    try {
      return percentToBasisPoints(n);
    } catch {
      return null;
    }
  }
  return Number.isInteger(n) ? n : null;
}

/** The band a banded threshold applies to a measured value (the last band is open: upTo null). */
function bandOf<B extends { upTo: number | null }>(bands: readonly B[], by: MetricValue): B {
  const amount = metricNumber(by);
  return bands.find((b) => b.upTo === null || amount <= b.upTo)!;
}

/** The threshold a criterion applies to these metrics, or why there is none. */
export function thresholdOf(
  policy: QualificationPolicy,
  kind: Kind,
  c: Criterion,
  metrics: Metrics,
  params: ParameterValues,
):
  | { kind: 'value'; metric: MetricCode; op: Op; value: number; basis: CriterionDistance['basis'] }
  | { kind: 'pending'; metric: MetricCode; op: Op; setBy: Text }
  | { kind: 'no_band'; metric: MetricCode; op: Op; by: MetricCode }
  | { kind: 'judgement' } {
  const r = c.rule;
  switch (r.kind) {
    case 'threshold':
      return {
        kind: 'value',
        metric: r.metric,
        op: r.op,
        value: r.threshold.value,
        basis: { kind: 'rule', text: citationText(policy, r.citation) },
      };
    case 'banded': {
      const by = metrics[r.by];
      if (!by) return { kind: 'no_band', metric: r.metric, op: r.op, by: r.by };
      const band = bandOf(r.bands, by);
      return {
        kind: 'value',
        metric: r.metric,
        op: r.op,
        value: band.value,
        basis: { kind: 'rule', text: `${citationText(policy, r.citation)}：${band.quote}` },
      };
    }
    case 'parameter': {
      const set = params.get(parameterKey(kind.code, c.id));
      if (!set) return { kind: 'pending', metric: r.metric, op: r.op, setBy: r.parameter.setBy };
      return {
        kind: 'value',
        metric: r.metric,
        op: r.op,
        value: set.value,
        basis: { kind: 'officer', text: set.source },
      };
    }
    case 'judgement':
      return { kind: 'judgement' };
  }
}

/** One measured criterion's entry, as a literal in the field order of the JSON. */
function measuredEntry(
  c: Criterion,
  metric: MetricCode,
  unit: CriterionDistance['unit'],
  op: Op,
  actual: number | null,
  status: CriterionStatus,
  required: number | null,
  shortBy: number | null,
  basis: CriterionDistance['basis'],
  text: Text,
): CriterionDistance {
  return {
    criterion: c.id,
    label: c.label,
    metric,
    unit,
    op,
    actual,
    status,
    required,
    shortBy,
    basis,
    text,
  };
}

/**
 * The distance of one organisation's metrics to a kind, criterion by criterion. Each entry is one
 * object literal (no `{ ...base }` spreads): a pool computes this for every candidate, and V8 copies
 * spread objects far more slowly than it builds literals (≈40× here).
 */
export function distanceTo(
  policy: QualificationPolicy,
  kind: Kind,
  metrics: Metrics,
  params: ParameterValues,
): CriterionDistance[] {
  return kind.criteria.map((c): CriterionDistance => {
    const t = thresholdOf(policy, kind, c, metrics, params);
    if (t.kind === 'judgement') {
      const r = c.rule.kind === 'judgement' ? c.rule : null;
      const basis = r?.citation ? citationText(policy, r.citation) : (r?.local?.zh ?? null);
      return {
        criterion: c.id,
        label: c.label,
        status: 'judgement',
        metric: null,
        unit: null,
        op: null,
        actual: null,
        required: null,
        shortBy: null,
        basis: { kind: basis ? 'rule' : 'none', text: basis },
        text: { zh: `${c.label.zh}：需审核认定`, en: `${c.label.en}: for a reviewer to judge` },
      };
    }
    const def = METRICS[t.metric];
    const measured = metrics[t.metric];
    const actual = measured ? metricNumber(measured) : null;
    const has = actual === null ? null : formatMetric(def.unit, actual);
    const entry = (
      status: CriterionStatus,
      required: number | null,
      shortBy: number | null,
      basis: CriterionDistance['basis'],
      text: Text,
    ) => measuredEntry(c, t.metric, def.unit, t.op, actual, status, required, shortBy, basis, text);
    if (t.kind === 'pending') {
      return entry(
        'pending',
        null,
        null,
        { kind: 'none', text: null },
        {
          zh: `${c.label.zh}${has ? ` ${has.zh}` : ''}；标准待${t.setBy.zh}设定`,
          en: `${c.label.en}${has ? ` ${has.en}` : ''}; threshold to be set by ${t.setBy.en}`,
        },
      );
    }
    if (t.kind === 'no_band') {
      return entry(
        'no_data',
        null,
        null,
        { kind: 'none', text: null },
        {
          zh: `${c.label.zh}：标准按${METRICS[t.by].label.zh}分档，${METRICS[t.by].label.zh}数据待补充`,
          en: `${c.label.en}: the threshold depends on ${METRICS[t.by].label.en}, which has no data yet`,
        },
      );
    }
    const need = formatMetric(def.unit, t.value);
    if (!measured) {
      return entry('no_data', t.value, null, t.basis, {
        zh: `${c.label.zh}：数据待补充（需 ${OP_SYMBOL[t.op]} ${need.zh}）`,
        en: `${c.label.en}: no data yet (needs ${OP_SYMBOL[t.op]} ${need.en})`,
      });
    }
    const met = holds(t.op, compareMetric(measured, t.value));
    const shortBy = met ? null : Math.abs(t.value - actual!);
    return entry(
      met ? 'met' : 'unmet',
      t.value,
      shortBy,
      t.basis,
      met
        ? {
            zh: `${c.label.zh} ${has!.zh}，${OP_ZH[t.op]} ${need.zh}`,
            en: `${c.label.en} ${has!.en}, ${OP_SYMBOL[t.op]} ${need.en}`,
          }
        : {
            zh: `${c.label.zh} ${has!.zh}，需 ${OP_SYMBOL[t.op]} ${need.zh}`,
            en: `${c.label.en} ${has!.en}, needs ${OP_SYMBOL[t.op]} ${need.en}`,
          },
    );
  });
}

/** Unmet criteria (known ones), then the sum of relative shortfalls: a sort key, smaller is closer. */
export function closeness(distances: readonly CriterionDistance[]): [number, number] {
  let unmet = 0;
  let relative = 0;
  for (const d of distances) {
    if (d.status !== 'unmet') continue;
    unmet += 1;
    relative += d.required ? Math.min(1, (d.shortBy ?? 0) / Math.abs(d.required)) : 1;
  }
  return [unmet, relative];
}

/**
 * `closeness(distanceTo(…))` without building the distance: the same thresholds, comparisons and
 * shortfalls, no text. A pool ranks every candidate by this and builds the distance only for the
 * page it shows (the property test holds the two equal).
 */
export function closenessTo(kind: Kind, metrics: Metrics, params: ParameterValues): [number, number] {
  let unmet = 0;
  let relative = 0;
  for (const c of kind.criteria) {
    // thresholdOf without the basis sentence (the citation is text the ranking does not need).
    const r = c.rule;
    let metric: MetricCode;
    let value: number;
    if (r.kind === 'threshold') {
      metric = r.metric;
      value = r.threshold.value;
    } else if (r.kind === 'banded') {
      const by = metrics[r.by];
      if (!by) continue;
      metric = r.metric;
      value = bandOf(r.bands, by).value;
    } else if (r.kind === 'parameter') {
      const set = params.get(parameterKey(kind.code, c.id));
      if (!set) continue;
      metric = r.metric;
      value = set.value;
    } else continue;
    const measured = metrics[metric];
    if (!measured || holds(r.op, compareMetric(measured, value))) continue;
    unmet += 1;
    const shortBy = Math.abs(value - metricNumber(measured));
    relative += value ? Math.min(1, shortBy / Math.abs(value)) : 1;
  }
  return [unmet, relative];
}

/**
 * A criterion the ranking measures, as data a query can compile: the metric, the comparison, and the
 * threshold — one value, or bands chosen by another metric (the first band whose `upTo` the measured
 * value does not exceed; `upTo` null is the last, open band).
 */
export type ClosenessTerm =
  | { metric: MetricCode; op: Op; value: number }
  | { metric: MetricCode; op: Op; by: MetricCode; bands: { upTo: number | null; value: number }[] };

/**
 * The terms `closenessTo` sums, in the same order: judgement criteria and officer parameters nobody has
 * set yet drop out, as they do there. The pool query ranks a whole registry with these in SQL
 * (src/storage/repositories/qualifications/pools.ts), and a differential test over random figures and
 * thresholds holds its (unmet, relative) equal to `closenessTo`'s.
 */
export function closenessTerms(kind: Kind, params: ParameterValues): ClosenessTerm[] {
  const out: ClosenessTerm[] = [];
  for (const c of kind.criteria) {
    const r = c.rule;
    if (r.kind === 'threshold') out.push({ metric: r.metric, op: r.op, value: r.threshold.value });
    else if (r.kind === 'banded')
      out.push({
        metric: r.metric,
        op: r.op,
        by: r.by,
        bands: r.bands.map((b) => ({ upTo: b.upTo, value: b.value })),
      });
    else if (r.kind === 'parameter') {
      const set = params.get(parameterKey(kind.code, c.id));
      if (set) out.push({ metric: r.metric, op: r.op, value: set.value });
    }
  }
  return out;
}
