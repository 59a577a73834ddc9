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
