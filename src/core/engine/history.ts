/**
 * How much of a measure's cap earlier grants have used, by the measure's period. Grants under any
 * measure of the same overlap group count too: 不重复 holds across time, not only within one calc.
 */
import type { Measure } from '../catalogue/types.ts';
import { addYears, yearOf } from '../dates.ts';
import type { GrantRecord } from '../input.ts';
import { type Fen, sumFen } from '../money.ts';

export interface Usage {
  /** What the period (the matter, the year, the N years, ever) already received: counts against the cap. */
  used: Fen;
  /**
   * What this matter (project) already received within the period: counts against its rate-based
   * ceiling too. Equal to `used` for a per-matter benefit; for an annual or cumulative one, grants
   * for other matters of the period reduce the cap but not this matter's rate × base.
   */
  usedForMatter: Fen;
  /** Earlier grants that count against this measure, for the explanation. */
  grants: GrantRecord[];
}

export function usageFor(
  measure: Measure,
  sameGroup: ReadonlySet<string>,
  history: readonly GrantRecord[],
  matterId: string | null,
  date: string,
): Usage {
  if (measure.benefit.kind === 'service' || measure.benefit.kind === 'constraint')
    return { used: 0, usedForMatter: 0, grants: [] };
  const { period } = measure.benefit;
  const years = 'periodYears' in measure.benefit ? measure.benefit.periodYears : undefined;
  const windowStart = period === 'cumulative' && years ? addYears(date, -years) : null;
  const grants = history.filter((g) => {
    if (!sameGroup.has(g.measureId) || g.date > date) return false;
    switch (period) {
      case 'once':
        return true;
      case 'per_matter':
        // A measure with no matter of its own (a standing benefit) is paid once per entity.
        return matterId === null || g.matterId === matterId;
      case 'annual':
        return yearOf(g.date) === yearOf(date);
      case 'cumulative':
        return windowStart === null || g.date > windowStart;
      default:
        return false;
    }
  });
  return {
    used: sumFen(grants.map((g) => g.amount)),
    usedForMatter: sumFen(
      grants.filter((g) => matterId !== null && g.matterId === matterId).map((g) => g.amount),
    ),
    grants,
  };
}
