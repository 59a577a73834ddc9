/** The bidder withdraws its bid before the deadline (the list's window); the versions stay on record. */
import { BID_MACHINE, type BidState, nextState } from '../../core/challenges/states.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import type { SessionUser } from '../auth/types.ts';
import { openProblem } from './bid-steps.ts';
import { type ChallengeContext, clauseOf, notFound, refused, requireOrganisation } from './context.ts';
import { type BidView, toBidView } from './views.ts';

export async function withdrawBid(ctx: ChallengeContext, user: SessionUser, bidId: string): Promise<BidView> {
  const organisationId = requireOrganisation(user);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeBidRepository(tx);
    const bid = await repo.lockBid(bidId);
    if (!bid || bid.organisation_id !== organisationId) throw notFound('bid');
    const { list } = await openProblem(ctx, tx, bid.problem_id);
    const step = nextState(BID_MACHINE, bid.state as BidState, 'withdraw', 'bidder');
    if (!step.ok) throw refused(step);
    const at = ctx.clock.now();
    await repo.updateBid(bid.id, bid.version, { state: step.to, updated_at: at });
    await ctx.record(tx, user, 'challenges.bid.withdraw', `challenge_bid:${bid.id}`, {
      clause: clauseOf(ctx, list.basis_measure_id),
      problemId: bid.problem_id,
      organisationId,
      from: step.from,
      to: step.to,
    });
    return (await repo.getBid(bid.id))!;
  });
  return toBidView(row);
}
