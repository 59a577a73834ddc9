/**
 * The 双向发榜 funnel: listings → matches → contacts → contracts → funded projects, by month (or
 * quarter, year) and by city, with the conversion between stages. Pure: the service reads the dated
 * events from the database and hands them in; amounts are integer fen summed exactly.
 *
 * What each stage counts (docs/matching.md):
 *   listings  — listings published for the first time in the period (needs and offers)
 *   matches   — need–offer pairs first recorded at or above the match threshold in the period
 *   contacts  — expressions of interest accepted in the period (contacts exchanged)
 *   contracts — technology contracts signed in the period, with their amount
 *   funded    — projects formed from a match whose application was approved in the period
 * The city of a pair is the need's city (where the technology lands); a listing's is its own.
 */
import { sumFen } from '../money.ts';
import type { Text } from '../text.ts';

export const FUNNEL_STAGES = ['listings', 'matches', 'contacts', 'contracts', 'funded'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const FUNNEL_STAGE_LABELS: Record<FunnelStage, Text> = {
  listings: { zh: '发榜', en: 'listings' },
  matches: { zh: '匹配', en: 'matches' },
  contacts: { zh: '对接', en: 'contacts' },
  contracts: { zh: '签约', en: 'contracts' },
  funded: { zh: '立项获支持', en: 'funded projects' },
};

export type Granularity = 'month' | 'quarter' | 'year';

export interface FunnelEvent {
  stage: FunnelStage;
  /** YYYY-MM-DD (Shanghai). */
  date: string;
  city: string;
  /** Contracts only: the amount in fen. */
  amount?: number;
}

export interface FunnelRow {
  period: string;
  city: string | null;
  listings: number;
  matches: number;
  contacts: number;
  contracts: number;
  /** Sum of the contracts' amounts, fen. */
  contractAmount: number;
  funded: number;
  /**
   * Each stage as a share of the one before, in basis points (1/100 of a percent), null when the
   * stage before is zero. Stages of one period need not be the same cohort: a contact in March may
   * come from a February match, so a rate can exceed 100%.
   */
  conversion: Record<Exclude<FunnelStage, 'listings'>, number | null>;
}

export function periodOf(date: string, by: Granularity): string {
  if (by === 'year') return date.slice(0, 4);
  if (by === 'quarter') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  return date.slice(0, 7);
}

/** Every period from `from` to `to` inclusive (so empty months show as zeros, not gaps). */
export function periodsBetween(from: string, to: string, by: Granularity): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = periodOf(to, by);
  for (let guard = 0; guard < 2400; guard++) {
    const p = periodOf(`${y}-${String(m).padStart(2, '0')}-01`, by);
    if (out[out.length - 1] !== p) out.push(p);
    if (p === end) break;
    m += by === 'year' ? 12 : by === 'quarter' ? 3 : 1;
    while (m > 12) {
      m -= 12;
      y += 1;
    }
    if (by === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1;
  }
  return out;
}

/** Basis points of part over whole, rounded down; null when whole is 0. */
export function conversionBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.floor((part * 10_000) / whole);
}

function emptyRow(period: string, city: string | null): Omit<FunnelRow, 'conversion'> {
  return { period, city, listings: 0, matches: 0, contacts: 0, contracts: 0, contractAmount: 0, funded: 0 };
}

function finish(r: Omit<FunnelRow, 'conversion'>): FunnelRow {
  return {
    ...r,
    conversion: {
      matches: conversionBp(r.matches, r.listings),
      contacts: conversionBp(r.contacts, r.matches),
      contracts: conversionBp(r.contracts, r.contacts),
      funded: conversionBp(r.funded, r.contracts),
    },
  };
}

export interface FunnelOptions {
  from: string;
  to: string;
  by: Granularity;
  /** Split every period by city (rows only for cities with events), else one row per period. */
  byCity?: boolean;
}

export interface Funnel {
  rows: FunnelRow[];
  /** The whole range in one row. */
  total: FunnelRow;
}

export function funnel(events: readonly FunnelEvent[], o: FunnelOptions): Funnel {
  const periods = periodsBetween(o.from, o.to, o.by);
  const rows = new Map<string, Omit<FunnelRow, 'conversion'>>();
  const key = (p: string, c: string | null) => `${p}|${c ?? ''}`;
  if (!o.byCity) for (const p of periods) rows.set(key(p, null), emptyRow(p, null));
  const total = emptyRow(`${periodOf(o.from, o.by)}…${periodOf(o.to, o.by)}`, null);
  const amounts = new Map<string, number[]>();
  const totalAmounts: number[] = [];
  for (const e of events) {
    if (e.date < o.from || e.date > o.to) continue;
    const p = periodOf(e.date, o.by);
    const c = o.byCity ? e.city : null;
    const k = key(p, c);
    let r = rows.get(k);
    if (!r) {
      r = emptyRow(p, c);
      rows.set(k, r);
    }
    r[e.stage] += 1;
    total[e.stage] += 1;
    if (e.stage === 'contracts' && e.amount !== undefined) {
      amounts.set(k, [...(amounts.get(k) ?? []), e.amount]);
      totalAmounts.push(e.amount);
    }
  }
  for (const [k, list] of amounts) rows.get(k)!.contractAmount = sumFen(list);
  total.contractAmount = sumFen(totalAmounts);
  const sorted = [...rows.values()].sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : (a.city ?? '') < (b.city ?? '') ? -1 : 1,
  );
  return { rows: sorted.map(finish), total: finish(total) };
}
