/**
 * The calculator's compact answer (`POST /api/calc?view=summary`, `ceyuan calc --summary`): what is
 * granted after 从优、就高、不重复 — for money: the measure, its amount range, whether it is paid in
 * stages, the clause and one reason; for services and treatments: their id and title — without the
 * per-condition explanations of every measure. About 2 KB where the full answer is about 70. It is
 * presented from `decide()`, which goes through the same per-measure verdict and the same overlap
 * resolution as `calculate()` but builds no explanations: the granted set is the full answer's by
 * construction (test/calc-summary.test.ts checks it).
 */

import { type Catalogue, isMonetary } from '../catalogue/types.ts';
import { isStaged } from '../stages.ts';
import type { Lang } from '../text.ts';
import { citation } from './calculate.ts';
import type { CalcDecision } from './types.ts';

export function presentSummary(result: CalcDecision, catalogue: Catalogue, lang: Lang) {
  const money = result.granted.filter((g) => {
    const m = catalogue.byId.get(g.measureId);
    return !m || isMonetary(m.benefit);
  });
  return {
    catalogueVersion: result.catalogueVersion,
    asOf: result.asOf,
    total: result.total,
    /** Services and treatments the applicant also gets (no money): id and title. */
    services: result.granted
      .filter((g) => !money.includes(g))
      .map((g) => ({ measureId: g.measureId, title: catalogue.byId.get(g.measureId)!.title[lang] })),
    granted: money.map((g) => {
      const m = catalogue.byId.get(g.measureId);
      return {
        measureId: g.measureId,
        matterId: g.matterId,
        title: m ? m.title[lang] : g.measureId,
        amount: g.amount,
        /** The text fixes the sum; otherwise the amount is a ceiling the officer decides within. */
        exact: g.exact,
        headline: g.headline ? g.headline[lang] : null,
        // A verdict's `staged` is its measure's (isStaged of the benefit): no lookup among the evaluations.
        staged: m ? isStaged(m.benefit) : false,
        simulated: g.simulated,
        citation: m ? citation(m)[lang] : g.measureId,
        reason: g.reason[lang],
      };
    }),
  };
}

export type CalcSummary = ReturnType<typeof presentSummary>;
