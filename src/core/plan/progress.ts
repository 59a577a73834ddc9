/**
 * Progress of one target of the plan against its observations, as of a date (passed in). Pure: plain
 * data in, plain data out. docs/plan.md states the method in words; in short, per kind:
 *
 * - level, stock, minimum ("达 / 有效期内…累计达 / 不少于、至少、超 X"): the required path runs in a
 *   straight line from the start point to X at the end of the target year. The start is the baseline
 *   when the text gives one, else the first observation (the baseline stays 待补录 — it is never
 *   filled in for the officer). R = d × (latest − start) / |required(latest) − start|, the ratio of the
 *   progress made to the progress the path asks for by then — Open SDG's ratio of observed to required
 *   growth, with growth measured along the straight path (the chart draws) rather than compounded — then
 *   Open SDG's thresholds (status.ts). Reaching X is "target achieved".
 * - band ("保持 X 左右"): within X ± tolerance, edges included; the text gives no width, so until the
 *   responsible department sets one the status is "not available" (the deviation is still shown).
 * - annual_flow ("每年 X"): each year's total (the year's value, else its quarters and months) against
 *   X, pro rata for a year in progress; the status is the latest year's; years that ended with no data
 *   are listed. All five years met is "target achieved".
 * - cumulative ("五年累计 … X"): the running sum of the plan years' flows against X × elapsed/5 (the
 *   sum starts at zero at the end of the year before the plan by definition).
 * - qualitative: the latest assessment an officer recorded (Open SDG's categories, judged by a person).
 *
 * Forecast to the target year from the observed trend: least squares over the points (the start point
 * and the observations; complete years' totals for a flow; a line from zero for a five-year sum).
 */
import type { IsoDate } from '../dates.ts';
import type { Text } from '../text.ts';
import {
  dueDate,
  hasEnded,
  monthsOf,
  type Period,
  parsePeriod,
  periodEnd,
  periodsOf,
  periodT,
} from './periods.ts';
import {
  type Assessment,
  type Signal,
  STATUS_LABELS,
  type Status,
  severityOf,
  signalOf,
  statusForRatio,
} from './status.ts';
import { clean, fitLine, fitThroughOrigin } from './trend.ts';
import type { Comparison, PlanTarget } from './types.ts';

export interface ObservationInput {
  /** `2027`, `2027-Q2`, `2027-05`, or a day for values derived on a date. */
  period: string;
  /** null for a qualitative assessment. */
  value: number | null;
  assessment?: Assessment | null;
}

export interface ProgressContext {
  asOf: IsoDate;
  /** First year of the plan (2026) and the target year (2030). */
  planFrom: number;
  targetYear: number;
  /** The band's tolerance in force (an officer's setting, else the file's); undefined: the file's. */
  tolerance?: number | null;
}

export interface ChartPoint {
  period: string;
  t: number;
  value: number;
  /** Flows: months of the year covered by the value (12 for a whole year). */
  months?: number;
}

export interface PathPoint {
  year: number;
  t: number;
  value: number;
  lower?: number;
  upper?: number;
}

export interface YearProgress {
  year: number;
  total: number | null;
  /** Months of the year the observations cover. */
  months: number;
  /** What the year asks for over those months. */
  required: number;
  ratio: number | null;
  /** A whole year: did it reach the target? null for a year not yet complete. */
  met: boolean | null;
  status: Status;
  ended: boolean;
}

export interface Forecast {
  year: number;
  t: number;
  value: number;
  /** null when the target cannot be judged (a band without a width). */
  meetsTarget: boolean | null;
  method: 'least_squares' | 'least_squares_from_zero';
  /** Points the trend was fitted on. */
  points: number;
}

export interface Progress {
  status: Status;
  signal: Signal;
  /** Higher is worse; null when nothing is known. */
  severity: number | null;
  /** Open SDG's R; null where it does not apply (band, qualitative) or cannot be computed. */
  ratio: number | null;
  achieved: boolean;
  latest: ChartPoint | null;
  start: (ChartPoint & { from: 'baseline' | 'first_observation' | 'definition' }) | null;
  /** What the path asks for at the latest point (a flow: the latest year's pro-rata quota). */
  required: number | null;
  /** The observed values as charted: levels; yearly totals of a flow; running sums of a five-year sum. */
  series: ChartPoint[];
  /** The required path at year ends (with the band's edges for 左右). */
  path: PathPoint[];
  forecast: Forecast | null;
  /** Flows and five-year sums: each plan year. */
  years: YearProgress[];
  /** Plan years that have ended without any value (flows and five-year sums). */
  missingYears: number[];
  /** Band: latest minus the centre. */
  deviation: number | null;
  reason: Text;
}

