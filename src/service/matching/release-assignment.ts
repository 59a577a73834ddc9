/** The assigned broker (or an officer) hands an engagement back to the queue. */
import { ConflictError } from '../../core/errors.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { isOfficer, type MatchingContext, notFound } from './context.ts';
import { interestView, mayRead } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function releaseAssignment(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  reason: string | null = null,
): Promise<InterestView> {
  return ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    const row = await repo.lockInterest(id);
    if (!row || !mayRead(user, row)) throw notFound('interest');
    if (!(row.broker_user_id === user.id || isOfficer(user)))
      throw new ConflictError(
        { zh: '只能释放自己负责的对接', en: 'you can release only your own assignment' },
        { rule: 'not_assigned' },
      );
    if (row.broker_user_id === null)
      throw new ConflictError({ zh: '尚未分派', en: 'not assigned' }, { rule: 'not_assigned' });
    const at = ctx.clock.now();
    const updated = await repo.updateInterest(row.id, row.version, {
      broker_user_id: null,
      assigned_at: null,
      broker_first_response_at: null,
      updated_at: at,
    });
    await repo.insertEvent({
      id: ctx.ids.next(),
      interest_id: row.id,
      kind: 'release',
      on_date: null,
      text: reason,
      actor_id: user.id,
      actor_role: user.role,
      at,
    });
    await ctx.record(tx, user, 'matching.interest.release', `matching_interest:${row.id}`, {
      brokerId: row.broker_user_id,
      ...(reason ? { reason } : {}),
    });
    return interestView(ctx, user, updated, tx);
  });
}
