/**
 * 十五五 plan monitoring (003) as one service over its ports: the use cases, one per file in this
 * folder, bound to their dependencies. Routes and the CLI build it from the database, the loaded plan
 * and catalogue, a clock, the audit trail and the message service.
 */
import type { Actor } from '../applications/ports.ts';
import { exportReport } from './export-report.ts';
import { importObservations, importTemplate } from './import-observations.ts';
import type { PlanDeps } from './ports.ts';
import { pushObservations } from './push-observations.ts';
import { createPlanReader } from './read-plan.ts';
import { recordObservation } from './record-observation.ts';
import { reviseObservation } from './revise-observation.ts';
import { scanPlan } from './scan-plan.ts';
import { setTargetSettings } from './set-target-settings.ts';
import { withdrawObservation } from './withdraw-observation.ts';

export function createPlanService(deps: PlanDeps) {
  const reader = createPlanReader(deps);
  return {
    ...reader,
    record: (actor: Actor, targetId: string, body: unknown) => recordObservation(deps, actor, targetId, body),
    revise: (actor: Actor, targetId: string, period: string, body: unknown) =>
      reviseObservation(deps, actor, targetId, period, body),
    withdraw: (actor: Actor, targetId: string, period: string, body: unknown) =>
      withdrawObservation(deps, actor, targetId, period, body),
    push: (actor: Actor, body: unknown) => pushObservations(deps, actor, body),
    import: (actor: Actor, file: { data: Uint8Array; name?: string }, options: { allowPartial?: boolean }) =>
      importObservations(deps, actor, file, options),
    template: (format: 'csv' | 'xlsx') => importTemplate(deps.plan, format),
    settings: (actor: Actor, targetId: string, body: unknown) =>
      setTargetSettings(deps, actor, targetId, body),
    scan: (date: string, actor: string) => scanPlan(deps, { date, actor }),
    export: (actor: Actor, date: string) => exportReport(deps, reader, actor, date),
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
