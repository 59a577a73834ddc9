/**
 * The cohort forecast of a qualification's stock (e.g. 有效期内高新技术企业, 003's target 3000 by 2030):
 * year by year, the stock at the end of the year is
 *     the stock at its start + expected new − expiring + expected renewals,
 * where “expiring” are the firms whose holding runs out that year (known from the ledger for today's
 * holders, and for the forecast's own cohorts `validityYears` after they were granted or renewed),
 * expected renewals are the expiring times the renewal rate, and expected new is a yearly number of
 * firms granted for the first time or again after a gap. The rates are estimated from the ledger's
 * history (or given by the caller) and returned with the figures, so a reader sees what was assumed.
 */
import { yearOf } from '../dates.ts';
import type { Text } from '../text.ts';

export interface CohortInputs {
  date: string;
  /** Firms holding the kind on the date. */
  validNow: number;
  /** Today's holders by the year their holding (with any renewal already recorded) runs out. */
  expiringByYear: ReadonlyMap<number, number>;
  /** Firms newly granted (first time or after a gap) per past calendar year. */
  newByYear: ReadonlyMap<number, number>;
  /** Holdings that ran out in the look-back window, and how many of them were renewed without a gap. */
  ranOut: number;
  renewed: number;
  /** Years of validity of a new or renewed holding (the kind's rule, or observed). */
  validityYears: number | null;
  validitySource: 'rule' | 'observed' | 'given' | null;
}

export interface ForecastOptions {
  toYear: number;
  /** Full past years to average new grants over (default 3). */
  lookBackYears?: number;
  newPerYear?: number;
  renewalRate?: number;
  validityYears?: number;
}

export interface ForecastYear {
  year: number;
  start: number;
  new: number;
  expiring: number;
  renewals: number;
  end: number;
}

export type CohortForecast =
  | {
      available: true;
      years: ForecastYear[];
      assumptions: {
        newPerYear: number;
        newPerYearBasis: Text;
        renewalRate: number;
        renewalRateBasis: Text;
        validityYears: number;
        validityBasis: Text;
      };
      method: Text;
    }
  | { available: false; reason: Text };

const METHOD: Text = {
  zh: '队列预测：年末存量 = 年初存量 + 预计新增 − 当年到期 + 预计续期；当年到期取台账中现有资格的到期年份，新增和续期的资格按有效期年限在到期年份再次计入到期。',
  en: 'Cohort forecast: stock at year end = stock at its start + expected new − expiring + expected renewals; expiring comes from the ledger for current holders, and new and renewed holdings expire again after their validity.',
};

function daysInYear(y: number): number {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365;
}

/** Share of the year left after the date (the date itself counted as gone). */
function restOfYear(date: string): number {
  const y = yearOf(date);
  const start = Date.UTC(y, 0, 1);
  const day = (Date.parse(`${date}T00:00:00Z`) - start) / 86_400_000 + 1;
  return (daysInYear(y) - day) / daysInYear(y);
}

export function cohortForecast(input: CohortInputs, opts: ForecastOptions): CohortForecast {
  const y0 = yearOf(input.date);
  const lookBack = opts.lookBackYears ?? 3;
  const validity = opts.validityYears ?? input.validityYears;
  if (!validity || validity < 1)
    return {
      available: false,
      reason: {
        zh: '该资质没有规定的有效期，台账中也没有可据以推算的到期记录，无法预测',
        en: 'the kind has no validity in its rule and the ledger has no expiries to infer one from',
      },
    };
  const pastYears = Array.from({ length: lookBack }, (_, i) => y0 - 1 - i);
  const pastNew = pastYears.map((y) => input.newByYear.get(y) ?? 0);
  const newPerYear = opts.newPerYear ?? pastNew.reduce((a, b) => a + b, 0) / lookBack;
  const renewalRate = opts.renewalRate ?? (input.ranOut > 0 ? input.renewed / input.ranOut : 0);
  const schedule = new Map(input.expiringByYear);
  const years: ForecastYear[] = [];
  let stock = input.validNow;
  for (let y = y0; y <= opts.toYear; y++) {
    const share = y === y0 ? restOfYear(input.date) : 1;
    const added = newPerYear * share;
    const expiring = schedule.get(y) ?? 0;
    const renewals = expiring * renewalRate;
    const end = stock + added - expiring + renewals;
    schedule.set(y + validity, (schedule.get(y + validity) ?? 0) + added + renewals);
    years.push({
      year: y,
      start: Math.round(stock),
      new: Math.round(added),
      expiring: Math.round(expiring),
      renewals: Math.round(renewals),
      end: Math.round(end),
    });
    stock = end;
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    available: true,
    years,
    assumptions: {
      newPerYear: r(newPerYear),
      newPerYearBasis:
        opts.newPerYear !== undefined
          ? { zh: '由查询指定', en: 'given by the query' }
          : {
              zh: `${pastYears.at(-1)}–${pastYears[0]} 年台账新增（首次认定或中断后再认定）年均数：${pastNew.join('、')}`,
              en: `yearly average of new grants (first time or after a gap) in ${pastYears.at(-1)}–${pastYears[0]}: ${pastNew.join(', ')}`,
            },
      renewalRate: r(renewalRate),
      renewalRateBasis:
        opts.renewalRate !== undefined
          ? { zh: '由查询指定', en: 'given by the query' }
          : {
              zh: `近 ${lookBack} 年到期的 ${input.ranOut} 项资格中 ${input.renewed} 项无间断续期`,
              en: `${input.renewed} of ${input.ranOut} holdings that ran out in the last ${lookBack} years were renewed without a gap`,
            },
      validityYears: validity,
      validityBasis:
        opts.validityYears !== undefined
          ? { zh: '由查询指定', en: 'given by the query' }
          : input.validitySource === 'rule'
            ? { zh: '按认定办法规定的有效期', en: "the validity the kind's rule prints" }
            : { zh: '按台账中资格的典型有效期（观测值）', en: 'the typical validity observed in the ledger' },
    },
    method: METHOD,
  };
}
