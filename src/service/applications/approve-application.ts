/**
 * Approves the recommended amount and writes the commitment (a grant) to the ledger. The approver
 * may not be the recommending reviewer (the workflow checks that). An amount below the ceiling
 * recomputed now needs a written reason: the approver's own, or the recommendation's (REASON_REQUIRED
 * when there is neither, e.g. the ceiling rose since the recommendation). The caps, 不重复 and the budget
 * are checked here, inside the transaction that writes the grant, after locking the organisation and
 * then the fund-year budget (the locking order is in transition.ts): concurrent approvals are decided
 * one after the other, each on what the previous one wrote.
 */
import { yearOf } from '../../core/dates.ts';
import { CeyuanError } from '../../core/errors.ts';
import { checkApproval, measureOrThrow } from '../../core/ledger.ts';
import { lockOrganisation } from '../../storage/repositories/applications.ts';
import { committedTotal, lockBudget, organisationGrants } from '../../storage/repositories/ledger.ts';
import { type CaseContext, overlapsToJudge, profileOf } from './case-context.ts';
import type { Actor } from './ports.ts';
import { appendLedger, type TransitionOptions, transition } from './transition.ts';

export function approveApplication(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions = {}) {
  return transition(ctx, id, actor, 'approve', opts, async (tx, w) => {
    const app = w.app;
    const amount = app.recommended_amount;
    if (amount === null)
      throw new CeyuanError('CONFLICT', { zh: '尚无建议金额', en: 'no recommended amount' });
    const measure = measureOrThrow(ctx.engine, app.measure_id);
    // The fund is the document's special fund; the year is the approval's (the budget it draws on).
    const fund = measure.document.code;
    const year = yearOf(w.today);
    await lockOrganisation(tx, app.organisation_id);
    const budgetRow = await lockBudget(tx, fund, year);
    const entries = await organisationGrants(tx, app.organisation_id);
    const committed = budgetRow ? await committedTotal(tx, fund, year) : 0;
    const reason = opts.reason?.trim() || app.recommended_reason;
    const ent = checkApproval({
      engine: ctx.engine,
      reason,
      organisationId: app.organisation_id,
      applicationId: app.id,
      measureId: app.measure_id,
      applicant: await profileOf(tx, app.organisation_id),
      matter: app.matter,
      matterId: app.matter_id,
      today: w.today,
      entries,
      amount,
      budget: { fund, year, amount: budgetRow?.amount ?? null, committed },
    });
    // The grant is dated on the matter's date: that is what the caps are judged on.
    const matterDate = ent.input.matters[0]?.date ?? w.today;
    await appendLedger(ctx, tx, w, {
      kind: 'grant',
      measure_id: app.measure_id,
      fund,
      // The group the check above used: the catalogue's, as the entitlement is recomputed at each step.
      overlap_group: measure.overlapGroup,
      matter_id: app.matter_id,
      amount,
      date: matterDate,
      year,
      reverses: null,
      payment_id: null,
    });
    const ceiling = ent.evaluation.amount?.max ?? null;
    const below = ceiling !== null && amount < ceiling;
    return {
      patch: {
        approved_amount: amount,
        approved_by: actor.id,
        approved_reason: below ? reason : opts.reason?.trim() || null,
      },
      amount,
      entitlement: ent,
      detail: {
        fund,
        year,
        budget: budgetRow?.amount ?? null,
        committedBefore: committed,
        ceiling,
        belowCeiling: below,
        ...(below ? { reason } : {}),
        overlapChecks: await overlapsToJudge(ctx, tx, app),
      },
    };
  });
}
