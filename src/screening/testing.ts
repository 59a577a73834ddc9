/**
 * Shared fixtures for the screening tests: the catalogue as it is on disk. If a policy file is
 * mid-edit and does not validate, the documents that do are used (catalogue validation has its own
 * tests; these are about the compilers), and the test output says so.
 */

import { readPolicyFiles } from '../catalogue/load.ts';
import { buildCatalogue } from '../core/catalogue/build.ts';
import type { Catalogue, Condition } from '../core/catalogue/types.ts';
import { holds } from '../core/conditions.ts';
import { CatalogueError } from '../core/errors.ts';
import type { FactDef } from '../core/facts.ts';
import type { Applicant } from '../core/input.ts';

let cached: Catalogue | undefined;

export function testCatalogue(): Catalogue {
  if (cached) return cached;
  const files = readPolicyFiles();
  try {
    cached = buildCatalogue(files);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    const documents = files.documents.filter((d) => {
      try {
        buildCatalogue({ ...files, documents: [d] });
        return true;
      } catch {
        return false;
      }
    });
    process.stderr.write(
      `screening tests: catalogue does not validate, using ${documents.map((d) => d.file).join(', ')}\n`,
    );
    cached = buildCatalogue({ ...files, documents });
  }
  return cached;
}

/** The reference evaluator over applicant conditions alone (what screening compiles), for the differential tests. */
export function referenceHolds(facts: ReadonlyMap<string, FactDef>) {
  return (
    conditions: readonly Condition[],
    applicant: Applicant,
    date: string,
    windowFrom: string | null = null,
  ) => conditions.every((c) => holds(c, { applicant, matter: null, date, windowFrom }, facts));
}
