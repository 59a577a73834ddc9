/**
 * Reads policies/challenges.yaml and builds the 揭榜挂帅 policy (src/core/challenges/policy.ts), checking
 * its bases against the catalogue. A bad file is refused with a CatalogueError naming the file, the path
 * inside it and the rule.
 */
import type { Catalogue } from '../core/catalogue/types.ts';
import { buildChallengePolicy, type ChallengePolicy } from '../core/challenges/policy.ts';
import { DEFAULT_POLICY_DIR, readPolicyYaml } from './load.ts';

export const CHALLENGES_FILE = 'challenges.yaml';

export function loadChallengePolicy(
  catalogue: Catalogue,
  dir = DEFAULT_POLICY_DIR,
  file = CHALLENGES_FILE,
): ChallengePolicy {
  const { data, version } = readPolicyYaml(dir, file);
  return buildChallengePolicy(file, data, version, catalogue);
}

let cached: { catalogue: Catalogue; dir: string; policy: ChallengePolicy } | undefined;

/** The policy of the default folder, loaded once per catalogue (the API, CLI and demo share it). */
export function challengePolicyFor(catalogue: Catalogue, dir = DEFAULT_POLICY_DIR): ChallengePolicy {
  if (cached?.catalogue !== catalogue || cached.dir !== dir)
    cached = { catalogue, dir, policy: loadChallengePolicy(catalogue, dir) };
  return cached.policy;
}
