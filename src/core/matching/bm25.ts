/**
 * Okapi BM25 over analysed listings (Robertson & Zaragoza, "The Probabilistic Relevance Framework:
 * BM25 and Beyond", 2009), with the non-negative idf Lucene uses:
 *
 *   idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
 *   w(t, d)     = idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d|/avgdl))
 *   qw(t)       = (k3 + 1)·qtf / (k3 + qtf)                  (query term frequency, saturated)
 *   score(q, d) = Σ_t qw(t) · w(t, d)
 *
 * `ceiling(q)` = Σ_t qw(t)·idf(t)·(k1 + 1) is the score no document can reach (the limit tf → ∞), so
 * score / ceiling is a share in [0, 1) comparable across queries: the text factor is built on it.
 * Hand-computed values are in bm25.test.ts.
 *
 * Documents live in slots (ints) with postings as parallel arrays, so 20,000 listings a side take a
 * few megabytes and a query touches only the postings of its terms. Removal leaves a tombstone.
 */

export interface Bm25Params {
  k1: number;
  b: number;
  k3: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, k3: 1.2 };

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function termWeight(
  tf: number,
  df: number,
  n: number,
  dl: number,
  avgdl: number,
  p: Bm25Params,
): number {
  if (tf <= 0) return 0;
  const norm = avgdl > 0 ? dl / avgdl : 1;
  return (idf(df, n) * (tf * (p.k1 + 1))) / (tf + p.k1 * (1 - p.b + p.b * norm));
}

export function queryWeight(qtf: number, p: Bm25Params): number {
  return ((p.k3 + 1) * qtf) / (p.k3 + qtf);
}

interface Postings {
  slots: number[];
  tfs: number[];
}

export interface Hit {
  id: string;
  score: number;
}

export class Bm25Index {
  private readonly slotOf = new Map<string, number>();
  private readonly ids: (string | null)[] = [];
  private readonly lengths: number[] = [];
  private readonly docTerms: (Map<string, number> | null)[] = [];
  private readonly postings = new Map<string, Postings>();
  private readonly dfs = new Map<string, number>();
  private live = 0;
  private totalLength = 0;

  constructor(readonly params: Bm25Params = DEFAULT_BM25) {}

  get size(): number {
    return this.live;
  }

  get avgdl(): number {
    return this.live > 0 ? this.totalLength / this.live : 0;
  }

  df(term: string): number {
    return this.dfs.get(term) ?? 0;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds (or replaces) a document: its terms with their (weighted) frequencies and its length. */
  add(id: string, terms: ReadonlyMap<string, number>, length: number): void {
    if (this.slotOf.has(id)) this.remove(id);
    const slot = this.ids.length;
    this.ids.push(id);
    this.lengths.push(length);
    // Kept by reference: the caller hands over the analysis and does not change it afterwards.
    const own = terms as Map<string, number>;
    this.docTerms.push(own);
    this.slotOf.set(id, slot);
    for (const [term, tf] of own) {
      if (tf <= 0) continue;
      let p = this.postings.get(term);
      if (!p) {
        p = { slots: [], tfs: [] };
        this.postings.set(term, p);
      }
      p.slots.push(slot);
      p.tfs.push(tf);
      this.dfs.set(term, (this.dfs.get(term) ?? 0) + 1);
    }
    this.live += 1;
    this.totalLength += length;
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const terms = this.docTerms[slot]!;
    for (const [term, tf] of terms) if (tf > 0) this.dfs.set(term, (this.dfs.get(term) ?? 1) - 1);
    this.totalLength -= this.lengths[slot]!;
    this.live -= 1;
    this.ids[slot] = null;
    this.docTerms[slot] = null;
    this.slotOf.delete(id);
    return true;
  }

  /** The score of one document for a query (0 when absent). */
  score(query: ReadonlyMap<string, number>, id: string): number {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return 0;
    let s = 0;
    for (const [term, qtf] of query) s += this.contribution(term, qtf, slot);
    return s;
  }

  /** Each query term's part of one document's score, largest first (for explanations). */
  contributions(query: ReadonlyMap<string, number>, id: string): { term: string; score: number }[] {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return [];
    const out: { term: string; score: number }[] = [];
    for (const [term, qtf] of query) {
      const c = this.contribution(term, qtf, slot);
      if (c > 0) out.push({ term, score: c });
    }
    return out.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  }

  private contribution(term: string, qtf: number, slot: number): number {
    const tf = this.docTerms[slot]?.get(term) ?? 0;
    if (tf <= 0) return 0;
    return (
      queryWeight(qtf, this.params) *
      termWeight(tf, this.df(term), this.live, this.lengths[slot]!, this.avgdl, this.params)
    );
  }

  /**
   * The score of a document that is not in the index (a draft, or a listing of the other side),
   * judged with this index's statistics: as if it were one more document of the collection.
   */
  scoreExternal(
    query: ReadonlyMap<string, number>,
    terms: ReadonlyMap<string, number>,
    length: number,
  ): number {
    const n = this.live + 1;
    const avgdl = (this.totalLength + length) / n;
    let s = 0;
    for (const [term, qtf] of query) {
      const tf = terms.get(term) ?? 0;
      if (tf <= 0) continue;
      s += queryWeight(qtf, this.params) * termWeight(tf, this.df(term) + 1, n, length, avgdl, this.params);
    }
    return s;
  }

  /** The score no document reaches for this query (tf → ∞ in every term). */
  ceiling(query: ReadonlyMap<string, number>): number {
    let s = 0;
    for (const [term, qtf] of query)
      s += queryWeight(qtf, this.params) * idf(this.df(term), this.live) * (this.params.k1 + 1);
    return s;
  }

  /**
   * Every document with a positive score, unsorted: accumulates over the query terms' postings only.
   * `accept` leaves out documents (expired, same group, the query itself).
   */
  search(query: ReadonlyMap<string, number>, accept: (id: string) => boolean = () => true): Hit[] {
    const acc = new Map<number, number>();
    const n = this.live;
    const avgdl = this.avgdl;
    for (const [term, qtf] of query) {
      const p = this.postings.get(term);
      if (!p) continue;
      const df = this.df(term);
      if (df <= 0) continue;
      const qw = queryWeight(qtf, this.params);
      for (let i = 0; i < p.slots.length; i++) {
        const slot = p.slots[i]!;
        if (this.ids[slot] === null) continue;
        const w = termWeight(p.tfs[i]!, df, n, this.lengths[slot]!, avgdl, this.params);
        acc.set(slot, (acc.get(slot) ?? 0) + qw * w);
      }
    }
    const hits: Hit[] = [];
    for (const [slot, score] of acc) {
      const id = this.ids[slot]!;
      if (accept(id)) hits.push({ id, score });
    }
    return hits;
  }

  /** Ids of every live document. */
  *documents(): IterableIterator<string> {
    for (const id of this.ids) if (id !== null) yield id;
  }
}
