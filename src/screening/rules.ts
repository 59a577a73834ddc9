/**
 * Screening rules as data (policies/screening.yaml): which matters the registry files for an
 * organisation by itself — the matter type, the base figures it takes and which year's — so that a
 * run computes the amount of a notice with the engine's own rules (免申即享) instead of inviting an
 * application (快申快享). Validated against the catalogue's reference data on load, with errors that
 * name the file and the field.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Catalogue } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';
import type { Text } from '../core/text.ts';

export const SCREENING_RULES_FILE = 'screening.yaml';

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const fileSchema = z
  .object({
    registryMatters: z
      .array(
        z
          .object({
            matterType: z.string().min(1),
            figures: z.array(z.string().min(1)).min(1),
            /** Whose figures: the last complete year before the matter's date, or its own year. */
            year: z.enum(['previous', 'current']),
            quote: z.string().min(1),
            source: z.string().min(1),
            reading: text,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export interface RegistryMatterRule {
  matterType: string;
  figures: string[];
  year: 'previous' | 'current';
  quote: string;
  source: string;
  reading: Text;
}

export interface ScreeningRules {
  /** matter type → how the registry files it. */
  registryMatters: ReadonlyMap<string, RegistryMatterRule>;
  /** Hash of the rules' content: part of a measure's run hash, so an edit re-screens it. */
  version: string;
}

export const NO_SCREENING_RULES: ScreeningRules = { registryMatters: new Map(), version: 'none' };

/** Builds the rules from the parsed YAML, checking every code against the catalogue's reference data. */
export function buildScreeningRules(
  raw: unknown,
  catalogue: Catalogue,
  file = SCREENING_RULES_FILE,
): ScreeningRules {
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new CatalogueError(
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.') || '(root)', rule: i.message })),
    );
  }
  const ref = catalogue.reference;
  const matterTypes = new Set(ref.matterTypes.map((t) => t.code));
  const figures = new Set(ref.figures.map((f) => f.code));
  const problems: { file: string; path: string; rule: string }[] = [];
  const byType = new Map<string, RegistryMatterRule>();
  parsed.data.registryMatters.forEach((r, i) => {
    const at = `registryMatters.${i}`;
    if (!matterTypes.has(r.matterType))
      problems.push({ file, path: `${at}.matterType`, rule: `unknown matter type ${r.matterType}` });
    if (byType.has(r.matterType))
      problems.push({ file, path: `${at}.matterType`, rule: `${r.matterType} is listed twice` });
    r.figures.forEach((f, j) => {
      if (!figures.has(f)) problems.push({ file, path: `${at}.figures.${j}`, rule: `unknown figure ${f}` });
    });
    byType.set(r.matterType, r);
  });
  if (problems.length > 0) throw new CatalogueError(problems);
  const version = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex').slice(0, 16);
  return { registryMatters: byType, version };
}
