/**
 * Reading the plan's progress as of a date: the dashboard (a card per target), one target's detail
 * (drill-down chart), a period's revision history, money per target, the 十四五 figures and 004's
 * context, and the public versions (no comments, no names, no money). Officers and auditors read the
 * internal views; anyone reads the public ones.
 */
import { type IsoDate, isIsoDate } from '../../core/dates.ts';
import { InputError, NotFoundError } from '../../core/errors.ts';
import { meets } from '../../core/plan/progress.ts';
import { ASSESSMENTS, SIGNAL_LABELS, STATUS_LABELS, STATUSES, signalOf } from '../../core/plan/status.ts';
import type { PlanIndicator } from '../../core/plan/types.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { defaultSources, deriveSeries } from './derived.ts';
import { type Evaluation, evaluateTargets, planWindow, toObservationView } from './evaluate.ts';
import { authorise, findTarget, READERS } from './observations.ts';
import type { MeasureFunding, PlanDeps, PlanSources } from './ports.ts';
import {
  cardView,
  detailView,
  documentView,
  figureView,
  fundingOf,
  METHOD,
  publicCardView,
  publicDetailView,
  relatedTo,
  summaryOf,
} from './views.ts';

const READ = { zh: '查看规划监测的内部数据', en: 'read plan monitoring internals' };

function checkDate(date: string): IsoDate {
  if (!isIsoDate(date))
    throw new InputError([
      { path: 'query.date', rule: 'iso_date', zh: '日期格式应为 YYYY-MM-DD', en: 'date must be YYYY-MM-DD' },
    ]);
  return date;
}

export const LEGEND = STATUSES.map((status) => ({
  status,
  label: STATUS_LABELS[status],
  signal: signalOf(status),
  signalLabel: SIGNAL_LABELS[signalOf(status)],
}));

