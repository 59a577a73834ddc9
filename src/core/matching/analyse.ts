/**
 * A listing's text → the terms the ranking counts. Segment (jieba + lexicon), normalise (NFKC, lower
 * case), drop stopwords, punctuation, numbers and single characters, read every alias as its
 * canonical word (卫星网络 → 卫星互联网, sic → 碳化硅), and add character bigrams of the Chinese runs the
 * dictionary does not know, so an unknown compound still meets its variants (热界面材料 ~ 界面材料).
 * Title and keywords count double. What each canonical term was written as is kept, so an
 * explanation can say "需求写‘星座互联网’，成果写‘卫星互联网’".
 */
import { type Lexicon, normaliseWord } from './lexicon.ts';
import type { Segmenter } from './segment.ts';

export interface Analysis {
  /** Canonical term → weighted frequency. Bigram terms start with "~". */
  terms: Map<string, number>;
  /** Canonical term → the words the text used for it (only with `surfaces: true`: explanations need them, indexes do not). */
  surfaces: Map<string, Set<string>>;
  /** Sector code → how many lexicon words of that sector the text used. */
  sectorEvidence: Map<string, number>;
  /** Sum of the weighted frequencies (the document length for BM25). */
  length: number;
}

export interface AnalyseOptions {
  /** Add character bigrams of Chinese words the lexicon does not know (default true). */
  bigrams?: boolean;
  /** Weight of one bigram occurrence relative to a word (default 0.3). */
  bigramWeight?: number;
  /** Weight of a title or keyword occurrence (default 2). */
  strongWeight?: number;
  /** Keep how each term was written (default false: an index does not need it, an explanation does). */
  surfaces?: boolean;
}

export const BIGRAM_PREFIX = '~';
const HAN = /^[\u3400-\u9fff]+$/;
const HAS_LETTER = /[a-z]/;
const KEEP_ASCII = /^[a-z0-9][a-z0-9.+\-_]*$/;

/** Whether a segment is a content word worth counting (before alias mapping). */
function isContent(w: string, lexicon: Lexicon): boolean {
  if (lexicon.isStopword(w)) return false;
  if (HAN.test(w)) return w.length >= 2 || lexicon.canonical(w) !== w;
  // Latin words and codes (sic, mems, sm4); a figure with a unit (80m, 300mm) is a number, not a
  // term, unless the lexicon knows it (6g, 5.5g).
  if (KEEP_ASCII.test(w)) return lexicon.has(w) || (/^[a-z]/.test(w) && HAS_LETTER.test(w) && w.length >= 2);
  // Mixed words only when the lexicon knows them (3d打印, ai终端, leo卫星).
  return lexicon.has(w);
}

export function normaliseText(text: string): string {
  return normaliseWord(text);
}

export function analyse(
  parts: { strong: string[]; body: string[] },
  segmenter: Segmenter,
  lexicon: Lexicon,
  options: AnalyseOptions = {},
): Analysis {
  const bigrams = options.bigrams ?? true;
  const bigramWeight = options.bigramWeight ?? 0.3;
  const strongWeight = options.strongWeight ?? 2;
  const keepSurfaces = options.surfaces ?? false;
  const known = lexicon;
  const a: Analysis = { terms: new Map(), surfaces: new Map(), sectorEvidence: new Map(), length: 0 };
  const add = (term: string, weight: number) => {
    a.terms.set(term, (a.terms.get(term) ?? 0) + weight);
    a.length += weight;
  };

  const addBigrams = (run: string, weight: number) => {
    for (let j = 0; j + 2 <= run.length; j++) add(BIGRAM_PREFIX + run.slice(j, j + 2), weight * bigramWeight);
  };

  const feed = (text: string, weight: number) => {
    // Consecutive single characters jieba could not place in a word (an unknown compound).
    let singles = '';
    const flush = () => {
      if (bigrams && singles.length >= 2) addBigrams(singles, weight);
      singles = '';
    };
    for (const raw of segmenter.cut(normaliseText(text))) {
      const w = raw.trim();
      if (w.length === 1 && HAN.test(w) && !lexicon.isStopword(w) && !known.has(w)) {
        singles += w;
        continue;
      }
      flush();
      if (!w || !isContent(w, lexicon)) continue;
      const c = lexicon.canonical(w);
      add(c, weight);
      if (keepSurfaces) {
        const s = a.surfaces.get(c) ?? new Set<string>();
        s.add(w);
        a.surfaces.set(c, s);
      }
      for (const sector of lexicon.sectorsOf(c))
        a.sectorEvidence.set(sector, (a.sectorEvidence.get(sector) ?? 0) + 1);
      // A longer word the lexicon does not know also counts by its bigrams, so differently
      // segmented compounds (热界面材料 / 界面材料) still share terms.
      if (bigrams && w.length >= 3 && HAN.test(w) && !known.has(w)) addBigrams(w, weight);
    }
    flush();
  };

  for (const t of parts.strong) feed(t, strongWeight);
  for (const t of parts.body) feed(t, 1);
  return a;
}