interface Parsed {
  p: Period;
  t: number;
  value: number | null;
  assessment: Assessment | null;
}

const KIND_RANK = { year: 0, quarter: 1, month: 2, day: 3 } as const;

function parse(observations: readonly ObservationInput[], asOf: IsoDate): Parsed[] {
  const out: Parsed[] = [];
  for (const o of observations) {
    const p = parsePeriod(o.period);
    if (!p || !hasEnded(p, asOf)) continue;
    out.push({ p, t: periodT(p), value: o.value, assessment: o.assessment ?? null });
  }
  return out.sort((a, b) => a.t - b.t || KIND_RANK[a.p.kind] - KIND_RANK[b.p.kind]);
}

export function meets(value: number, target: number, comparison: Comparison): boolean {
  const v = clean(value);
  switch (comparison) {
    case 'at_least':
      return v >= target;
    case 'more_than':
      return v > target;
    case 'at_most':
      return v <= target;
    case 'less_than':
      return v < target;
    case 'about':
      return v === target;
  }
}

function fmt(value: number, decimals: number): string {
  return String(Number(value.toFixed(Math.max(decimals, 2))));
}

/** A ratio as a percentage, cut (not rounded) to one decimal: 0.9467 is 94.6%, never "95%" beside "需加快". */
function pct(ratio: number): string {
  return `${Math.floor(clean(ratio * 1000)) / 10}%`;
}

function result(partial: Omit<Progress, 'signal' | 'severity'>): Progress {
  return { ...partial, signal: signalOf(partial.status), severity: severityOf(partial.status) };
}

const EMPTY = {
  ratio: null,
  achieved: false,
  latest: null,
  start: null,
  required: null,
  series: [] as ChartPoint[],
  path: [] as PathPoint[],
  forecast: null,
  years: [] as YearProgress[],
  missingYears: [] as number[],
  deviation: null,
};

/** A target whose data source (another capability) is not available yet: never a made-up number. */
export function unavailable(reason: Text): Progress {
  return result({ ...EMPTY, status: 'no_data_source', reason });
}

function baselineT(period: string): number {
  return Number(period.slice(-4));
}

/** Level-like points: one per time (a year's value wins over a month ending on the same day). */
function levelPoints(parsed: Parsed[], targetYear: number): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const o of parsed) {
    if (o.value === null || o.t > targetYear + 1e-9) continue;
    if (out.length > 0 && Math.abs(out[out.length - 1]!.t - o.t) < 1e-9) continue;
    out.push({ period: o.p.text, t: o.t, value: o.value });
  }
  return out;
}

/** The trend's value in the target year, judged by `judge` (null where it cannot be judged). */
function trendForecast(
  points: readonly { t: number; value: number }[],
  ctx: ProgressContext,
  judge: (value: number) => boolean | null,
): Forecast | null {
  const line = fitLine(points);
  if (!line) return null;
  const value = line.intercept + line.slope * ctx.targetYear;
  return {
    year: ctx.targetYear,
    t: ctx.targetYear,
    value: clean(value),
    meetsTarget: judge(value),
    method: 'least_squares',
    points: points.length,
  };
}