export function createPlanReader(deps: PlanDeps) {
  const { plan, catalogue } = deps;
  const sources = (): PlanSources => defaultSources(deps.db, deps.sources, catalogue);

  async function indicatorView(x: PlanIndicator, asOf: IsoDate) {
    const derived = x.derived
      ? await deriveSeries(x.derived, sources(), planWindow(plan).planFrom, asOf)
      : null;
    return {
      ...figureView(x),
      section: x.section,
      period: plan.document.baselinePeriod,
      derived:
        x.derived && derived
          ? derived.available
            ? {
                source: x.derived.source,
                label: x.derived.label,
                available: true,
                points: derived.points.map((p) => ({ period: p.period, value: p.value })),
                total:
                  derived.kind === 'flow'
                    ? derived.points.reduce((n, p) => n + (p.value ?? 0), 0)
                    : (derived.points.at(-1)?.value ?? null),
                reason: null,
              }
            : {
                source: x.derived.source,
                label: x.derived.label,
                available: false,
                points: [],
                total: null,
                reason: derived.reason,
              }
          : null,
    };
  }

  /**
   * A target counted from the qualification ledger (one kind): the ledger's cohort forecast to the
   * plan's target year beside the trend forecast (issue 13: valid now + expected new − expiring +
   * expected renewals), with its assumptions; null for other targets.
   */
  async function cohortOf(e: Evaluation, asOf: IsoDate) {
    const d = e.target.derived;
    const port = sources().qualificationForecast;
    if (!port || d?.source !== 'registry.qualifications' || d.codes.length !== 1) return null;
    const toYear = planWindow(plan).targetYear;
    const f = await port.forecast({ kind: d.codes[0]!, on: asOf, toYear, city: d.city });
    if (!f.forecast.available)
      return { kind: d.codes[0]!, toYear, available: false as const, reason: f.forecast.reason };
    const end = f.forecast.years.at(-1)?.end ?? f.validNow;
    const goal = e.target.target;
    return {
      kind: d.codes[0]!,
      toYear,
      available: true as const,
      validNow: f.validNow,
      value: end,
      target: goal?.value ?? null,
      meetsTarget: goal ? meets(end, goal.value, goal.comparison) : null,
      years: f.forecast.years,
      assumptions: f.forecast.assumptions,
      method: f.forecast.method,
    };
  }

  async function detailOf(e: Evaluation, byMeasure: Map<string, MeasureFunding>, asOf: IsoDate) {
    return {
      asOf,
      method: METHOD,
      assessments: ASSESSMENTS.map((a) => ({ code: a, label: STATUS_LABELS[a] })),
      ...detailView(e, plan, fundingOf(e.target, catalogue, byMeasure), relatedTo(plan, e.target.id)),
      cohortForecast: await cohortOf(e, asOf),
    };
  }

  /** An officer's read: the targets evaluated on the date, and the money per measure. */
  async function evaluated(actor: Actor, date: string, ids?: string[]) {
    authorise(actor, READERS, READ);
    const asOf = checkDate(date);
    const [evaluations, byMeasure] = await Promise.all([
      evaluateTargets(deps.db, plan, sources(), asOf, ids),
      sources().funding.byMeasure(),
    ]);
    return { asOf, evaluations, byMeasure };
  }

  const api = {
    async dashboard(actor: Actor, date: string) {
      const { asOf, evaluations, byMeasure } = await evaluated(actor, date);
      return {
        document: documentView(plan),
        asOf,
        method: METHOD,
        legend: LEGEND,
        summary: summaryOf(evaluations),
        cards: evaluations.map((e) => cardView(e, plan, fundingOf(e.target, catalogue, byMeasure))),
      };
    },

    async target(actor: Actor, id: string, date: string) {
      findTarget(plan, id);
      const { asOf, evaluations, byMeasure } = await evaluated(actor, date, [id]);
      return detailOf(evaluations[0]!, byMeasure, asOf);
    },

    /** Everything the printable report and the .xlsx export show, in one answer. */
    async report(actor: Actor, date: string) {
      const { asOf, evaluations, byMeasure } = await evaluated(actor, date);
      const { indicators, context } = await api.figures(asOf);
      return {
        document: documentView(plan),
        asOf,
        method: METHOD,
        legend: LEGEND,
        summary: summaryOf(evaluations),
        targets: await Promise.all(evaluations.map((e) => detailOf(e, byMeasure, asOf))),
        indicators,
        context,
        funding: await api.funding(actor),
      };
    },

    async history(actor: Actor, id: string, period: string) {
      authorise(actor, READERS, READ);
      findTarget(plan, id);
      const rows = await new PlanRepository(deps.db).history(id, period);
      if (rows.length === 0)
        throw new NotFoundError({ zh: `${period} 没有录入记录`, en: `nothing recorded for ${period}` });
      return { targetId: id, period, revisions: rows.map(toObservationView) };
    },

    async funding(actor: Actor) {
      authorise(actor, READERS, READ);
      const byMeasure = await sources().funding.byMeasure();
      const targets = plan.targets.map((t) => ({
        targetId: t.id,
        title: t.title,
        ...fundingOf(t, catalogue, byMeasure),
      }));
      const measureIds = [...new Set(plan.targets.flatMap((t) => t.measures))].sort();
      return {
        note: {
          zh: '一项措施可服务多个目标，其金额计入每个目标，各目标金额不可相加',
          en: 'A measure may serve several targets and counts in each: do not add the targets up',
        },
        targets,
        measures: measureIds.map((id) => {
          const m = byMeasure.get(id) ?? { committed: 0, paid: 0, grants: 0, payments: 0 };
          return {
            measureId: id,
            title: catalogue.measures.find((x) => x.id === id)?.title ?? { zh: id, en: id },
            targets: plan.targets.filter((t) => t.measures.includes(id)).map((t) => t.id),
            ...m,
          };
        }),
      };
    },

    async figures(date: string) {
      const asOf = checkDate(date);
      return {
        document: documentView(plan),
        asOf,
        indicators: await Promise.all(plan.indicators.map((x) => indicatorView(x, asOf))),
        context: plan.context.map((x) => ({ ...figureView(x), value: x.value, source: x.source })),
      };
    },

    /** Anyone: the targets and their progress, without comments, names or money. */
    async publicView(date: string) {
      const asOf = checkDate(date);
      const evaluations = await evaluateTargets(deps.db, plan, sources(), asOf);
      return {
        document: documentView(plan),
        asOf,
        method: METHOD,
        legend: LEGEND,
        summary: summaryOf(evaluations),
        targets: evaluations.map((e) => publicCardView(e, plan)),
      };
    },

    async publicTarget(id: string, date: string) {
      const asOf = checkDate(date);
      findTarget(plan, id);
      const [e] = await evaluateTargets(deps.db, plan, sources(), asOf, [id]);
      return { asOf, method: METHOD, ...publicDetailView(e!, plan) };
    },
  };
  return api;
}

export type PlanReader = ReturnType<typeof createPlanReader>;
