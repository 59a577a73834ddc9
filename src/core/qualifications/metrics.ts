/**
 * What criteria and pool rules can measure, and how each is computed from the registry's yearly
 * figures (organisation_figures: revenue, R&D expense, employees — money in fen). The reference year
 * is the last complete year before the date (“上年度”): a date in 2026 reads 2025's figures, and a
 * three-year ratio reads 2023–2025. A metric without a data source in the registry (科技人员占比, 资产总额,
 * 估值 …) is declared all the same, so a criterion on it shows “数据待补充” instead of a guess.
 */
import { yearOf } from '../dates.ts';
import {
  type AmountRatio,
  compareRatio,
  formatRate,
  formatWan,
  growthOf,
  ratioBasisPoints,
  ratioOf,
} from '../money.ts';
import type { Text } from '../text.ts';

export type MetricUnit = 'fen' | 'bp' | 'count' | 'years';

export const METRIC_CODES = [
  'revenue',
  'rdExpense',
  'rdRatio',
  'rdRatio3y',
  'employees',
  'revenueGrowth',
  'techStaffRatio',
  'highTechRevenueShare',
  'assets',
  'valuation',
  'yearsRegistered',
] as const;
export type MetricCode = (typeof METRIC_CODES)[number];

export interface MetricDef {
  code: MetricCode;
  label: Text;
  unit: MetricUnit;
  /** Computed from registry figures; false: no data source yet (shown as “数据待补充”). */
  available: boolean;
}

const m = (code: MetricCode, zh: string, en: string, unit: MetricUnit, available = true): MetricDef => ({
  code,
  label: { zh, en },
  unit,
  available,
});

export const METRICS: Readonly<Record<MetricCode, MetricDef>> = {
  revenue: m('revenue', '上年度营业收入', "last year's revenue", 'fen'),
  rdExpense: m('rdExpense', '上年度研发费用', "last year's R&D expense", 'fen'),
  rdRatio: m('rdRatio', '上年度研发费用占营业收入比例', "last year's R&D over revenue", 'bp'),
  rdRatio3y: m('rdRatio3y', '近三年研发费用占营业收入比例', 'R&D over revenue, last three years', 'bp'),
  employees: m('employees', '上年度从业人数', "last year's employees", 'count'),
  revenueGrowth: m('revenueGrowth', '上年度营业收入增长率', "last year's revenue growth", 'bp'),
  techStaffRatio: m('techStaffRatio', '科技人员占职工总数比例', 'S&T staff share', 'bp', false),
  highTechRevenueShare: m(
    'highTechRevenueShare',
    '高新技术产品（服务）收入占比',
    'high-tech products share of revenue',
    'bp',
    false,
  ),
  assets: m('assets', '资产总额', 'total assets', 'fen', false),
  valuation: m('valuation', '最近一轮估值', 'latest valuation', 'fen', false),
  yearsRegistered: m('yearsRegistered', '成立年限', 'years since registration', 'years', false),
};

/** One year of an organisation's figures (fen; null when not reported). */
export interface YearFigures {
  year: number;
  revenue: number | null;
  rdExpense: number | null;
  employees: number | null;
}

/** A measured value: a whole number in its unit, or an exact ratio for `bp` metrics. */
export type MetricValue = { kind: 'number'; value: number } | { kind: 'ratio'; ratio: AmountRatio };

export type Metrics = Partial<Record<MetricCode, MetricValue>>;

/** The year whose figures a date reads: the last complete one. */
export function referenceYear(date: string): number {
  return yearOf(date) - 1;
}

/** Metrics of one organisation for the reference year `year`, from its yearly figures. */
export function metricsOf(figures: readonly YearFigures[], year: number): Metrics {
  const byYear = new Map(figures.map((f) => [f.year, f]));
  const cur = byYear.get(year);
  const prev = byYear.get(year - 1);
  const out: Metrics = {};
  const num = (v: number | null | undefined): MetricValue | undefined =>
    v === null || v === undefined ? undefined : { kind: 'number', value: v };
  const ratio = (r: AmountRatio | null): MetricValue | undefined =>
    r ? { kind: 'ratio', ratio: r } : undefined;
  const set = (code: MetricCode, v: MetricValue | undefined) => {
    if (v) out[code] = v;
  };
  set('revenue', num(cur?.revenue));
  set('rdExpense', num(cur?.rdExpense));
  set('employees', num(cur?.employees));
  if (cur?.rdExpense != null && cur.revenue != null)
    set('rdRatio', ratio(ratioOf(cur.rdExpense, cur.revenue)));
  if (cur?.revenue != null && prev?.revenue != null)
    set('revenueGrowth', ratio(growthOf(prev.revenue, cur.revenue)));
  // 近三个会计年度 (实际经营期不满三年的按实际经营时间计算): the years of the three that report both figures.
  let rd = 0;
  let rev = 0;
  let years = 0;
  for (let y = year - 2; y <= year; y++) {
    const f = byYear.get(y);
    if (f?.rdExpense == null || f.revenue == null) continue;
    rd += f.rdExpense;
    rev += f.revenue;
    years += 1;
  }
  if (years > 0 && byYear.get(year)?.revenue != null) set('rdRatio3y', ratio(ratioOf(rd, rev)));
  return out;
}

/** −1/0/1 comparison of a measured value with a threshold in the metric's unit. */
export function compareMetric(v: MetricValue, threshold: number): -1 | 0 | 1 {
  if (v.kind === 'ratio') return compareRatio(v.ratio, threshold);
  return v.value < threshold ? -1 : v.value > threshold ? 1 : 0;
}

/** The value as a whole number in its unit (a ratio in basis points, rounded down): for sorting and JSON. */
export function metricNumber(v: MetricValue): number {
  return v.kind === 'ratio' ? ratioBasisPoints(v.ratio) : v.value;
}

/** A value in a unit as people read it: 万元, %, 人, 年. */
export function formatMetric(unit: MetricUnit, value: number): Text {
  switch (unit) {
    case 'fen':
      return { zh: formatWan(value), en: formatWan(value).replace('万元', ' × 10k yuan') };
    case 'bp':
      return { zh: formatRate(value), en: formatRate(value) };
    case 'count':
      return { zh: `${value}人`, en: `${value}` };
    case 'years':
      return { zh: `${value}年`, en: `${value} years` };
  }
}
