/**
 * Reads policies/plan-003.yaml and builds the plan, checking its measure links against the catalogue.
 * A bad file is refused with a CatalogueError naming the file, the path inside it and the rule.
 */
import type { Catalogue } from '../core/catalogue/types.ts';
import { buildPlan } from '../core/plan/build.ts';
import type { Plan } from '../core/plan/types.ts';
import { DEFAULT_POLICY_DIR, readPolicyYaml } from './load.ts';

export const PLAN_FILE = 'plan-003.yaml';

export function loadPlan(catalogue: Catalogue, dir = DEFAULT_POLICY_DIR, file = PLAN_FILE): Plan {
  const { data, version } = readPolicyYaml(dir, file);
  return buildPlan(file, data, version, {
    measureIds: new Set(catalogue.measures.map((m) => m.id)),
    qualificationCodes: new Set(catalogue.reference.qualifications.map((q) => q.code)),
    cityCodes: new Set(catalogue.reference.cities.map((c) => c.code)),
  });
}

let cached: { catalogue: Catalogue; dir: string; plan: Plan } | undefined;

/** The plan of the default folder, loaded once per catalogue (the API and CLI share it). */
export function planFor(catalogue: Catalogue, dir = DEFAULT_POLICY_DIR): Plan {
  if (cached?.catalogue !== catalogue || cached.dir !== dir)
    cached = { catalogue, dir, plan: loadPlan(catalogue, dir) };
  return cached.plan;
}
