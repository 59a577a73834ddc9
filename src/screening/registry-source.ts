/**
 * Where a screening or a simulation takes its registry from: a synthetic one (count, seed) or a file
 * streamed row by row (registry-stream.ts: NDJSON, CSV or .xlsx, any size, every row checked and a
 * bad one named). `readRegistryFile` is the whole-file reader checked by the calculator's zod schema:
 * the reference the streamed reader is tested against, for files that fit in a string.
 */
import { readFileSync } from 'node:fs';
import type { Reference } from '../core/catalogue/types.ts';
import { InputError } from '../core/errors.ts';
import type { Applicant } from '../core/input.ts';
import { calcInputSchema } from '../core/input.ts';
import { type ColumnarRegistry, dictionariesOf, fromApplicants } from './columnar.ts';
import { generateRegistry } from './generate.ts';
import { streamRegistryFile } from './registry-stream.ts';

export interface RegistrySource {
  file?: string;
  count?: number;
  seed?: number;
  shared?: boolean;
  /** Keep the names of a file's organisations (exports need them). */
  keepNames?: boolean;
}

export function readRegistryFile(
  ref: Reference,
  file: string,
  opts: { shared?: boolean } = {},
): ColumnarRegistry {
  const applicantSchema = calcInputSchema(ref).shape.applicant;
  const applicants: Applicant[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new InputError([
        {
          path: `${file}:${i + 1}`,
          rule: 'json',
          zh: `不是有效的 JSON：${(e as Error).message}`,
          en: `not valid JSON: ${(e as Error).message}`,
        },
      ]);
    }
    const parsed = applicantSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const at = `${file}:${i + 1} ${issue.path.join('.')}`;
      throw new InputError([{ path: at, rule: issue.code, zh: issue.message, en: issue.message }]);
    }
    applicants.push(parsed.data);
  });
  return fromApplicants(dictionariesOf(ref), applicants, opts);
}

export async function loadRegistry(ref: Reference, source: RegistrySource): Promise<ColumnarRegistry> {
  if (source.file)
    return streamRegistryFile(ref, source.file, {
      shared: source.shared ?? false,
      keepNames: source.keepNames ?? true,
    });
  return generateRegistry(ref, {
    count: source.count ?? 100_000,
    seed: source.seed ?? 1,
    shared: source.shared ?? false,
  });
}
