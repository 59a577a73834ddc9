/**
 * First-time rewards without application (免申即享): which catalogue measures pay for reaching a
 * qualification or tier for the first time. They are found in the catalogue, not listed here: a
 * monetary measure with no matter of its own whose applicant conditions test
 * `applicant.firstReached has <kind>` (001·十: 独角兽 400万, 瞪羚 200万). The engine decides each case
 * with the same reading (the first holding's start inside the document's window, once per firm), so
 * this file only finds the measures and words the outcome.
 */
import type { Catalogue, Condition, Measure } from '../catalogue/types.ts';
import { isMonetary } from '../catalogue/types.ts';

export interface RewardMeasure {
  measureId: string;
  kind: string;
  measure: Measure;
}

function firstReachedKinds(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(firstReachedKinds);
  if ('any' in c) return [];
  if ('not' in c) return [];
  if (c.fact === 'applicant.firstReached' && c.op === 'has' && typeof c.value === 'string') return [c.value];
  return [];
}

/** Measures that reward reaching a kind for the first time, without a matter (the whole applicant is the case). */
export function rewardMeasures(catalogue: Catalogue): RewardMeasure[] {
  const out: RewardMeasure[] = [];
  for (const m of catalogue.measures) {
    if (m.matterType || !isMonetary(m.benefit)) continue;
    for (const kind of new Set(m.applicant.flatMap(firstReachedKinds)))
      out.push({ measureId: m.id, kind, measure: m });
  }
  return out;
}
