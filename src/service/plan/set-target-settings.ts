import { InputError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { PlanRepository } from '../../storage/repositories/plan.ts';
import type { Actor } from '../applications/ports.ts';
import { reassess } from './alerts.ts';
import { settingsOf } from './evaluate.ts';
import { ADMINS, authorise, findTarget, today } from './observations.ts';
import type { PlanDeps } from './ports.ts';
import { settingsInputSchema } from './schemas.ts';
import { statusView } from './views.ts';

export { settingsInputSchema };

export async function setTargetSettings(deps: PlanDeps, actor: Actor, targetId: string, raw: unknown) {
  authorise(actor, ADMINS, {
    zh: '修改规划目标的责任部门或区间',
    en: 'change a target’s department or band',
  });
  const target = findTarget(deps.plan, targetId);
  const input = parseOrThrow(settingsInputSchema, raw);
  if (input.bandTolerance !== undefined && input.bandTolerance !== null && target.kind !== 'band') {
    throw new InputError([
      {
        path: 'bandTolerance',
        rule: 'not_a_band',
        zh: '只有“左右”类目标有区间宽度',
        en: 'only a band (左右) target has a tolerance',
      },
    ]);
  }
  return deps.db.transaction().execute(async (tx) => {
    const repo = new PlanRepository(tx);
    await repo.lockTarget(target.id);
    const current = (await repo.settings()).find((s) => s.target_id === target.id);
    const before = settingsOf(target, current);
    const department = input.department === undefined ? (current?.department ?? null) : input.department;
    const tolerance =
      input.bandTolerance === undefined
        ? current?.band_tolerance == null
          ? null
          : Number(current.band_tolerance)
        : input.bandTolerance;
    const row = {
      target_id: target.id,
      department,
      band_tolerance: tolerance,
      updated_by: actor.id,
      updated_at: deps.clock.now(),
    };
    const after = settingsOf(target, {
      ...row,
      band_tolerance: tolerance === null ? null : String(tolerance),
    });
    // The same settings again (a retry) change nothing and write nothing.
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await repo.upsertSettings(row);
      await deps.audit.append(tx, {
        actor: actor.username,
        action: 'plan.settings',
        subject: `plan_target:${target.id}`,
        detail: { before, after },
      });
    }
    const { evaluations, alerts } = await reassess(tx, deps, [target.id], today(deps));
    return { targetId: target.id, settings: after, progress: statusView(evaluations[0]!.progress), alerts };
  });
}
