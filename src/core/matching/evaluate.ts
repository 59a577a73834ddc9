/**
 * Ranking quality on a labelled set: precision@k, recall@k and nDCG@k (Järvelin & Kekäläinen 2002,
 * gain 2^rel − 1, discount log2(rank + 1)), macro-averaged over the queries that have at least one
 * relevant item. Grades: 2 = solves the need, 1 = partly relevant, 0 (or absent) = not relevant.
 */

export type Judgements = ReadonlyMap<string, number>;

export function precisionAt(ranked: readonly string[], rel: Judgements, k: number): number {
  let hits = 0;
  for (const id of ranked.slice(0, k)) if ((rel.get(id) ?? 0) > 0) hits += 1;
  return hits / k;
}

export function recallAt(ranked: readonly string[], rel: Judgements, k: number): number {
  const relevant = [...rel.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  let hits = 0;
  for (const id of ranked.slice(0, k)) if ((rel.get(id) ?? 0) > 0) hits += 1;
  return hits / relevant;
}

export function dcgAt(grades: readonly number[], k: number): number {
  let s = 0;
  grades.slice(0, k).forEach((g, i) => {
    s += (2 ** g - 1) / Math.log2(i + 2);
  });
  return s;
}

export function ndcgAt(ranked: readonly string[], rel: Judgements, k: number): number {
  const ideal = dcgAt(
    [...rel.values()].filter((g) => g > 0).sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return (
    dcgAt(
      ranked.map((id) => rel.get(id) ?? 0),
      k,
    ) / ideal
  );
}

export interface Metrics {
  queries: number;
  precisionAt5: number;
  recallAt10: number;
  ndcgAt10: number;
}

/** Macro averages over the queries with at least one relevant item. */
export function evaluateRankings(
  rankings: ReadonlyMap<string, readonly string[]>,
  judgements: ReadonlyMap<string, Judgements>,
): Metrics {
  let n = 0;
  let p = 0;
  let r = 0;
  let g = 0;
  for (const [query, rel] of judgements) {
    if (![...rel.values()].some((x) => x > 0)) continue;
    const ranked = rankings.get(query) ?? [];
    n += 1;
    p += precisionAt(ranked, rel, 5);
    r += recallAt(ranked, rel, 10);
    g += ndcgAt(ranked, rel, 10);
  }
  return n === 0
    ? { queries: 0, precisionAt5: 0, recallAt10: 0, ndcgAt10: 0 }
    : { queries: n, precisionAt5: p / n, recallAt10: r / n, ndcgAt10: g / n };
}

/**
 * What the thresholds do on a labelled set, for the matcher (the baseline has no score): of the pairs
 * judged relevant, how many reach the match threshold (recorded, counted in the funnel) and the strong
 * threshold (both sides notified); of the pairs judged not relevant, how many would notify; and of the
 * needs with no good answer at all, how many would still record a match or send a notice.
 */
export interface ThresholdMetrics {
  relevantPairs: number;
  /** Relevant pairs (grade ≥ 1) at or above the match threshold. */
  relevantRecorded: number;
  /** Grade-2 pairs, and those at or above the match threshold. */
  solvingPairs: number;
  solvingRecorded: number;
  /** Notices (pairs at or above the strong threshold), and how many of them are not relevant. */
  notices: number;
  falseNotices: number;
  /** Pairs not judged relevant at or above the match threshold. */
  falseRecorded: number;
  /** Needs with no relevant offer, and those that record a match / send a notice all the same. */
  noAnswerNeeds: number;
  noAnswerRecorded: number;
  noAnswerNotified: number;
}

export function thresholdMetrics(
  scores: ReadonlyMap<string, ReadonlyMap<string, number>>,
  judgements: ReadonlyMap<string, Judgements>,
  thresholds: { match: number; strong: number },
): ThresholdMetrics {
  const m: ThresholdMetrics = {
    relevantPairs: 0,
    relevantRecorded: 0,
    solvingPairs: 0,
    solvingRecorded: 0,
    notices: 0,
    falseNotices: 0,
    falseRecorded: 0,
    noAnswerNeeds: 0,
    noAnswerRecorded: 0,
    noAnswerNotified: 0,
  };
  for (const [need, rel] of judgements) {
    const scored = scores.get(need) ?? new Map<string, number>();
    for (const [offer, grade] of rel) {
      if (grade <= 0) continue;
      const s = scored.get(offer) ?? 0;
      m.relevantPairs += 1;
      if (s >= thresholds.match) m.relevantRecorded += 1;
      if (grade >= 2) {
        m.solvingPairs += 1;
        if (s >= thresholds.match) m.solvingRecorded += 1;
      }
    }
    let recorded = false;
    let notified = false;
    for (const [offer, s] of scored) {
      const relevant = (rel.get(offer) ?? 0) > 0;
      if (s >= thresholds.strong) {
        m.notices += 1;
        if (!relevant) m.falseNotices += 1;
      }
      if (!relevant && s >= thresholds.match) m.falseRecorded += 1;
      recorded ||= s >= thresholds.match;
      notified ||= s >= thresholds.strong;
    }
    if (![...rel.values()].some((g) => g > 0)) {
      m.noAnswerNeeds += 1;
      if (recorded) m.noAnswerRecorded += 1;
      if (notified) m.noAnswerNotified += 1;
    }
  }
  return m;
}