function assessLevel(target: PlanTarget, parsed: Parsed[], ctx: ProgressContext): Progress {
  const goal = target.target!;
  const decimals = target.unit?.decimals ?? 2;
  const d = target.direction === 'decrease' ? -1 : 1;
  const points = levelPoints(parsed, ctx.targetYear);
  const base = target.baseline;
  const start: Progress['start'] =
    base.status === 'given'
      ? { period: base.period, t: baselineT(base.period), value: base.value, from: 'baseline' }
      : points[0]
        ? { ...points[0], from: 'first_observation' }
        : null;
  const at = (t: number) =>
    start
      ? start.value + ((goal.value - start.value) * (t - start.t)) / (ctx.targetYear - start.t)
      : goal.value;
  const path: PathPoint[] = [];
  if (start) {
    path.push({ year: Math.floor(start.t), t: start.t, value: clean(start.value) });
    for (let y = Math.floor(start.t) + 1; y <= ctx.targetYear; y++)
      path.push({ year: y, t: y, value: clean(at(y)) });
  } else {
    path.push({ year: ctx.targetYear, t: ctx.targetYear, value: goal.value });
  }
  const latest = points[points.length - 1] ?? null;
  const trendPoints = start?.from === 'baseline' ? [start, ...points] : points;
  const forecast = trendForecast(trendPoints, ctx, (v) => meets(v, goal.value, goal.comparison));
  const common = { ...EMPTY, start, series: points, path, forecast, latest };
  const goalText = `${fmt(goal.value, decimals)}${target.unit?.zh ?? ''}`;
  if (!latest) {
    return result({
      ...common,
      status: 'not_available',
      reason: { zh: '暂无观测值', en: 'no value observed yet' },
    });
  }
  if (meets(latest.value, goal.value, goal.comparison)) {
    return result({
      ...common,
      status: 'target_achieved',
      achieved: true,
      required: clean(at(latest.t)),
      reason: {
        zh: `${latest.period} 为 ${fmt(latest.value, decimals)}，已达到目标 ${goalText}`,
        en: `${latest.period}: ${fmt(latest.value, decimals)}, the target ${fmt(goal.value, decimals)} is reached`,
      },
    });
  }
  if (!start || latest.t <= start.t) {
    return result({
      ...common,
      status: 'not_available',
      reason: {
        zh: '基线待补录，且只有一个观测时点：至少需要两个时点才能判断进度',
        en: 'baseline to be entered and a single observation: progress needs two points in time',
      },
    });
  }
  const required = at(latest.t);
  const requiredChange = required - start.value;
  const observedChange = latest.value - start.value;
  const ratio =
    Math.abs(requiredChange) < 1e-12
      ? d * observedChange >= 0
        ? 1
        : -1
      : clean((d * observedChange) / Math.abs(requiredChange));
  const status = statusForRatio(ratio);
  const from =
    start.from === 'baseline'
      ? {
          zh: `基线 ${start.period} 年 ${fmt(start.value, decimals)}`,
          en: `baseline ${start.period}: ${fmt(start.value, decimals)}`,
        }
      : {
          zh: `起点为首个观测值 ${start.period} 的 ${fmt(start.value, decimals)}（基线待补录）`,
          en: `starting from the first observation, ${start.period}: ${fmt(start.value, decimals)} (baseline to be entered)`,
        };
  return result({
    ...common,
    status,
    ratio,
    required: clean(required),
    reason: {
      zh: `${latest.period} 为 ${fmt(latest.value, decimals)}，按路径应达 ${fmt(required, decimals)}；实际进展为所需进展的 ${pct(ratio)}（${from.zh}，${ctx.targetYear} 年目标 ${goalText}）：${STATUS_LABELS[status].zh}`,
      en: `${latest.period}: ${fmt(latest.value, decimals)} against ${fmt(required, decimals)} on the path; progress is ${pct(ratio)} of what is required (${from.en}; ${ctx.targetYear} target ${fmt(goal.value, decimals)}): ${STATUS_LABELS[status].en}`,
    },
  });
}

