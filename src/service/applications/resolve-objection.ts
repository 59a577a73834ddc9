/**
 * Decides the open objections of a case in notice, all at once: upheld (the case goes back to
 * review) or dismissed (the notice runs on).
 */
import { activeGrants } from '../../core/ledger.ts';
import { resolveObjections } from '../../storage/repositories/applications.ts';
import { applicationEntries } from '../../storage/repositories/ledger.ts';
import type { Tx } from '../../storage/schema.ts';
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { appendLedger, type TransitionOptions, transition, type Work } from './transition.ts';

function resolveOpen(tx: Tx, actor: Actor, w: Work, status: 'upheld' | 'dismissed', opts: TransitionOptions) {
  return resolveObjections(
    tx,
    { organisationId: w.app.organisation_id, applicationId: w.app.id },
    status,
    opts.reason ?? '',
    actor.id,
    w.at,
  );
}

/**
 * An upheld objection sends the case back to review: the commitment is reversed in the ledger
 * (the budget and the caps are freed) and the recommendation is cleared.
 */
export function upholdObjection(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions) {
  return transition(ctx, id, actor, 'uphold_objection', opts, async (tx, w) => {
    const app = w.app;
    const resolved = await resolveOpen(tx, actor, w, 'upheld', opts);
    const grants = activeGrants(await applicationEntries(tx, app.organisation_id, app.id));
    for (const g of grants) {
      await appendLedger(ctx, tx, w, {
        kind: 'reversal',
        measure_id: g.measureId,
        fund: g.fund,
        overlap_group: g.overlapGroup,
        matter_id: g.matterId,
        amount: g.amount,
        date: g.date,
        year: g.year,
        reverses: g.id,
        payment_id: null,
      });
    }
    return {
      patch: {
        recommended_amount: null,
        recommended_by: null,
        recommended_reason: null,
        approved_amount: null,
        approved_by: null,
        approved_reason: null,
        notice_starts_on: null,
        notice_ends_on: null,
      },
      detail: {
        objectionsUpheld: resolved,
        reversed: grants.map((g) => ({ id: g.id, amount: g.amount })),
      },
    };
  });
}

export function dismissObjection(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions) {
  return transition(ctx, id, actor, 'dismiss_objection', opts, async (tx, w) => {
    const resolved = await resolveOpen(tx, actor, w, 'dismissed', opts);
    return { detail: { objectionsDismissed: resolved } };
  });
}
