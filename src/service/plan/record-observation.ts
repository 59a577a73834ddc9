/**
 * An officer records the value of a target for a period (the form), with its source document and an
 * internal comment. The period must have no value yet (else: revise it); the very same entry again
 * (a double submit, a retry) is answered with the existing value and changes nothing. Audited as
 * `plan.observation.record`; the target is re-evaluated at once and its department alerted if its
 * status worsened.
 */
import { InputError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { reassess } from './alerts.ts';
import {
  authorise,
  checkObservation,
  findTarget,
  observationInputSchema,
  today,
  WRITERS,
  writeObservation,
} from './observations.ts';
import type { PlanDeps } from './ports.ts';
import { statusView } from './views.ts';

export async function recordObservation(deps: PlanDeps, actor: Actor, targetId: string, raw: unknown) {
  authorise(actor, WRITERS, { zh: '录入规划监测数据', en: 'record plan observations' });
  const target = findTarget(deps.plan, targetId);
  const input = parseOrThrow(observationInputSchema, raw);
  const day = today(deps);
  const issues = checkObservation(deps.plan, target, input, day);
  if (issues.length > 0) throw new InputError(issues);
  return deps.db.transaction().execute(async (tx) => {
    await new PlanRepository(tx).lockTarget(target.id);
    const written = await writeObservation(
      tx,
      deps,
      { id: actor.id, name: actor.username },
      target.id,
      input,
      {
        mode: 'create',
        channel: 'manual',
      },
    );
    if (written.outcome === 'unchanged') {
      const { evaluations } = await reassess(tx, deps, [target.id], day);
      return { ...written, progress: statusView(evaluations[0]!.progress), alerts: [] };
    }
    await deps.audit.append(tx, {
      actor: actor.username,
      action: 'plan.observation.record',
      subject: `plan_target:${target.id}`,
      detail: {
        period: input.period,
        value: input.value ?? null,
        assessment: input.assessment ?? null,
        source: input.source,
        revision: written.observation.revision,
      },
    });
    const { evaluations, alerts } = await reassess(tx, deps, [target.id], day);
    return { ...written, progress: statusView(evaluations[0]!.progress), alerts };
  });
}
