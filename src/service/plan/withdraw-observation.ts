import { NotFoundError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { reassess } from './alerts.ts';
import { toObservationView } from './evaluate.ts';
import { authorise, findTarget, today, WRITERS } from './observations.ts';
import type { PlanDeps } from './ports.ts';
import { withdrawInputSchema } from './schemas.ts';
import { statusView } from './views.ts';

export { withdrawInputSchema };

export async function withdrawObservation(
  deps: PlanDeps,
  actor: Actor,
  targetId: string,
  period: string,
  raw: unknown,
) {
  authorise(actor, WRITERS, { zh: '撤回规划监测数据', en: 'withdraw plan observations' });
  const target = findTarget(deps.plan, targetId);
  const { reason } = parseOrThrow(withdrawInputSchema, raw);
  return deps.db.transaction().execute(async (tx) => {
    const repo = new PlanRepository(tx);
    await repo.lockTarget(target.id);
    const live = await repo.latestRevision(target.id, period);
    const day = today(deps);
    // Withdrawn already (a retry): answer with it, change nothing.
    if (live?.withdrawn && live.revision > 1) {
      const { evaluations } = await reassess(tx, deps, [target.id], day);
      return {
        observation: toObservationView(live),
        progress: statusView(evaluations[0]!.progress),
        alerts: [],
      };
    }
    if (!live || live.withdrawn) {
      throw new NotFoundError({ zh: `${period} 没有可撤回的数值`, en: `no value for ${period} to withdraw` });
    }
    await repo.insertObservation({
      id: deps.ids.next(),
      target_id: target.id,
      period,
      revision: live.revision + 1,
      value: null,
      assessment: null,
      withdrawn: true,
      source: live.source,
      reason,
      channel: 'manual',
      recorded_by: actor.id,
      recorded_by_name: actor.username,
      recorded_at: deps.clock.now(),
      import_file: null,
    });
    await deps.audit.append(tx, {
      actor: actor.username,
      action: 'plan.observation.withdraw',
      subject: `plan_target:${target.id}`,
      detail: { period, revision: live.revision + 1, withdrew: live.revision, reason },
    });
    const { evaluations, alerts } = await reassess(tx, deps, [target.id], day);
    const row = await repo.latestRevision(target.id, period);
    return { observation: toObservationView(row!), progress: statusView(evaluations[0]!.progress), alerts };
  });
}
