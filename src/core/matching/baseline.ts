/**
 * The plain-keyword baseline the matcher is measured against: what a spreadsheet search does. The
 * need's title and description are cut into words by jieba's standard dictionary (no domain lexicon,
 * no synonyms, no bigrams), stopwords and single characters dropped; each offer is ranked by how many
 * of those words appear literally in its text, ties by id. No structured field is used.
 */
import type { MatchableListing } from './listing.ts';
import { listingTextParts } from './listing.ts';
import type { Segmenter } from './segment.ts';

const HAN = /^[\u3400-\u9fff]+$/;
const ASCII_WORD = /^[a-z0-9][a-z0-9.+\-_]*$/;

export function keywords(text: string, segmenter: Segmenter, isStopword: (w: string) => boolean): string[] {
  const out = new Set<string>();
  for (const raw of segmenter.cut(text.normalize('NFKC').toLowerCase())) {
    const w = raw.trim();
    if (w.length < 2 || isStopword(w)) continue;
    if (HAN.test(w) || (ASCII_WORD.test(w) && /[a-z]/.test(w))) out.add(w);
  }
  return [...out];
}

function fullText(l: MatchableListing): string {
  const p = listingTextParts(l);
  return [...p.strong, ...p.body].join(' ').normalize('NFKC').toLowerCase();
}

export function baselineRank(
  query: MatchableListing,
  candidates: readonly MatchableListing[],
  segmenter: Segmenter,
  isStopword: (w: string) => boolean,
): string[] {
  const words = keywords(`${query.title} ${query.summary}`, segmenter, isStopword);
  return candidates
    .map((c) => {
      const text = fullText(c);
      return { id: c.id, hits: words.filter((w) => text.includes(w)).length };
    })
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.hits - a.hits || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}
