/**
 * The calculator's result in one language, as plain JSON: what the CLI's --json and the HTTP API
 * return. Amounts stay in fen; `reasons` are sentences a person can read. `amount` is the range
 * [minimum, ceiling] the reviewer decides within; `headline` ("最高可获 …") and `formula` say it in
 * words; `exact` marks a sum the text fixes; `stages` says whether the text pays in stages and the
 * plan the workflow proposes; `overlapChecks` lists the pairs a reviewer must judge.
 */
import { formatYuan } from '../money.ts';
import type { Lang } from '../text.ts';
import type { CalcResult } from './types.ts';

export function presentResult(result: CalcResult, lang: Lang) {
  return {
    catalogueVersion: result.catalogueVersion,
    asOf: result.asOf,
    total: result.total,
    /** "最高可获 ¥…" for the whole result: the sum of the granted ceilings. */
    headline:
      lang === 'zh' ? `最高可获${formatYuan(result.total.max)}` : `up to ${formatYuan(result.total.max)}`,
    evaluations: result.evaluations.map((e) => ({
      measureId: e.measureId,
      matterId: e.matterId,
      title: e.title[lang],
      outcome: e.outcome,
      eligible: e.eligible,
      simulated: e.simulated,
      requiresReview: e.requiresReview,
      amount: e.amount,
      exact: e.exact,
      headline: e.headline?.[lang] ?? null,
      formula: e.formula?.[lang] ?? null,
      staged: e.staged,
      stages: { ...e.stages, basis: e.stages.basis[lang] },
      overlapGroup: e.overlapGroup,
      warnings: e.warnings.map((w) => w[lang]),
      reasons: e.reasons.map((r) => r[lang]),
      conditions: e.conditions.map((c) => ({
        fact: c.fact,
        label: c.label[lang],
        expected: c.expected,
        actual: c.actual,
        held: c.held,
        judgement: c.judgement,
        ...(c.gap ? { gap: c.gap[lang] } : {}),
      })),
      clause: { quote: e.clause.quote, citation: e.clause.citation[lang] },
    })),
    granted: result.granted.map((g) => ({
      measureId: g.measureId,
      matterId: g.matterId,
      amount: g.amount,
      exact: g.exact,
      headline: g.headline?.[lang] ?? null,
      simulated: g.simulated,
      reviewWith: g.reviewWith,
      reasons: [g.reason[lang], ...g.displaced.map((d) => `${d.measureId}: ${d.reason[lang]}`)],
      displaced: g.displaced.map((d) => ({
        measureId: d.measureId,
        amount: d.amount,
        reason: d.reason[lang],
      })),
    })),
    overlapChecks: result.overlapChecks.map((c) => ({ ...c, reason: c.reason[lang] })),
  };
}
