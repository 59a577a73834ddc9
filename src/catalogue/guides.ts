/** Reads policies/guides.yaml (办事指南 facts quoted from the texts) and checks it against the catalogue. */
import { type GuideFile, guideFileSchema } from '../core/catalogue/guide.ts';
import type { Catalogue } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';
import { DEFAULT_POLICY_DIR, readPolicyYaml } from './load.ts';

/**
 * The guide data for this catalogue. Entries naming a measure or document the catalogue lacks are
 * left out and listed in `unknown` (test/guides.test.ts requires none for the real catalogue; a test's
 * own small catalogue simply gets fewer guides).
 */
export function loadGuides(
  catalogue: Catalogue,
  dir = DEFAULT_POLICY_DIR,
): { data: GuideFile; unknown: string[] } {
  const file = 'guides.yaml';
  const result = guideFileSchema.safeParse(readPolicyYaml(dir, file).data);
  if (!result.success) {
    throw new CatalogueError(
      result.error.issues.map((i) => ({ file, path: i.path.join('.'), rule: i.message })),
    );
  }
  const unknown: string[] = [];
  const measures = Object.fromEntries(
    Object.entries(result.data.measures).filter(
      ([id]) => catalogue.byId.has(id) || !unknown.push(`measures.${id}`),
    ),
  );
  const documents = Object.fromEntries(
    Object.entries(result.data.documents).filter(
      ([code]) => catalogue.documents.some((d) => d.code === code) || !unknown.push(`documents.${code}`),
    ),
  );
  return { data: { documents, measures }, unknown };
}
