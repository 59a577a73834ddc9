/**
 * The matching lexicon (policies/matching/lexicon.yaml): the corridor's industries as words, their
 * synonyms and abbreviations, and stopwords. Validated on load with errors that name the path; built
 * into lookups the analyser uses (alias → canonical word, word → sectors) and the segmenter's user
 * dictionary (every word kept whole).
 */
import { z } from 'zod';
import { CatalogueError } from '../errors.ts';

const word = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .refine((w) => !/\s/.test(w), 'a lexicon word has no spaces (the segmenter cannot keep it whole)');

const sourceSchema = z.object({ doc: z.string().regex(/^\d{3}$/), quote: z.string().min(2) }).strict();

const blockSchema = z
  .object({
    source: sourceSchema,
    synonyms: z.array(z.array(word).min(2)).default([]),
    terms: z.array(word).default([]),
  })
  .strict();

export const lexiconFileSchema = z
  .object({
    sectors: z.record(z.string(), blockSchema),
    general: blockSchema,
    stopwords: z.array(word).default([]),
  })
  .strict();

export type LexiconFile = z.output<typeof lexiconFileSchema>;

export interface Lexicon {
  /** Every word the segmenter must keep whole (canonical words, aliases, terms), lower-case. */
  readonly words: readonly string[];
  /** Whether a (lower-case) word is one of `words`. */
  has(word: string): boolean;
  /** The canonical word for a (lower-case) word: itself unless it is an alias. */
  canonical(word: string): string;
  /** The aliases of a canonical word (empty if none). */
  aliases(canonical: string): readonly string[];
  /** Sectors whose vocabulary contains this canonical word. */
  sectorsOf(canonical: string): readonly string[];
  isStopword(word: string): boolean;
  /** Where each sector's vocabulary is cited from, for the reference endpoint and the lint test. */
  readonly sources: Readonly<Record<string, { doc: string; quote: string }>>;
}

export const normaliseWord = (w: string): string => w.normalize('NFKC').toLowerCase();

/**
 * Builds the lookups. `sectorCodes` are reference.yaml's: a block for an unknown sector, or one word
 * that two synonym groups both claim, is an error naming where.
 */
export function buildLexicon(
  raw: unknown,
  sectorCodes: readonly string[],
  file = 'matching/lexicon.yaml',
): Lexicon {
  const parsed = lexiconFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CatalogueError(
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), rule: i.message })),
    );
  }
  const data = parsed.data;
  const issues: { file: string; path: string; rule: string }[] = [];
  const toCanonical = new Map<string, string>();
  const aliasesOf = new Map<string, string[]>();
  const sectors = new Map<string, Set<string>>();
  const words = new Set<string>();
  const sources: Record<string, { doc: string; quote: string }> = {};

  const blocks: [string, z.output<typeof blockSchema>][] = [
    ...Object.entries(data.sectors),
    ['general', data.general],
  ];
  for (const [code, block] of blocks) {
    if (code !== 'general' && !sectorCodes.includes(code))
      issues.push({ file, path: `sectors.${code}`, rule: 'unknown sector code (see reference.yaml)' });
    sources[code] = block.source;
    const addSector = (w: string) => {
      if (code === 'general') return;
      const set = sectors.get(w) ?? new Set<string>();
      set.add(code);
      sectors.set(w, set);
    };
    block.synonyms.forEach((group, gi) => {
      const canonical = normaliseWord(group[0]!);
      group.forEach((alias, ai) => {
        const w = normaliseWord(alias);
        const taken = toCanonical.get(w);
        if (taken !== undefined && taken !== canonical) {
          issues.push({
            file,
            path: `${code === 'general' ? 'general' : `sectors.${code}`}.synonyms.${gi}.${ai}`,
            rule: `"${alias}" already reads as "${taken}"`,
          });
          return;
        }
        toCanonical.set(w, canonical);
        words.add(w);
        if (w !== canonical) aliasesOf.set(canonical, [...(aliasesOf.get(canonical) ?? []), w]);
      });
      addSector(canonical);
    });
    for (const t of block.terms) {
      const w = normaliseWord(t);
      words.add(w);
      addSector(toCanonical.get(w) ?? w);
    }
  }
  const stop = new Set(data.stopwords.map(normaliseWord));
  for (const w of stop)
    if (words.has(w))
      issues.push({ file, path: 'stopwords', rule: `"${w}" is both a stopword and a lexicon word` });
  if (issues.length > 0) throw new CatalogueError(issues);

  return {
    words: [...words].sort(),
    has: (w) => words.has(w),
    canonical: (w) => toCanonical.get(w) ?? w,
    aliases: (c) => aliasesOf.get(c) ?? [],
    sectorsOf: (c) => [...(sectors.get(c) ?? [])],
    isStopword: (w) => stop.has(w),
    sources,
  };
}
