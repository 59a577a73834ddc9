/**
 * Submits (or resubmits after 补正): the entitlement is computed now, and a "no" is said now —
 * NOT_ELIGIBLE with the engine's reasons, or OVERLAP with a standing grant (不重复).
 */
import type { Matter } from '../../core/input.ts';
import { checkEligible, checkNoOverlap, overlapQuery } from '../../core/ledger.ts';
import { organisationGrants } from '../../storage/repositories/ledger.ts';
import { type CaseContext, recompute } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function submitApplication(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions = {}) {
  return transition(ctx, id, actor, 'submit', opts, async (tx, w) => {
    // A matter without a date is judged, and stored, as of the submission date.
    const matter: Record<string, unknown> | null = w.app.matter
      ? { ...w.app.matter, date: (w.app.matter as Partial<Matter>).date ?? w.today }
      : null;
    const app = { ...w.app, matter };
    // 不重复 first: a standing grant for the same matter is the reason, more than the ceiling it used up.
    checkNoOverlap(
      await organisationGrants(tx, app.organisation_id),
      overlapQuery(ctx.engine, {
        organisationId: app.organisation_id,
        measureId: app.measure_id,
        matterId: app.matter_id,
        applicationId: app.id,
      }),
    );
    const ent = await recompute(ctx, tx, app, w.today);
    checkEligible(ent.evaluation);
    return { patch: { matter, submitted_on: w.today }, entitlement: ent };
  });
}