function assessBand(target: PlanTarget, parsed: Parsed[], ctx: ProgressContext): Progress {
  const centre = target.target!.value;
  const decimals = target.unit?.decimals ?? 2;
  const tolerance = ctx.tolerance === undefined ? (target.band?.tolerance ?? null) : ctx.tolerance;
  const points = levelPoints(parsed, ctx.targetYear);
  const path: PathPoint[] = [];
  for (let y = ctx.planFrom - 1; y <= ctx.targetYear; y++)
    path.push(
      tolerance === null
        ? { year: y, t: y, value: centre }
        : {
            year: y,
            t: y,
            value: centre,
            lower: clean(centre - tolerance),
            upper: clean(centre + tolerance),
          },
    );
  const inBand = (v: number) => (tolerance === null ? null : Math.abs(clean(v - centre)) <= tolerance);
  const forecast = trendForecast(points, ctx, (v) => inBand(clean(v)));
  const latest = points[points.length - 1] ?? null;
  const common = { ...EMPTY, series: points, path, forecast, latest, required: centre };
  if (!latest) {
    return result({
      ...common,
      status: 'not_available',
      reason: { zh: '暂无观测值', en: 'no value observed yet' },
    });
  }
  const deviation = clean(latest.value - centre);
  const dev = `${deviation >= 0 ? '+' : ''}${fmt(deviation, decimals)}`;
  if (tolerance === null) {
    return result({
      ...common,
      deviation,
      status: 'not_available',
      reason: {
        zh: `${latest.period} 为 ${fmt(latest.value, decimals)}，偏离 ${centre}${target.unit?.zh ?? ''} ${dev}；规划未给出“左右”的区间宽度，待责任部门设定后判断`,
        en: `${latest.period}: ${fmt(latest.value, decimals)}, ${dev} from ${centre}; the plan gives no width for "about" (左右): judged once the responsible department sets one`,
      },
    });
  }
  const within = inBand(latest.value)!;
  return result({
    ...common,
    deviation,
    status: within ? 'in_band' : 'out_of_band',
    reason: {
      zh: `${latest.period} 为 ${fmt(latest.value, decimals)}，偏离中心 ${dev}，区间 ${fmt(centre - tolerance, decimals)}–${fmt(centre + tolerance, decimals)}${within ? '内' : '外'}`,
      en: `${latest.period}: ${fmt(latest.value, decimals)}, ${dev} from the centre, ${within ? 'inside' : 'outside'} ${fmt(centre - tolerance, decimals)}–${fmt(centre + tolerance, decimals)}`,
    },
  });
}

/** A year's flow: its own value, else its quarters, else its months (none counted twice). */
function yearTotal(
  parsed: Parsed[],
  year: number,
): { total: number; months: number; lastMonth: number } | null {
  const inYear = parsed.filter((o) => o.p.year === year && o.p.kind !== 'day' && o.value !== null);
  const whole = inYear.find((o) => o.p.kind === 'year');
  if (whole) return { total: whole.value!, months: 12, lastMonth: 12 };
  const covered = new Set<number>();
  let total = 0;
  for (const kind of ['quarter', 'month'] as const) {
    for (const o of inYear.filter((x) => x.p.kind === kind)) {
      const months = monthsOf(o.p);
      if (months.some((m) => covered.has(m))) continue;
      for (const m of months) covered.add(m);
      total += o.value!;
    }
  }
  if (covered.size === 0) return null;
  return { total: clean(total), months: covered.size, lastMonth: Math.max(...covered) };
}

function flowYears(parsed: Parsed[], target: PlanTarget, ctx: ProgressContext) {
  const goal = target.target!.value;
  const years: YearProgress[] = [];
  const points: ChartPoint[] = [];
  const missingYears: number[] = [];
  for (let y = ctx.planFrom; y <= ctx.targetYear; y++) {
    const ended = `${y}-12-31` <= ctx.asOf;
    const flow = yearTotal(parsed, y);
    if (!flow) {
      if (ended) missingYears.push(y);
      years.push({
        year: y,
        total: null,
        months: 0,
        required: goal,
        ratio: null,
        met: null,
        status: 'not_available',
        ended,
      });
      continue;
    }
    const required = clean((goal * flow.months) / 12);
    const ratio = clean(flow.total / required);
    years.push({
      year: y,
      total: flow.total,
      months: flow.months,
      required,
      ratio,
      met: flow.months === 12 ? meets(flow.total, goal, target.target!.comparison) : null,
      status: statusForRatio(ratio),
      ended,
    });
    points.push({
      period: String(y),
      t: y - 1 + flow.lastMonth / 12,
      value: flow.total,
      months: flow.months,
    });
  }
  return { years, points, missingYears };
}

