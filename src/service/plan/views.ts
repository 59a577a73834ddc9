/**
 * The shapes the API answers with, built from evaluations: a card per target (dashboard), the
 * detail of one target (drill-down chart), and the public versions of both, which carry no internal
 * comment, no name of who entered a value, no department settings history and no money.
 */
import type { Catalogue } from '../../core/catalogue/types.ts';
import type { Fen } from '../../core/money.ts';
import { remaining, sumFen } from '../../core/money.ts';
import type { ChartPoint, Forecast, PathPoint, Progress, YearProgress } from '../../core/plan/progress.ts';
import type { TargetKind } from '../../core/plan/schema.ts';
import { SIGNAL_LABELS, type Signal, STATUS_LABELS, type Status } from '../../core/plan/status.ts';
import type { ContextFigure, Plan, PlanIndicator, PlanTarget, Unit } from '../../core/plan/types.ts';
import type { Text } from '../../core/text.ts';
import type { Evaluation, ObservationView } from './evaluate.ts';
import type { MeasureFunding } from './ports.ts';

export const KIND_LABELS: Record<TargetKind, Text> = {
  level: { zh: '达到水平（达）', en: 'level to reach' },
  band: { zh: '保持区间（左右）', en: 'band to keep (about)' },
  annual_flow: { zh: '年度流量（每年）', en: 'every year' },
  cumulative: { zh: '五年累计', en: 'five-year sum' },
  minimum: { zh: '下限（不少于 / 至少 / 超）', en: 'minimum' },
  stock: { zh: '有效存量（有效期内累计）', en: 'valid stock' },
  qualitative: { zh: '定性目标', en: 'qualitative' },
};

const BASELINE_LABELS = {
  given: { zh: '基线', en: 'baseline' },
  missing: { zh: '待补录', en: 'to be entered' },
  not_applicable: { zh: '不适用', en: 'not applicable' },
} as const;

export interface StatusView {
  status: Status;
  statusLabel: Text;
  signal: Signal;
  signalLabel: Text;
  ratio: number | null;
  reason: Text;
}

export function statusView(p: Progress): StatusView {
  return {
    status: p.status,
    statusLabel: STATUS_LABELS[p.status],
    signal: p.signal,
    signalLabel: SIGNAL_LABELS[p.signal],
    ratio: p.ratio,
    reason: p.reason,
  };
}

export interface FundingView {
  committed: Fen;
  paid: Fen;
  outstanding: Fen;
  measures: {
    id: string;
    title: Text;
    committed: Fen;
    paid: Fen;
    outstanding: Fen;
    grants: number;
    payments: number;
  }[];
}

export function fundingOf(
  target: PlanTarget,
  catalogue: Catalogue,
  byMeasure: Map<string, MeasureFunding>,
): FundingView {
  const measures = target.measures.map((id) => {
    const m = byMeasure.get(id) ?? { committed: 0, paid: 0, grants: 0, payments: 0 };
    return {
      id,
      title: catalogue.measures.find((x) => x.id === id)?.title ?? { zh: id, en: id },
      committed: m.committed,
      paid: m.paid,
      outstanding: remaining(m.committed, m.paid),
      grants: m.grants,
      payments: m.payments,
    };
  });
  const committed = sumFen(measures.map((m) => m.committed));
  const paid = sumFen(measures.map((m) => m.paid));
  return { committed, paid, outstanding: remaining(committed, paid), measures };
}

function targetDefinition(t: PlanTarget, plan: Plan) {
  return {
    id: t.id,
    section: t.section,
    title: t.title,
    quote: t.quote,
    kind: t.kind,
    kindLabel: KIND_LABELS[t.kind],
    direction: t.direction,
    unit: t.unit as Unit | null,
    target: t.target,
    targetYear: plan.document.targetYear,
    baseline: {
      ...t.baseline,
      label: BASELINE_LABELS[t.baseline.status],
    },
  };
}

