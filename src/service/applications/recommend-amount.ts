/**
 * The reviewer proposes a figure inside the range the engine computes now, from the ledger as it is
 * now (OUT_OF_RANGE, NOT_ELIGIBLE, OVERLAP otherwise). The approver later rechecks it under locks.
 */
import { checkAmountInRange, checkNoOverlap, measureOrThrow } from '../../core/ledger.ts';
import { organisationGrants } from '../../storage/repositories/ledger.ts';
import { type CaseContext, recompute } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function recommendAmount(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  amount: number,
  opts: TransitionOptions = {},
) {
  return transition(ctx, id, actor, 'recommend', opts, async (tx, w) => {
    const ent = await recompute(ctx, tx, w.app, w.today);
    checkAmountInRange(ent.evaluation, amount);
    checkNoOverlap(await organisationGrants(tx, w.app.organisation_id), {
      organisationId: w.app.organisation_id,
      measureId: w.app.measure_id,
      overlapGroup: measureOrThrow(ctx.engine, w.app.measure_id).overlapGroup,
      matterId: w.app.matter_id,
      applicationId: w.app.id,
    });
    return {
      patch: { recommended_amount: amount, recommended_by: actor.id },
      amount,
      entitlement: ent,
    };
  });
}
