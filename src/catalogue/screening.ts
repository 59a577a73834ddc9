/**
 * Reads policies/screening.yaml (which matters the registry files by itself, for 免申即享) and builds
 * the screening rules against a catalogue. The only file access for them, like load.ts for the
 * catalogue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Catalogue } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';
import { buildScreeningRules, SCREENING_RULES_FILE, type ScreeningRules } from '../screening/rules.ts';
import { DEFAULT_POLICY_DIR } from './load.ts';

const cache = new WeakMap<Catalogue, ScreeningRules>();

/** The screening rules in the policy folder (none when the file is absent). */
export function loadScreeningRules(
  catalogue: Catalogue,
  dir = process.env.CEYUAN_POLICIES ?? DEFAULT_POLICY_DIR,
): ScreeningRules {
  const known = cache.get(catalogue);
  if (known) return known;
  const path = join(dir, SCREENING_RULES_FILE);
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new CatalogueError([{ file: SCREENING_RULES_FILE, path: '(yaml)', rule: (e as Error).message }]);
    }
  }
  const rules = buildScreeningRules(raw, catalogue);
  cache.set(catalogue, rules);
  return rules;
}
