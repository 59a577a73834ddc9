/**
 * Reads the policy folder (reference.yaml + one YAML file per document) and builds the catalogue.
 * The catalogue version is a hash of the files' bytes, so any edit gives a new version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildCatalogue, type SourceFile } from '../core/catalogue/build.ts';
import type { Catalogue } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';

export const DEFAULT_POLICY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../policies');
const DOCUMENT_FILE = /^\d{3}\.yaml$/;
const OVERLAPS_FILE = 'overlaps.yaml';

export interface LoadedFiles {
  reference: SourceFile;
  documents: SourceFile[];
  /** overlaps.yaml: measures of different matter types one project can fall into. */
  overlaps?: SourceFile;
  version: string;
}

export function readPolicyFiles(dir = DEFAULT_POLICY_DIR): LoadedFiles {
  const hash = createHash('sha256');
  const read = (file: string): SourceFile => {
    const bytes = readFileSync(join(dir, file));
    hash.update(file).update('\0').update(bytes);
    try {
      return { file, data: parse(bytes.toString('utf8')) };
    } catch (e) {
      throw new CatalogueError([{ file, path: '(yaml)', rule: (e as Error).message }]);
    }
  };
  const files = readdirSync(dir);
  const reference = read('reference.yaml');
  const documents = files
    .filter((f) => DOCUMENT_FILE.test(f))
    .sort()
    .map(read);
  const overlaps = files.includes(OVERLAPS_FILE) ? read(OVERLAPS_FILE) : undefined;
  return {
    reference,
    documents,
    ...(overlaps ? { overlaps } : {}),
    version: hash.digest('hex').slice(0, 16),
  };
}

export function loadCatalogue(dir = DEFAULT_POLICY_DIR): Catalogue {
  return buildCatalogue(readPolicyFiles(dir));
}

/**
 * One YAML data file of the policy folder (plans, challenge lists, …): its parsed data and a version
 * (a hash of its bytes). Bad YAML is a CatalogueError naming the file.
 */
export function readPolicyYaml(dir: string, file: string): { data: unknown; version: string } {
  const bytes = readFileSync(join(dir, file));
  try {
    return {
      data: parse(bytes.toString('utf8')),
      version: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
    };
  } catch (e) {
    throw new CatalogueError([{ file, path: '(yaml)', rule: (e as Error).message }]);
  }
}

/** The verbatim source text of a document, as kept under policies/sources/. */
export function readSource(source: string, dir = DEFAULT_POLICY_DIR): string {
  return readFileSync(join(dir, source), 'utf8');
}
