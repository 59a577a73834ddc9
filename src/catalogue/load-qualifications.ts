/**
 * Reads policies/qualifications.yaml, builds the qualification policy against the catalogue's
 * reference codes and runs its verbatim checks: a quote not found in its source, or a threshold
 * without one, refuses to load (CatalogueError naming file, path and rule).
 */
import type { Catalogue } from '../core/catalogue/types.ts';
import { CatalogueError } from '../core/errors.ts';
import { buildQualificationPolicy } from '../core/qualifications/build.ts';
import { checkQualificationPolicy, type QualificationFinding } from '../core/qualifications/check.ts';
import type { QualificationPolicy } from '../core/qualifications/types.ts';
import { DEFAULT_POLICY_DIR, readPolicyYaml, readSource } from './load.ts';

export const QUALIFICATIONS_FILE = 'qualifications.yaml';

/** The policy and the findings of its check (errors already refused). */
export function readQualificationPolicy(
  catalogue: Catalogue,
  dir = DEFAULT_POLICY_DIR,
  file = QUALIFICATIONS_FILE,
): { policy: QualificationPolicy; findings: QualificationFinding[] } {
  const { data, version } = readPolicyYaml(dir, file);
  const policy = buildQualificationPolicy(file, data, version, catalogue.reference);
  const texts = new Map<string, string>();
  for (const s of policy.sources.values()) {
    try {
      texts.set(s.file, readSource(s.file, dir));
    } catch {
      // Reported by the check as a missing file.
    }
  }
  const findings = checkQualificationPolicy(policy, texts);
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length > 0)
    throw new CatalogueError(errors.map((f) => ({ file, path: f.where, rule: f.message })));
  return { policy, findings };
}

export function loadQualificationPolicy(catalogue: Catalogue, dir = DEFAULT_POLICY_DIR): QualificationPolicy {
  return readQualificationPolicy(catalogue, dir).policy;
}

let cached: { catalogue: Catalogue; dir: string; policy: QualificationPolicy } | undefined;

/** The policy of the default folder, loaded once per catalogue (the API and CLI share it). */
export function qualificationPolicyFor(catalogue: Catalogue, dir = DEFAULT_POLICY_DIR): QualificationPolicy {
  if (cached?.catalogue !== catalogue || cached.dir !== dir)
    cached = { catalogue, dir, policy: loadQualificationPolicy(catalogue, dir) };
  return cached.policy;
}
