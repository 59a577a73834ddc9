/**
 * Records an objection raised during the notice (by anyone; an officer enters it). The case stays
 * in notice; an open objection keeps the notice from being closed until it is upheld or dismissed.
 */
import { insertObjection } from '../../storage/repositories/applications.ts';
import type { CaseContext } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type TransitionOptions, transition } from './transition.ts';

export function recordObjection(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  objection: { raisedBy: string; text: string },
  opts: TransitionOptions = {},
) {
  // The objection's text is the step's reason: the workflow requires one.
  return transition(ctx, id, actor, 'object', { ...opts, reason: objection.text }, async (tx, w) => {
    const objectionId = ctx.ids.next();
    await insertObjection(tx, {
      organisation_id: w.app.organisation_id,
      id: objectionId,
      application_id: w.app.id,
      raised_by: objection.raisedBy,
      text: objection.text,
      raised_on: w.today,
      recorded_by: actor.id,
      status: 'open',
      resolution: null,
      resolved_by: null,
      resolved_at: null,
      created_at: w.at,
    });
    return { detail: { objectionId, raisedBy: objection.raisedBy } };
  });
}
