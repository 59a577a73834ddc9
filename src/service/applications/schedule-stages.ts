/**
 * Splits the approved amount into payment stages that sum to it exactly (by whole-number weights or
 * explicit amounts, src/core/ledger.ts); a measure not paid in stages (分阶段) gets one stage.
 */
import { measureOrThrow, planStages, type StagePlan } from '../../core/ledger.ts';
import { insertStages } from '../../storage/repositories/payments.ts';
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function scheduleStages(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  plan: StagePlan & { dueDates?: (string | null)[] },
  opts: TransitionOptions = {},
) {
  return transition(ctx, id, actor, 'schedule_stages', opts, async (tx, w) => {
    const app = w.app;
    const measure = measureOrThrow(ctx.engine, app.measure_id);
    const staged = 'staged' in measure.benefit ? measure.benefit.staged : false;
    // Stages are scheduled only after the notice closed, so an approved amount is on the case.
    const amounts = planStages(app.approved_amount!, plan, staged);
    const rows = amounts.map((amount, i) => ({
      organisation_id: app.organisation_id,
      id: ctx.ids.next(),
      application_id: app.id,
      seq: i + 1,
      amount,
      due_on: plan.dueDates?.[i] ?? null,
      created_at: w.at,
    }));
    await insertStages(tx, rows);
    return { amount: app.approved_amount, detail: { stages: amounts } };
  });
}
