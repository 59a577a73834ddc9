/**
 * The calculator's result in one language, as plain JSON: what the CLI's --json and the HTTP API
 * return. Amounts stay in fen; `reasons` are sentences a person can read.
 */
import type { Lang } from '../text.ts';
import type { CalcResult } from './types.ts';

export function presentResult(result: CalcResult, lang: Lang) {
  return {
    catalogueVersion: result.catalogueVersion,
    asOf: result.asOf,
    total: result.total,
    evaluations: result.evaluations.map((e) => ({
      measureId: e.measureId,
      matterId: e.matterId,
      title: e.title[lang],
      outcome: e.outcome,
      eligible: e.eligible,
      simulated: e.simulated,
      requiresReview: e.requiresReview,
      amount: e.amount,
      formula: e.formula?.[lang] ?? null,
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
      simulated: g.simulated,
      reasons: [g.reason[lang], ...g.displaced.map((d) => `${d.measureId}: ${d.reason[lang]}`)],
      displaced: g.displaced.map((d) => ({
        measureId: d.measureId,
        amount: d.amount,
        reason: d.reason[lang],
      })),
    })),
  };
}
