/**
 * BM25 against values computed by hand. Collection: d1 = {a, b}, d2 = {a, a}, d3 = {c}; N = 3,
 * avgdl = 5/3; k1 = 1.2, b = 0.75, k3 = 1.2.
 *   idf(a) = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6 = 0.470004
 *   d1: |d|/avgdl = 1.2, K = 1.2·(0.25 + 0.75·1.2) = 1.38; w = 0.470004 · 1·2.2/(1 + 1.38) = 0.434457
 *   d2: w = 0.470004 · 2·2.2/(2 + 1.38) = 0.611839
 *   qw(qtf = 1) = 2.2·1/(1.2 + 1) = 1; qw(qtf = 2) = 4.4/3.2 = 1.375
 *   ceiling({a}) = 1 · 0.470004 · 2.2 = 1.034008
 */
import { describe, expect, it } from 'vitest';
import { Bm25Index, idf, queryWeight, termWeight } from './bm25.ts';

const p = { k1: 1.2, b: 0.75, k3: 1.2 };

function collection() {
  const index = new Bm25Index(p);
  index.add(
    'd1',
    new Map([
      ['a', 1],
      ['b', 1],
    ]),
    2,
  );
  index.add('d2', new Map([['a', 2]]), 2);
  index.add('d3', new Map([['c', 1]]), 1);
  return index;
}

describe('BM25', () => {
  it('idf, term weight and query weight match the hand computation', () => {
    expect(idf(2, 3)).toBeCloseTo(0.470004, 6);
    expect(termWeight(1, 2, 3, 2, 5 / 3, p)).toBeCloseTo(0.434457, 6);
    expect(termWeight(2, 2, 3, 2, 5 / 3, p)).toBeCloseTo(0.611839, 6);
    expect(queryWeight(1, p)).toBe(1);
    expect(queryWeight(2, p)).toBeCloseTo(1.375, 12);
    // A term in every document still scores a little (Lucene's non-negative idf).
    expect(idf(3, 3)).toBeGreaterThan(0);
  });

  it('scores, ranks and explains documents of the index', () => {
    const index = collection();
    expect(index.size).toBe(3);
    expect(index.avgdl).toBeCloseTo(5 / 3, 12);
    const q = new Map([['a', 1]]);
    const hits = index.search(q).sort((x, y) => y.score - x.score);
    expect(hits.map((h) => h.id)).toEqual(['d2', 'd1']);
    expect(hits[0]!.score).toBeCloseTo(0.611839, 6);
    expect(hits[1]!.score).toBeCloseTo(0.434457, 6);
    expect(index.score(new Map([['a', 2]]), 'd1')).toBeCloseTo(0.597379, 6);
    expect(index.ceiling(q)).toBeCloseTo(1.034008, 6);
    expect(
      index
        .contributions(
          new Map([
            ['a', 1],
            ['b', 1],
          ]),
          'd1',
        )
        .map((c) => c.term),
    ).toEqual(['b', 'a']);
    // An external document is judged as one more document of the collection (N = 4).
    expect(index.scoreExternal(q, new Map([['a', 1]]), 2)).toBeCloseTo(termWeight(1, 3, 4, 2, 7 / 4, p), 12);
  });

  it('removes and replaces documents, keeping df, N and avgdl right', () => {
    const index = collection();
    index.remove('d2');
    expect(index.size).toBe(2);
    expect(index.df('a')).toBe(1);
    expect(index.avgdl).toBeCloseTo(1.5, 12);
    expect(index.search(new Map([['a', 1]])).map((h) => h.id)).toEqual(['d1']);
    index.add('d1', new Map([['c', 3]]), 3);
    expect(index.df('a')).toBe(0);
    expect(index.df('c')).toBe(2);
    expect(index.search(new Map([['a', 1]]))).toEqual([]);
    expect(index.remove('nope')).toBe(false);
  });
});
