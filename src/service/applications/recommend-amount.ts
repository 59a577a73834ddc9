/**
 * The reviewer proposes a figure inside the range the engine computes now, from the ledger as it is
 * now (OUT_OF_RANGE, NOT_ELIGIBLE, OVERLAP otherwise). "不超过 X%、最高 N" is a ceiling the reviewer
 * decides within: a figure below the ceiling needs a written reason (REASON_REQUIRED), kept on the
 * application and in the decision. Pairs the texts leave to the reviewer (two measures of one
 * document for one project, or a linked measure on another matter) are recorded with the decision,
 * so it shows they were seen. The approver later rechecks it under locks.
 */
import { checkAmountInRange, checkNoOverlap, overlapQuery } from '../../core/ledger.ts';
import { organisationGrants } from '../../storage/repositories/ledger.ts';
import { type CaseContext, overlapsToJudge, recompute } from './case-context.ts';
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
    const reason = opts.reason?.trim() || null;
    checkAmountInRange(ent.evaluation, amount, reason);
    checkNoOverlap(
      await organisationGrants(tx, w.app.organisation_id),
      overlapQuery(ctx.engine, {
        organisationId: w.app.organisation_id,
        measureId: w.app.measure_id,
        matterId: w.app.matter_id,
        applicationId: w.app.id,
      }),
    );
    const ceiling = ent.evaluation.amount?.max ?? null;
    const overlaps = await overlapsToJudge(ctx, tx, w.app);
    return {
      patch: {
        recommended_amount: amount,
        recommended_by: actor.id,
        recommended_reason: reason,
      },
      amount,
      entitlement: ent,
      detail: { ceiling, belowCeiling: ceiling !== null && amount < ceiling, overlapChecks: overlaps },
    };
  });
}
