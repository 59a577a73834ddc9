/**
 * Indicators the platform computes itself, live, labelled "derived": counts of valid qualifications
 * on a date (registry), 双向发榜 contracts and challenge awards (when those capabilities land), and
 * money committed and paid per measure (ledger). Each reads another room through a read-only port.
 */

import type { Catalogue } from '../../core/catalogue/types.ts';
import type { IsoDate } from '../../core/dates.ts';
import { sumFen } from '../../core/money.ts';
import type { ObservationInput } from '../../core/plan/progress.ts';
import type { Derived } from '../../core/plan/types.ts';
import type { Text } from '../../core/text.ts';
import { ledgerTotals } from '../../storage/repositories/ledger.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Executor } from '../../storage/schema.ts';
import { matchingIndicatorPort } from '../matching/indicators.ts';
import { ledgerForecastPort, ledgerQualificationPort } from '../qualifications/plan-port.ts';
import type { FundingPort, MeasureFunding, PlanSources } from './ports.ts';

export function registryQualifications(db: Executor): PlanSources['qualifications'] {
  return { countValid: (q) => new PlanRepository(db).countValidQualifications(q) };
}

/** The qualification ledger (issue 13): holdings with their early ends and levels. */
export function ledgerQualifications(db: Executor): PlanSources['qualifications'] {
  return ledgerQualificationPort(db);
}

export function ledgerFunding(db: Executor): FundingPort {
  return {
    async byMeasure() {
      const out = new Map<string, MeasureFunding>();
      for (const line of await ledgerTotals(db, {})) {
        const m = out.get(line.measure_id) ?? { committed: 0, paid: 0, grants: 0, payments: 0 };
        out.set(line.measure_id, {
          committed: sumFen([m.committed, line.committed]),
          paid: sumFen([m.paid, line.paid]),
          grants: m.grants + line.grants,
          payments: m.payments + line.payments,
        });
      }
      return out;
    },
  };
}

export function defaultSources(
  db: Executor,
  factory?: (db: Executor) => Partial<PlanSources>,
  catalogue?: Catalogue,
): PlanSources {
  const given = factory?.(db) ?? {};
  return {
    qualifications: given.qualifications ?? ledgerQualifications(db),
    // The cohort forecast needs the qualification policy, loaded for the catalogue.
    qualificationForecast:
      'qualificationForecast' in given
        ? (given.qualificationForecast ?? null)
        : catalogue
          ? ledgerForecastPort(db, catalogue)
          : null,
    // 双向发榜 (issue 12) counts its contracts; 揭榜挂帅 (issue 11) is not on main yet: its indicator says so.
    // An explicit null (a test) leaves a port out.
    matching: 'matching' in given ? (given.matching ?? null) : matchingIndicatorPort(db),
    challenges: given.challenges ?? null,
    funding: given.funding ?? ledgerFunding(db),
  };
}

const NOT_YET: Record<string, Text> = {
  'matching.contracts': {
    zh: '数据源尚未接入：双向发榜模块上线后自动计算',
    en: 'not yet available: computed once two-way listing (双向发榜) lands',
  },
  'challenges.awards': {
    zh: '数据源尚未接入：揭榜挂帅模块上线后自动计算',
    en: 'not yet available: computed once challenge lists (揭榜挂帅) land',
  },
};

export type DerivedSeries =
  | { available: true; points: ObservationInput[]; kind: 'stock' | 'flow' }
  | { available: false; reason: Text };

/** Year ends from the year before the plan up to the date, and the date itself. */
export function derivationDates(planFrom: number, asOf: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let y = planFrom - 1; `${y}-12-31` <= asOf; y++) out.push(`${y}-12-31`);
  if (out.at(-1) !== asOf && asOf >= `${planFrom - 1}-12-31`) out.push(asOf);
  return out;
}

/**
 * The derived series of a target or indicator as of a date: a stock read on each year end and on the
 * day (valid qualifications), or a flow per plan year up to the day (contracts, awards).
 */
export async function deriveSeries(
  derived: Derived,
  sources: PlanSources,
  planFrom: number,
  asOf: IsoDate,
): Promise<DerivedSeries> {
  if (derived.source === 'registry.qualifications') {
    const points: ObservationInput[] = [];
    for (const on of derivationDates(planFrom, asOf))
      points.push({
        period: on,
        value: await sources.qualifications.countValid({ codes: derived.codes, city: derived.city, on }),
      });
    return { available: true, points, kind: 'stock' };
  }
  const port = derived.source === 'matching.contracts' ? sources.matching : sources.challenges;
  if (!port) return { available: false, reason: NOT_YET[derived.source]! };
  const count = (from: IsoDate, to: IsoDate) =>
    'contractsReached' in port ? port.contractsReached({ from, to }) : port.awards({ from, to });
  const points: ObservationInput[] = [];
  for (let y = planFrom; `${y}-01-01` <= asOf; y++) {
    const to = `${y}-12-31` <= asOf ? `${y}-12-31` : asOf;
    points.push({ period: to === `${y}-12-31` ? String(y) : to, value: await count(`${y}-01-01`, to) });
  }
  return { available: true, points, kind: 'flow' };
}
