/**
 * A 技术经理人 takes an engagement (claims it from the queue) or an officer assigns one to a broker.
 * A broker carries at most their capacity of open engagements (matching_brokers, default
 * DEFAULT_BROKER_CAPACITY): one more is 422 LIMIT_EXCEEDED. A broker never brokers for their
 * employer's group (conflict of interest, registry group links). The assignment starts the broker's
 * response clock (BROKER_RESPONSE_HOURS); the broker is told.
 */
import { ConflictError, LimitExceededError } from '../../core/errors.ts';
import { DEFAULT_BROKER_CAPACITY } from '../../core/matching/vocabulary.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isOfficer, type MatchingContext, notFound, stale } from './context.ts';
import { interestView, mayRead, parties } from './interest-steps.ts';
import { assertNoConflict } from './review-listing.ts';
import type { InterestView } from './views.ts';

export async function assignBroker(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  body: { brokerId?: string | null; version?: number } = {},
): Promise<InterestView> {
  const self = !body.brokerId || body.brokerId === user.id;
  if (self && user.role !== 'broker')
    throw forbidden({ zh: '只有技术经理人可以认领', en: 'only brokers claim engagements' });
  if (!self && !isOfficer(user))
    throw forbidden({ zh: '只有审核人员可以指派技术经理人', en: 'only officers assign brokers' });
  const brokerRow = await new UserRepository(ctx.db).byId(self ? user.id : body.brokerId!);
  if (brokerRow?.role !== 'broker') throw notFound('user');
  const broker: SessionUser = {
    id: brokerRow.id,
    username: brokerRow.username,
    displayName: brokerRow.display_name,
    role: 'broker',
    organisationId: null,
  };
  const pre = await new MatchingRepository(ctx.db).getInterest(id);
  if (!pre || !mayRead(user, pre)) throw notFound('interest');
  await assertNoConflict(ctx, broker, parties(pre));

  return ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    // Lock the broker's account row, then the engagement (always in this order): two assignments to
    // one broker serialise here and the second counts the first, so the capacity holds.
    await tx.selectFrom('users').select('id').where('id', '=', broker.id).forUpdate().executeTakeFirst();
    const capacity = (await repo.brokerCapacity(broker.id)) ?? DEFAULT_BROKER_CAPACITY;
    const row = await repo.lockInterest(id);
    if (!row) throw notFound('interest');
    if (body.version !== undefined && body.version !== row.version) throw stale();
    const open = row.state === 'pending' || (row.state === 'accepted' && row.project_kind === null);
    if (!open)
      throw new ConflictError({ zh: '该对接已结束', en: 'the engagement is closed' }, { rule: 'closed' });
    if (row.broker_user_id === broker.id)
      throw new ConflictError(
        { zh: '已由该技术经理人负责', en: 'already assigned to this broker' },
        { rule: 'already_assigned' },
      );
    if (row.broker_user_id !== null && self)
      throw new ConflictError(
        { zh: '已由其他技术经理人负责', en: 'another broker has it' },
        { rule: 'taken' },
      );
    const load = await repo.openCountFor(broker.id);
    if (load >= capacity)
      throw new LimitExceededError(
        {
          zh: `技术经理人 ${broker.displayName} 已有 ${load} 项进行中的对接，达到上限 ${capacity}`,
          en: `broker ${broker.displayName} already has ${load} open engagements (capacity ${capacity})`,
        },
        { rule: 'broker_capacity', open: load, capacity },
      );
    const at = ctx.clock.now();
    const updated = await repo.updateInterest(row.id, row.version, {
      broker_user_id: broker.id,
      assigned_at: at,
      broker_first_response_at: null,
      updated_at: at,
    });
    await repo.insertEvent({
      id: ctx.ids.next(),
      interest_id: row.id,
      kind: 'assign',
      on_date: null,
      text: broker.displayName,
      actor_id: user.id,
      actor_role: user.role,
      at,
    });
    await ctx.record(tx, user, 'matching.interest.assign', `matching_interest:${row.id}`, {
      brokerId: broker.id,
      previousBrokerId: row.broker_user_id,
      open: load + 1,
      capacity,
    });
    await ctx.notify(tx, {
      to: { userId: broker.id },
      kind: 'matching.assigned',
      subject: { zh: '新的对接任务已分派给您', en: 'An engagement was assigned to you' },
      body: { zh: '请在 48 小时内跟进。', en: 'Please follow up within 48 hours.' },
      link: `/matching/broker`,
      ref: `matching_interest:${row.id}`,
      dedupeKey: `matching.assign:${row.id}:${updated.version}`,
    });
    return interestView(ctx, user, updated, tx);
  });
}
