/** An officer sets how many open engagements a broker carries at most (audited). */
import { InputError } from '../../core/errors.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isOfficer, type MatchingContext, notFound } from './context.ts';

export async function setBrokerCapacity(
  ctx: MatchingContext,
  user: SessionUser,
  brokerId: string,
  capacity: number,
): Promise<{ brokerId: string; capacity: number }> {
  if (!isOfficer(user)) throw forbidden({ zh: '只有审核人员可以设置', en: 'only officers set capacities' });
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 100)
    throw new InputError([
      { path: 'capacity', rule: 'range', zh: '应为 0 至 100 的整数', en: 'must be a whole number 0–100' },
    ]);
  const broker = await new UserRepository(ctx.db).byId(brokerId);
  if (broker?.role !== 'broker') throw notFound('user');
  await ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    const before = await repo.brokerCapacity(brokerId);
    await repo.setBrokerCapacity(brokerId, capacity, ctx.clock.now());
    await ctx.record(tx, user, 'matching.broker.capacity', `user:${broker.username}`, {
      before: before ?? null,
      after: capacity,
    });
  });
  return { brokerId, capacity };
}
