/**
 * Where a screening or a simulation takes its registry from: a synthetic one (count, seed) or an
 * NDJSON file of applicant profiles (as `ceyuan generate` writes them), checked line by line
 * against the calculator's input schema so a bad line is named.
 */
import { readFileSync } from 'node:fs';
import type { Reference } from '../core/catalogue/types.ts';
import { InputError } from '../core/errors.ts';
import type { Applicant } from '../core/input.ts';
import { calcInputSchema } from '../core/input.ts';
import { type ColumnarRegistry, dictionariesOf, fromApplicants } from './columnar.ts';
import { generateRegistry } from './generate.ts';

export interface RegistrySource {
  file?: string;
  count?: number;
  seed?: number;
  shared?: boolean;
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

export function loadRegistry(ref: Reference, source: RegistrySource): ColumnarRegistry {
  if (source.file) return readRegistryFile(ref, source.file, { shared: source.shared ?? false });
  return generateRegistry(ref, {
    count: source.count ?? 100_000,
    seed: source.seed ?? 1,
    shared: source.shared ?? false,
  });
}