/** The values behind the latest point: the period itself; a flow's months of that year; a five-year sum's all. */
function behind(e: Evaluation, period: string): ObservationView[] {
  const year = period.slice(0, 4);
  if (e.target.kind === 'annual_flow') return e.observations.filter((o) => o.period.slice(0, 4) === year);
  if (e.target.kind === 'cumulative') {
    const from = String((e.progress.start?.t ?? 0) + 1);
    return e.observations.filter((o) => o.period.slice(0, 4) >= from && o.period.slice(0, 4) <= year);
  }
  return e.observations.filter((o) => o.period === period);
}

function latestOf(e: Evaluation) {
  const p = e.progress.latest;
  if (!p) return null;
  const values = behind(e, p.period);
  const sources = [...new Set(values.map((o) => o.source))];
  return {
    period: p.period,
    t: p.t,
    value: p.value,
    months: p.months ?? null,
    isDemo: values.some((o) => o.isDemo),
    source: e.derived ? '平台数据（派生）' : sources.length > 0 ? sources.join('；') : null,
    derived: Boolean(e.derived),
  };
}

function sparkOf(p: Progress): { observed: ChartPoint[]; required: PathPoint[] } {
  return { observed: p.series, required: p.path };
}

/** A dashboard card: value, target, status, and the sparkline with its required path. */
export function cardView(e: Evaluation, plan: Plan, funding: FundingView) {
  return {
    ...targetDefinition(e.target, plan),
    department: e.settings.department,
    departmentSource: e.settings.departmentSource,
    band:
      e.target.kind === 'band'
        ? { tolerance: e.settings.tolerance, source: e.settings.toleranceSource }
        : null,
    derived: e.derived,
    ...statusView(e.progress),
    latest: latestOf(e),
    required: e.progress.required,
    deviation: e.progress.deviation,
    forecast: e.progress.forecast,
    spark: sparkOf(e.progress),
    overdue: e.overdue,
    demo: e.demo,
    funding: { committed: funding.committed, paid: funding.paid, outstanding: funding.outstanding },
  };
}

/** Internal detail: every series a drill-down chart draws, observations with their provenance. */
export function detailView(
  e: Evaluation,
  plan: Plan,
  funding: FundingView,
  related: { indicators: PlanIndicator[]; context: ContextFigure[] },
) {
  return {
    ...cardView(e, plan, funding),
    reporting: e.target.reporting,
    measures: funding.measures,
    funding,
    start: e.progress.start,
    series: {
      baseline: e.target.baseline.status === 'given' ? e.progress.start : null,
      observed: e.progress.series,
      required: e.progress.path,
      forecast: forecastLine(e.progress),
    },
    years: e.progress.years,
    missingYears: e.progress.missingYears,
    observations: e.observations,
    related: relatedView(related),
  };
}

/** The trend line from the latest observed point to the target year (for the drill-down chart). */
function forecastLine(p: Progress): (Forecast & { line: { t: number; value: number }[] }) | null {
  if (!p.forecast || !p.latest) return null;
  const from = p.series.at(-1)!;
  return {
    ...p.forecast,
    line: [
      { t: from.t, value: from.value },
      { t: p.forecast.t, value: p.forecast.value },
    ],
  };
}

export function figureView(x: PlanIndicator | ContextFigure) {
  return {
    id: x.id,
    title: x.title,
    quote: x.quote,
    value: x.value,
    qualifier: x.qualifier,
    unit: x.unit,
    print: x.print,
    relatedTargets: x.relatedTargets,
  };
}

function relatedView(r: { indicators: PlanIndicator[]; context: ContextFigure[] }) {
  return {
    indicators: r.indicators.map((x) => ({ ...figureView(x), section: x.section })),
    context: r.context.map((x) => ({ ...figureView(x), source: x.source })),
  };
}

export function relatedTo(plan: Plan, targetId: string) {
  return {
    indicators: plan.indicators.filter((x) => x.relatedTargets.includes(targetId)),
    context: plan.context.filter((x) => x.relatedTargets.includes(targetId)),
  };
}

