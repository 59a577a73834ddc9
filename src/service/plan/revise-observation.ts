import { InputError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { reassess } from './alerts.ts';
import { authorise, checkObservation, findTarget, today, WRITERS, writeObservation } from './observations.ts';
import type { PlanDeps } from './ports.ts';
import { reviseInputSchema } from './schemas.ts';
import { statusView } from './views.ts';

export { reviseInputSchema };

export async function reviseObservation(
  deps: PlanDeps,
  actor: Actor,
  targetId: string,
  period: string,
  raw: unknown,
) {
  authorise(actor, WRITERS, { zh: '修订规划监测数据', en: 'revise plan observations' });
  const target = findTarget(deps.plan, targetId);
  const { reason, expectedRevision, ...fields } = parseOrThrow(reviseInputSchema, raw);
  const input = { ...fields, period };
  const day = today(deps);
  const issues = checkObservation(deps.plan, target, input, day);
  if (issues.length > 0) throw new InputError(issues);
  return deps.db.transaction().execute(async (tx) => {
    await new PlanRepository(tx).lockTarget(target.id);
    const before = await new PlanRepository(tx).latestRevision(target.id, period);
    const written = await writeObservation(
      tx,
      deps,
      { id: actor.id, name: actor.username },
      target.id,
      input,
      {
        mode: 'revise',
        channel: 'manual',
        reason,
        ...(expectedRevision !== undefined && { expectedRevision }),
      },
    );
    if (written.outcome === 'revised') {
      await deps.audit.append(tx, {
        actor: actor.username,
        action: 'plan.observation.revise',
        subject: `plan_target:${target.id}`,
        detail: {
          period,
          from: {
            value: before?.value === null || !before ? null : Number(before.value),
            assessment: before?.assessment ?? null,
            revision: before?.revision ?? null,
          },
          to: {
            value: input.value ?? null,
            assessment: input.assessment ?? null,
            revision: written.observation.revision,
          },
          source: input.source,
          reason,
        },
      });
    }
    const { evaluations, alerts } = await reassess(tx, deps, [target.id], day);
    return { ...written, progress: statusView(evaluations[0]!.progress), alerts };
  });
}
