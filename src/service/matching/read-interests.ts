/** Engagements: an organisation's (sent, received), one with its timeline, or all of them (staff). */
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { InterestRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isStaff, type MatchingContext, notFound } from './context.ts';
import { interestView, mayRead } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export async function listInterests(
  ctx: MatchingContext,
  user: SessionUser,
  q: { direction: 'sent' | 'received' | 'all'; limit: number; offset: number },
): Promise<{ items: InterestView[] }> {
  const repo = new MatchingRepository(ctx.db);
  let rows: InterestRow[];
  if (user.role === 'enterprise' && user.organisationId) {
    rows = (await repo.interestsOf(user.organisationId, q.direction, q.limit + q.offset)).slice(q.offset);
  } else if (isStaff(user)) {
    rows = await repo.allInterests(q.limit, q.offset);
  } else {
    throw forbidden({ zh: '无权查看对接意向', en: 'you may not read engagements' });
  }
  return { items: await Promise.all(rows.map((r) => interestView(ctx, user, r))) };
}

export async function getInterest(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
): Promise<InterestView> {
  const row = await new MatchingRepository(ctx.db).getInterest(id);
  if (!row || !mayRead(user, row)) throw notFound('interest');
  return interestView(ctx, user, row);
}
