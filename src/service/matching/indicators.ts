/**
 * Read-only indicators of 双向发榜 for plan monitoring (003: "通过校企双向发榜成功对接 37 个项目"; DESIGN.md:
 * plan ◀── read-only queries ── matching). The plan reads these and never writes here.
 *
 *   contractIndicators(db, { from: '2026-01-01', to: '2026-12-31', by: 'quarter', city?: 'songjiang' })
 *     → [{ period: '2026-Q1', city: 'songjiang' | null, pairs: 3, amount: 1250000000 }, …]
 *
 * `pairs` = engagements (need–offer pairs) whose technology contract was signed in the period; `amount`
 * = the sum of those contracts, integer fen. Periods are calendar months, quarters or years of the
 * signing date (the date on the contract, Shanghai calendar); every period of the range is present,
 * zeros included. With `byCity`, one row per period and city that has contracts (the pair's city: the
 * need's, where the technology lands); with `city`, only that city.
 */
import type { IsoDate } from '../../core/dates.ts';
import { type Granularity, periodOf, periodsBetween } from '../../core/matching/funnel.ts';
import { sumFen } from '../../core/money.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { Executor } from '../../storage/schema.ts';

export interface ContractIndicatorQuery {
  from: string;
  to: string;
  by: Granularity;
  city?: string;
  byCity?: boolean;
}

export interface ContractIndicatorRow {
  period: string;
  city: string | null;
  /** Pairs that reached a signed technology contract in the period. */
  pairs: number;
  /** Their contract amounts, fen. */
  amount: number;
}

export async function contractIndicators(
  db: Executor,
  q: ContractIndicatorQuery,
): Promise<ContractIndicatorRow[]> {
  const contracts = await new MatchingRepository(db).contracts(q.from, q.to, q.city);
  const rows = new Map<string, { period: string; city: string | null; amounts: number[] }>();
  const key = (p: string, c: string | null) => `${p}|${c ?? ''}`;
  if (!q.byCity)
    for (const p of periodsBetween(q.from, q.to, q.by))
      rows.set(key(p, q.city ?? null), { period: p, city: q.city ?? null, amounts: [] });
  for (const c of contracts) {
    const p = periodOf(c.signedOn, q.by);
    const city = q.byCity ? c.city : (q.city ?? null);
    const k = key(p, city);
    const r = rows.get(k) ?? { period: p, city, amounts: [] };
    r.amounts.push(c.amount);
    rows.set(k, r);
  }
  return [...rows.values()]
    .sort((a, b) =>
      a.period < b.period ? -1 : a.period > b.period ? 1 : (a.city ?? '') < (b.city ?? '') ? -1 : 1,
    )
    .map((r) => ({ period: r.period, city: r.city, pairs: r.amounts.length, amount: sumFen(r.amounts) }));
}

/**
 * The plan's port onto matching (src/service/plan/ports.ts MatchingIndicatorPort): how many need–offer
 * pairs signed a technology contract with a date in [from, to] (003's "双向发榜成功对接" continued).
 */
export function matchingIndicatorPort(db: Executor) {
  return {
    async contractsReached(q: { from: IsoDate; to: IsoDate }): Promise<number> {
      return (await new MatchingRepository(db).contracts(q.from, q.to)).length;
    },
  };
}