function assessAnnualFlow(target: PlanTarget, parsed: Parsed[], ctx: ProgressContext): Progress {
  const goal = target.target!;
  const decimals = target.unit?.decimals ?? 0;
  const { years, points, missingYears } = flowYears(parsed, target, ctx);
  // Years before the plan are history: charted, and part of the trend, but not judged.
  const history: ChartPoint[] = [];
  const firstYear = parsed[0]?.p.year ?? ctx.planFrom;
  for (let y = firstYear; y < ctx.planFrom; y++) {
    const flow = yearTotal(parsed, y);
    if (flow)
      history.push({
        period: String(y),
        t: y - 1 + flow.lastMonth / 12,
        value: flow.total,
        months: flow.months,
      });
  }
  const series = [...history, ...points];
  const whole = series.filter((p) => p.months === 12).map((p) => ({ t: Math.round(p.t), value: p.value }));
  const forecast = trendForecast(whole, ctx, (v) => meets(v, goal.value, goal.comparison));
  const path: PathPoint[] = [];
  for (let y = ctx.planFrom; y <= ctx.targetYear; y++) path.push({ year: y, t: y, value: goal.value });
  const current = [...years].reverse().find((y) => y.total !== null);
  const latest = points[points.length - 1] ?? null;
  const common = { ...EMPTY, series, path, forecast, years, missingYears, latest };
  const missing =
    missingYears.length > 0
      ? { zh: `；${missingYears.join('、')} 年无数据`, en: `; no data for ${missingYears.join(', ')}` }
      : { zh: '', en: '' };
  if (!current) {
    return result({
      ...common,
      status: 'not_available',
      reason: { zh: `暂无观测值${missing.zh}`, en: `no value observed yet${missing.en}` },
    });
  }
  const allMet = years.every((y) => y.met === true);
  if (allMet) {
    return result({
      ...common,
      status: 'target_achieved',
      achieved: true,
      ratio: current.ratio,
      required: current.required,
      reason: {
        zh: `${ctx.planFrom}–${ctx.targetYear} 每年均达到目标`,
        en: 'every year of the plan reached the target',
      },
    });
  }
  const span =
    current.months === 12
      ? '全年'
      : `1–${Math.max(...monthsCovered(parsed, current.year))} 月（${current.months} 个月）`;
  const spanEn = current.months === 12 ? 'the whole year' : `${current.months} months`;
  return result({
    ...common,
    status: current.status,
    ratio: current.ratio,
    required: current.required,
    reason: {
      zh: `${current.year} 年${span}累计 ${fmt(current.total!, decimals)}，同期应达 ${fmt(current.required, decimals)}（每年 ${goal.value}），完成 ${pct(current.ratio!)}：${STATUS_LABELS[current.status].zh}${missing.zh}`,
      en: `${current.year}, ${spanEn}: ${fmt(current.total!, decimals)} against ${fmt(current.required, decimals)} due (${goal.value} a year), ${pct(current.ratio!)}: ${STATUS_LABELS[current.status].en}${missing.en}`,
    },
  });
}

function monthsCovered(parsed: Parsed[], year: number): number[] {
  const out = new Set<number>();
  for (const o of parsed)
    if (o.p.year === year && o.p.kind !== 'day') for (const m of monthsOf(o.p)) out.add(m);
  return [...out];
}

function assessCumulative(target: PlanTarget, parsed: Parsed[], ctx: ProgressContext): Progress {
  const goal = target.target!;
  const decimals = target.unit?.decimals ?? 0;
  const t0 = ctx.planFrom - 1;
  const span = ctx.targetYear - t0;
  const { years, points, missingYears } = flowYears(parsed, target, ctx);
  let running = 0;
  const series: ChartPoint[] = points.map((p) => {
    running = clean(running + p.value);
    return { period: p.period, t: p.t, value: running, months: p.months };
  });
  const start = { period: String(t0), t: t0, value: 0, from: 'definition' as const };
  const path: PathPoint[] = [];
  for (let y = t0; y <= ctx.targetYear; y++)
    path.push({ year: y, t: y, value: clean((goal.value * (y - t0)) / span) });
  const slope = fitThroughOrigin(series, t0);
  const forecast: Forecast | null =
    slope === null
      ? null
      : {
          year: ctx.targetYear,
          t: ctx.targetYear,
          value: clean(slope * span),
          meetsTarget: meets(slope * span, goal.value, goal.comparison),
          method: 'least_squares_from_zero',
          points: series.length,
        };
  const latest = series[series.length - 1] ?? null;
  const gaps = latest ? missingYears.filter((y) => y < Math.ceil(latest.t)) : missingYears;
  const common = { ...EMPTY, start, series, path, forecast, years, missingYears, latest };
  const missing =
    gaps.length > 0
      ? {
          zh: `；${gaps.join('、')} 年无数据，累计值可能偏低`,
          en: `; no data for ${gaps.join(', ')}, the sum may be low`,
        }
      : { zh: '', en: '' };
  if (!latest) {
    return result({
      ...common,
      status: 'not_available',
      reason: { zh: '暂无观测值', en: 'no value observed yet' },
    });
  }
  const required = clean((goal.value * (latest.t - t0)) / span);
  if (meets(latest.value, goal.value, goal.comparison)) {
    return result({
      ...common,
      status: 'target_achieved',
      achieved: true,
      required,
      reason: {
        zh: `累计 ${fmt(latest.value, decimals)}，已达到 ${goal.value}`,
        en: `${fmt(latest.value, decimals)} so far: ${goal.value} reached`,
      },
    });
  }
  const ratio = clean(latest.value / required);
  const status = statusForRatio(ratio);
  return result({
    ...common,
    status,
    ratio,
    required,
    reason: {
      zh: `${ctx.planFrom} 年以来累计 ${fmt(latest.value, decimals)}，按五年 ${goal.value} 的进度同期应达 ${fmt(required, decimals)}，完成 ${pct(ratio)}：${STATUS_LABELS[status].zh}${missing.zh}`,
      en: `${fmt(latest.value, decimals)} since ${ctx.planFrom} against ${fmt(required, decimals)} due on the way to ${goal.value} over five years, ${pct(ratio)}: ${STATUS_LABELS[status].en}${missing.en}`,
    },
  });
}

