/**
 * Reads the matching lexicon (policies/matching/lexicon.yaml) and builds it against the reference's
 * sector codes. The only file access for the lexicon; cached per folder, so every service, route and
 * command shares one lexicon (and so one segmenter).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Reference } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';
import { buildLexicon, type Lexicon } from '../core/matching/lexicon.ts';
import { DEFAULT_POLICY_DIR } from './load.ts';

export const LEXICON_FILE = 'matching/lexicon.yaml';
const cache = new Map<string, Lexicon>();

export function loadLexicon(reference: Reference, dir = DEFAULT_POLICY_DIR): Lexicon {
  const key = `${dir}|${reference.sectors.map((s) => s.code).join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let data: unknown;
  try {
    data = parse(readFileSync(join(dir, LEXICON_FILE), 'utf8'));
  } catch (e) {
    throw new CatalogueError([{ file: LEXICON_FILE, path: '(yaml)', rule: (e as Error).message }]);
  }
  const lexicon = buildLexicon(
    data,
    reference.sectors.map((s) => s.code),
    LEXICON_FILE,
  );
  cache.set(key, lexicon);
  return lexicon;
}
