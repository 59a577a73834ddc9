/**
 * 阅卷 as data: a list's criteria and weights (policies/challenges.yaml's defaults or the list's own),
 * score sheets per judge and bid, and a ranking anyone can reproduce from the stored sheets. Totals are
 * exact fractions (weighted mean over criteria, plain mean over the judges who scored), compared by
 * cross-multiplying in BigInt, so no float ever decides a rank. Ties are broken by the list's
 * tie-breaks in order; what is still tied is reported as tied, ordered by bid id only for display.
 */
import type { Text } from '../text.ts';
import type { Criterion, TieBreak } from './policy.ts';

export interface ScoreSheet {
  judgeId: string;
  bidId: string;
  /** criterion code → whole points 0..scoreMax */
  scores: Record<string, number>;
}

export interface SheetIssue {
  path: string;
  rule: 'missing' | 'unknown_criterion' | 'out_of_range';
  zh: string;
  en: string;
}

/** Every problem of a score sheet, naming the criterion (an empty list: the sheet is complete). */
export function checkSheet(
  criteria: readonly Criterion[],
  scoreMax: number,
  scores: Record<string, unknown>,
): SheetIssue[] {
  const issues: SheetIssue[] = [];
  const known = new Set(criteria.map((c) => c.code));
  for (const c of criteria) {
    const v = scores[c.code];
    if (v === undefined)
      issues.push({
        path: `scores.${c.code}`,
        rule: 'missing',
        zh: `请为“${c.label.zh}”打分`,
        en: `score ${c.label.en}`,
      });
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > scoreMax)
      issues.push({
        path: `scores.${c.code}`,
        rule: 'out_of_range',
        zh: `分值须为 0 至 ${scoreMax} 的整数`,
        en: `a whole number from 0 to ${scoreMax}`,
      });
  }
  for (const k of Object.keys(scores))
    if (!known.has(k))
      issues.push({
        path: `scores.${k}`,
        rule: 'unknown_criterion',
        zh: '本榜单没有该评审要素',
        en: 'no such criterion on this list',
      });
  return issues;
}

