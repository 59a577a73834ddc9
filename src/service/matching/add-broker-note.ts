/** The assigned broker records a follow-up (call, visit, advice); the first one stops their response clock. */
import { ConflictError } from '../../core/errors.ts';
import { noteSchema } from '../../core/matching/engagement.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { type MatchingContext, notFound } from './context.ts';
import { interestView, mayRead } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function addBrokerNote(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<InterestView> {
  const body = parseOrThrow(noteSchema, raw);
  return ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    const row = await repo.lockInterest(id);
    if (!row || !mayRead(user, row)) throw notFound('interest');
    if (row.broker_user_id !== user.id)
      throw new ConflictError(
        { zh: '只有负责的技术经理人可以记录跟进', en: 'only the assigned broker records follow-ups' },
        { rule: 'not_assigned' },
      );
    const at = ctx.clock.now();
    await repo.insertEvent({
      id: ctx.ids.next(),
      interest_id: row.id,
      kind: 'note',
      on_date: null,
      text: body.text,
      actor_id: user.id,
      actor_role: user.role,
      at,
    });
    const updated = await repo.updateInterest(row.id, row.version, {
      updated_at: at,
      ...(row.broker_first_response_at === null ? { broker_first_response_at: at } : {}),
    });
    await ctx.record(tx, user, 'matching.interest.note', `matching_interest:${row.id}`, {
      firstResponse: row.broker_first_response_at === null,
    });
    return interestView(ctx, user, updated, tx);
  });
}