function assessQualitative(parsed: Parsed[]): Progress {
  const assessed = parsed.filter((o) => o.assessment !== null);
  const last = assessed[assessed.length - 1];
  if (!last) {
    return result({
      ...EMPTY,
      status: 'not_assessed',
      reason: { zh: '定性目标，尚无评估', en: 'qualitative target: not assessed yet' },
    });
  }
  const status = last.assessment!;
  return result({
    ...EMPTY,
    status,
    achieved: status === 'target_achieved',
    reason: {
      zh: `定性目标：${last.p.text} 评估为“${STATUS_LABELS[status].zh}”`,
      en: `qualitative target: assessed "${STATUS_LABELS[status].en}" for ${last.p.text}`,
    },
  });
}

/** The progress of one target on `ctx.asOf`, from its current observations (any order). */
export function assessTarget(
  target: PlanTarget,
  observations: readonly ObservationInput[],
  ctx: ProgressContext,
): Progress {
  const parsed = parse(observations, ctx.asOf);
  switch (target.kind) {
    case 'level':
    case 'stock':
    case 'minimum':
      return assessLevel(target, parsed, ctx);
    case 'band':
      return assessBand(target, parsed, ctx);
    case 'annual_flow':
      return assessAnnualFlow(target, parsed, ctx);
    case 'cumulative':
      return assessCumulative(target, parsed, ctx);
    case 'qualitative':
      return assessQualitative(parsed);
  }
}

/**
 * The periods whose values are due by `asOf` (due day strictly before it) and not there. A flow's
 * period is there when every month of it is covered (by a year, quarters or months); a level's when
 * a value is read at the same end date; a qualitative target's when an assessment falls inside it.
 * Derived targets are computed, never due.
 */
export function overduePeriods(
  target: PlanTarget,
  observations: readonly { period: string }[],
  asOf: IsoDate,
  plan: { planFrom: number; targetYear: number },
): { period: string; due: IsoDate }[] {
  if (target.derived) return [];
  const parsed = observations.map((o) => parsePeriod(o.period)).filter((p): p is Period => p !== null);
  const flow = target.kind === 'annual_flow' || target.kind === 'cumulative';
  const coveredMonths = new Set(
    parsed.filter((p) => p.kind !== 'day').flatMap((p) => monthsOf(p).map((m) => `${p.year}-${m}`)),
  );
  const ends = new Set(parsed.map(periodEnd));
  const satisfied = (p: Period): boolean => {
    if (flow) return monthsOf(p).every((m) => coveredMonths.has(`${p.year}-${m}`));
    if (target.kind === 'qualitative')
      return parsed.some(
        (o) => o.year === p.year && o.firstMonth >= p.firstMonth && o.lastMonth <= p.lastMonth,
      );
    return ends.has(periodEnd(p));
  };
  return periodsOf(target.reporting.frequency, plan.planFrom, plan.targetYear)
    .map((p) => ({ p, due: dueDate(p, target.reporting.dueDays) }))
    .filter(({ p, due }) => due < asOf && !satisfied(p))
    .map(({ p, due }) => ({ period: p.text, due }));
}
