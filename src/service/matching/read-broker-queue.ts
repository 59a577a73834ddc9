/**
 * The broker queue (技术经理人工作台): the caller's open assignments with their clocks (the broker's
 * first follow-up due BROKER_RESPONSE_HOURS after assignment; the receiver's answer due
 * INTEREST_ANSWER_DAYS after an interest), the unassigned engagements to claim, the listings waiting
 * for review, and the caller's load against capacity. Officers see every broker's load.
 */
import { addDays } from '../../core/dates.ts';
import {
  BROKER_RESPONSE_HOURS,
  DEFAULT_BROKER_CAPACITY,
  INTEREST_ANSWER_DAYS,
} from '../../core/matching/vocabulary.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isOfficer, type MatchingContext } from './context.ts';
import { interestView } from './interest-steps.ts';
import type { InterestView } from './views.ts';

export interface QueueItem extends InterestView {
  /** Hours since the assignment (assigned items) or since the interest was expressed (unassigned). */
  elapsedHours: number;
  /** The broker's follow-up is late, or the receiver has not answered in time. */
  overdue: boolean;
  overdueReason: 'broker_response' | 'answer' | null;
}

export async function readBrokerQueue(
  ctx: MatchingContext,
  user: SessionUser,
  opts: { unassignedLimit?: number } = {},
): Promise<{
  broker: { id: string; capacity: number; open: number } | null;
  assigned: QueueItem[];
  unassigned: QueueItem[];
  pendingReviews: number;
  clocks: { brokerResponseHours: number; interestAnswerDays: number };
}> {
  if (user.role !== 'broker' && !isOfficer(user))
    throw forbidden({ zh: '仅技术经理人和审核人员', en: 'brokers and officers only' });
  const repo = new MatchingRepository(ctx.db);
  const now = ctx.clock.now();
  const today = ctx.today();
  const decorate = async (
    row: Awaited<ReturnType<typeof repo.openUnassigned>>[number],
  ): Promise<QueueItem> => {
    const view = await interestView(ctx, user, row);
    const since = row.assigned_at ?? row.created_at;
    const elapsedHours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
    const brokerLate =
      row.assigned_at !== null &&
      row.broker_first_response_at === null &&
      elapsedHours >= BROKER_RESPONSE_HOURS;
    const answerLate =
      row.state === 'pending' &&
      addDays(row.created_at.toISOString().slice(0, 10), INTEREST_ANSWER_DAYS) < today;
    return {
      ...view,
      elapsedHours,
      overdue: brokerLate || answerLate,
      overdueReason: brokerLate ? 'broker_response' : answerLate ? 'answer' : null,
    };
  };
  const mine = user.role === 'broker' ? await repo.openAssignedTo(user.id) : [];
  const unassigned = await repo.openUnassigned(opts.unassignedLimit ?? 100);
  const pending = await repo.listListings({ states: ['pending_review'], limit: 1, offset: 0 });
  const capacity =
    user.role === 'broker' ? ((await repo.brokerCapacity(user.id)) ?? DEFAULT_BROKER_CAPACITY) : 0;
  return {
    broker: user.role === 'broker' ? { id: user.id, capacity, open: mine.length } : null,
    assigned: await Promise.all(mine.map(decorate)),
    unassigned: await Promise.all(unassigned.map(decorate)),
    pendingReviews: pending.total,
    clocks: { brokerResponseHours: BROKER_RESPONSE_HOURS, interestAnswerDays: INTEREST_ANSWER_DAYS },
  };
}

/** Every broker with capacity and open load (officers). */
export async function listBrokers(ctx: MatchingContext, user: SessionUser) {
  if (!isOfficer(user) && user.role !== 'auditor') throw forbidden({ zh: '仅审核人员', en: 'officers only' });
  const rows = await new MatchingRepository(ctx.db).brokers();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    affiliationOrganisationId: r.affiliation_organisation_id,
    capacity: r.capacity ?? DEFAULT_BROKER_CAPACITY,
    capacityIsDefault: r.capacity === null,
    open: r.open,
  }));
}