/** An exact non-negative fraction. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

function cmp(a: Fraction, b: Fraction): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** A fraction shown with two decimals, rounded down ("87.35"). */
export function showFraction(f: Fraction): string {
  if (f.den === 0n) return '—';
  const hundredths = (f.num * 100n) / f.den;
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

export interface RankBid {
  id: string;
  /** 揭榜额 in fen (the lower_bid_amount tie-break). */
  amount: number;
  /** When the bid's final version was submitted, ISO timestamp (earlier_final_version). */
  finalAt: string;
}

export interface RankedBid {
  bidId: string;
  /** 1-based; equal for bids still tied after every tie-break. */
  rank: number;
  judges: number;
  /** Enough sheets (the list's quorum) to be ranked at all. */
  quorate: boolean;
  total: Fraction;
  totalText: string;
  perCriterion: Record<string, string>;
  /** The tie-break that separated this bid from the one ranked just above it, if any. */
  decidedBy: TieBreak | null;
  tied: boolean;
}

export interface Ranking {
  ranked: RankedBid[];
  /** Bids without the quorum of sheets, not ranked. */
  unranked: RankedBid[];
  basis: Text;
}

/**
 * Ranks bids from their score sheets. Only sheets of `judges` (the panel without blocked judges) count;
 * a bid with fewer than `quorum` complete sheets is not ranked.
 */
export function rankBids(input: {
  criteria: readonly Criterion[];
  quorum: number;
  tieBreaks: readonly TieBreak[];
  bids: readonly RankBid[];
  sheets: readonly ScoreSheet[];
  judges: ReadonlySet<string>;
}): Ranking {
  const weightSum = BigInt(input.criteria.reduce((a, c) => a + c.weight, 0));
  const byCriterion = [...input.criteria].sort((a, b) => b.weight - a.weight);
  const rows = input.bids.map((bid) => {
    const sheets = input.sheets.filter(
      (s) =>
        s.bidId === bid.id && input.judges.has(s.judgeId) && input.criteria.every((c) => c.code in s.scores),
    );
    const n = BigInt(sheets.length);
    let weighted = 0n;
    const sums: Record<string, bigint> = {};
    for (const c of input.criteria) sums[c.code] = 0n;
    for (const s of sheets)
      for (const c of input.criteria) {
        const v = BigInt(s.scores[c.code]!);
        weighted += BigInt(c.weight) * v;
        sums[c.code]! += v;
      }
    const total: Fraction = { num: weighted, den: n * weightSum };
    const crit = Object.fromEntries(
      input.criteria.map((c) => [c.code, { num: sums[c.code]!, den: n } as Fraction]),
    );
    return { bid, n: sheets.length, total, crit };
  });
  type Row = (typeof rows)[number];
  const compareBy = (a: Row, b: Row, t: TieBreak): number => {
    if (t === 'criteria_by_weight') {
      for (const c of byCriterion) {
        const d = cmp(b.crit[c.code]!, a.crit[c.code]!);
        if (d !== 0) return d;
      }
      return 0;
    }
    if (t === 'lower_bid_amount') return a.bid.amount - b.bid.amount;
    return a.bid.finalAt < b.bid.finalAt ? -1 : a.bid.finalAt > b.bid.finalAt ? 1 : 0;
  };
  /** Which rule separates a from b (null: the totals did; 'tied': nothing did). */
  const separate = (a: Row, b: Row): { d: number; by: TieBreak | null | 'tied' } => {
    const d = cmp(b.total, a.total);
    if (d !== 0) return { d, by: null };
    for (const t of input.tieBreaks) {
      const x = compareBy(a, b, t);
      if (x !== 0) return { d: x, by: t };
    }
    return { d: 0, by: 'tied' };
  };
  const quorate = rows.filter((r) => r.n >= input.quorum && r.n > 0);
  const rest = rows.filter((r) => !(r.n >= input.quorum && r.n > 0));
  quorate.sort((a, b) => separate(a, b).d || (a.bid.id < b.bid.id ? -1 : 1));
  const view = (
    r: Row,
    rank: number,
    decidedBy: TieBreak | null,
    tied: boolean,
    isQuorate: boolean,
  ): RankedBid => ({
    bidId: r.bid.id,
    rank,
    judges: r.n,
    quorate: isQuorate,
    total: r.total,
    totalText: showFraction(r.total),
    perCriterion: Object.fromEntries(Object.entries(r.crit).map(([k, f]) => [k, showFraction(f)])),
    decidedBy,
    tied,
  });
  const ranked: RankedBid[] = [];
  quorate.forEach((r, i) => {
    const above = quorate[i - 1];
    const below = quorate[i + 1];
    const up = above ? separate(above, r) : null;
    const down = below ? separate(r, below) : null;
    const tiedUp = up?.by === 'tied';
    const rank = tiedUp ? ranked[i - 1]!.rank : i + 1;
    ranked.push(view(r, rank, up && up.by !== 'tied' ? up.by : null, tiedUp || down?.by === 'tied', true));
  });
  return {
    ranked,
    unranked: rest.map((r) => view(r, 0, null, false, false)),
    basis: {
      zh: `按各评审要素加权平均分排名（评审人数不少于${input.quorum}人方可排名）；并列时依次比较：${input.tieBreaks.map((t) => TIE_BREAK_LABELS[t].zh).join('、') || '无'}`,
      en: `ranked by the weighted mean score (at least ${input.quorum} judges per bid); ties broken by ${input.tieBreaks.map((t) => TIE_BREAK_LABELS[t].en).join(', ') || 'nothing'}`,
    },
  };
}

export const TIE_BREAK_LABELS: Record<TieBreak, Text> = {
  criteria_by_weight: { zh: '按权重从高到低逐项比较要素得分', en: 'criterion scores, heaviest first' },
  lower_bid_amount: { zh: '揭榜额较低者优先', en: 'the lower 揭榜额 first' },
  earlier_final_version: { zh: '最终版本提交较早者优先', en: 'the earlier final version first' },
};
