/**
 * The qualification reference, public: kinds with their levels, grades, validity and criteria — each
 * criterion with its basis (the rule's citation and quote, the officer's value and document, or “待…设定”)
 * — the ladders, event kinds, sources, metrics, service kinds and the reminder windows. What the
 * officers still have to set is listed, so a page can show it plainly.
 */
import { citationText, summariseCriteria } from '../../core/qualifications/check.ts';
import { parameterKey } from '../../core/qualifications/criteria.ts';
import { MOVEMENT_LABELS } from '../../core/qualifications/ladder.ts';
import { EVENT_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../core/qualifications/ledger.ts';
import { formatMetric, METRICS } from '../../core/qualifications/metrics.ts';
import type { Citation, Criterion, Kind } from '../../core/qualifications/types.ts';
import type { QualificationContext } from './context.ts';
import { rewardMeasuresOf } from './raise-rewards.ts';
import { REWARD_STATUS_LABELS } from './read-rewards.ts';

export const SERVICE_LABELS = {
  visit: { zh: '走访', en: 'visit' },
  training: { zh: '培训', en: 'training' },
  referral: { zh: '对接推荐', en: 'referral' },
  consultation: { zh: '咨询辅导', en: 'consultation' },
  other: { zh: '其他', en: 'other' },
} as const;

export async function readReference(ctx: QualificationContext) {
  const policy = ctx.policy;
  const params = await ctx.parameters();
  const cite = (c: Citation | null) =>
    c
      ? { source: c.source, article: c.article ?? null, quote: c.quote, text: citationText(policy, c) }
      : null;
  const criterion = (k: Kind, c: Criterion) => {
    const r = c.rule;
    const base = {
      id: c.id,
      label: c.label,
      basis: r.kind === 'threshold' || r.kind === 'banded' ? 'sourced' : r.kind,
    };
    if (r.kind === 'judgement') return { ...base, citation: cite(r.citation), local: r.local };
    const metric = {
      code: r.metric,
      label: METRICS[r.metric].label,
      unit: METRICS[r.metric].unit,
      available: METRICS[r.metric].available,
    };
    if (r.kind === 'threshold')
      return {
        ...base,
        metric,
        op: r.op,
        value: r.threshold.value,
        valueText: formatMetric(metric.unit, r.threshold.value),
        printed: r.threshold.printed,
        citation: cite(r.citation),
      };
    if (r.kind === 'banded')
      return {
        ...base,
        metric,
        op: r.op,
        by: { code: r.by, label: METRICS[r.by].label },
        bands: r.bands.map((b) => ({
          upTo: b.upTo,
          upToText: b.upTo === null ? null : formatMetric('fen', b.upTo),
          value: b.value,
          valueText: formatMetric('bp', b.value),
          quote: b.quote,
        })),
        citation: cite(r.citation),
      };
    const set = params.get(parameterKey(k.code, c.id)) ?? null;
    return {
      ...base,
      metric,
      op: r.op,
      setBy: r.parameter.setBy,
      pendingText: { zh: `待${r.parameter.setBy.zh}设定`, en: `to be set by ${r.parameter.setBy.en}` },
      value: set?.value ?? null,
      valueText: set ? formatMetric(metric.unit, set.value) : null,
      source: set?.source ?? null,
      setAt: set?.setAt ?? null,
    };
  };
  return {
    version: policy.version,
    levels: policy.levels,
    kinds: policy.kinds.map((k) => ({
      code: k.code,
      label: k.label,
      levels: k.levels,
      levelNames: k.levelNames,
      grades: k.grades,
      issuer: k.issuer,
      why: cite(k.why),
      validity:
        k.validity.kind === 'years'
          ? { years: k.validity.years, citation: cite(k.validity.citation) }
          : { years: null, setBy: k.validity.parameter.setBy, note: k.validity.note },
      revocation: cite(k.revocation),
      criteria: k.criteria.map((c) => criterion(k, c)),
      rewards: rewardMeasuresOf(ctx.engine)
        .filter((r) => r.kind === k.code)
        .map((r) => ({ measureId: r.measureId, title: r.measure.title })),
    })),
    ladders: policy.ladders.map((l) => ({
      id: l.id,
      label: l.label,
      exclusive: l.exclusive,
      steps: l.steps.map((s) => ({
        key: s.key,
        kind: s.kind,
        grade: s.grade,
        level: s.level,
        label: s.label,
      })),
      citation: cite(l.citation),
    })),
    sources: [...policy.sources.values()].map((s) => ({
      id: s.id,
      title: s.title,
      number: s.number,
      issuer: s.issuer,
    })),
    summary: summariseCriteria(policy).map((s) => ({
      ...s,
      set: s.basis === 'parameter' ? params.has(parameterKey(s.kind, s.criterion)) : null,
    })),
    metrics: Object.values(METRICS).map((m) => ({
      code: m.code,
      label: m.label,
      unit: m.unit,
      available: m.available,
    })),
    events: EVENT_LABELS,
    sourcesOfRecords: SOURCE_LABELS,
    states: STATE_LABELS,
    movements: MOVEMENT_LABELS,
    services: SERVICE_LABELS,
    rewardStatuses: REWARD_STATUS_LABELS,
    reminderDays: policy.reminderDays,
  };
}
