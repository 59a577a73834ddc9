/**
 * What the matcher needs from the reference data: how the corridor reads a city (reference.yaml
 * `cities[].role`), sector labels, the lexicon and its segmenter. One place, shared by the service,
 * the evaluation command and the benchmark.
 */
import { loadLexicon } from '../../catalogue/matching-lexicon.ts';
import type { Reference } from '../../core/catalogue/types.ts';
import type { MatcherContext } from '../../core/matching/matcher.ts';
import { createSegmenter } from '../../core/matching/segment.ts';

export function matcherContext(reference: Reference, options: { bigrams?: boolean } = {}): MatcherContext {
  const lexicon = loadLexicon(reference);
  const cities = new Map(reference.cities.map((c) => [c.code, c]));
  const sectors = new Map(reference.sectors.map((s) => [s.code, s]));
  return {
    lexicon,
    segmenter: createSegmenter(lexicon),
    cityRole: (code) => {
      const c = cities.get(code);
      return c ? { code: c.code, role: c.role, zh: c.zh, en: c.en } : null;
    },
    sectorLabel: (code) => {
      const s = sectors.get(code);
      return s ? { zh: s.zh, en: s.en } : { zh: code, en: code };
    },
    ...(options.bigrams !== undefined && { bigrams: options.bigrams }),
  };
}