/** What the public sees of an observation: value, period, source and whether it is demo data. */
function publicObservation(o: ObservationView) {
  return { period: o.period, value: o.value, assessment: o.assessment, source: o.source, isDemo: o.isDemo };
}

export function publicCardView(e: Evaluation, plan: Plan) {
  const latest = latestOf(e);
  return {
    ...targetDefinition(e.target, plan),
    band: e.target.kind === 'band' ? { tolerance: e.settings.tolerance } : null,
    derived: e.derived,
    ...statusView(e.progress),
    latest: latest && {
      period: latest.period,
      value: latest.value,
      months: latest.months,
      isDemo: latest.isDemo,
      source: latest.source,
      derived: latest.derived,
    },
    required: e.progress.required,
    forecast: e.progress.forecast,
    spark: sparkOf(e.progress),
    demo: e.demo,
  };
}

export function publicDetailView(e: Evaluation, plan: Plan) {
  return {
    ...publicCardView(e, plan),
    series: {
      baseline: e.target.baseline.status === 'given' ? e.progress.start : null,
      observed: e.progress.series,
      required: e.progress.path,
      forecast: forecastLine(e.progress),
    },
    years: e.progress.years as YearProgress[],
    observations: e.observations.map(publicObservation),
    related: relatedView(relatedTo(plan, e.target.id)),
  };
}

export function documentView(plan: Plan) {
  const d = plan.document;
  return {
    code: d.code,
    number: d.number,
    title: d.title,
    source: d.source,
    issued: d.issued,
    targetYear: d.targetYear,
    planPeriod: d.planPeriod,
    baselinePeriod: d.baselinePeriod,
    monitoringQuote: d.monitoringQuote,
    notes: d.notes,
    version: plan.version,
  };
}

/** How statuses are computed, for the page footer and the report (docs/plan.md says more). */
export const METHOD: Text = {
  zh:
    '进度判断参照 Open SDG 进度测度方法：R = 实际进展 ÷ 按路径应有进展（路径为起点到 2030 年目标的直线；基线待补录时以首个观测值为起点），' +
    'R ≥ 0.95 符合进度，0.6 ≤ R < 0.95 需加快，0 ≤ R < 0.6 进展有限，R < 0 倒退，达到目标即“已达成”；' +
    '“左右”按区间（中心 ± 宽度，含边界）判断；“每年”按当年累计与同期应达比较；“五年累计”按自 2026 年累计与五年进度比较；' +
    '预测为观测趋势的最小二乘外推。',
  en:
    'Status follows Open SDG’s progress measure: R = progress made ÷ progress required by the path (a straight line from the ' +
    'start to the 2030 target; the first observation when the baseline is to be entered); R ≥ 0.95 on track, 0.6–0.95 ' +
    'acceleration needed, 0–0.6 limited progress, < 0 deterioration; reaching the target is "achieved". "About" (左右) is ' +
    'judged by the band (centre ± width, edges included); "every year" by the year to date against its share; the five-year ' +
    'sum by the total since 2026 against the five-year pace. Forecasts extend the observed trend by least squares.',
};

export function summaryOf(evaluations: readonly Evaluation[]) {
  const bySignal: Record<Signal, number> = { green: 0, amber: 0, red: 0, grey: 0 };
  const byStatus: Partial<Record<Status, number>> = {};
  for (const e of evaluations) {
    bySignal[e.progress.signal] += 1;
    byStatus[e.progress.status] = (byStatus[e.progress.status] ?? 0) + 1;
  }
  return {
    targets: evaluations.length,
    quantified: evaluations.filter((e) => e.target.kind !== 'qualitative').length,
    derived: evaluations.filter((e) => e.derived).length,
    overdue: evaluations.reduce((n, e) => n + e.overdue.length, 0),
    demo: evaluations.some((e) => e.demo),
    bySignal,
    byStatus,
  };
}
