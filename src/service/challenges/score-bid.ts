/**
 * A judge scores a bid against the list's criteria (阅卷). Only an appointed, unblocked judge, only while
 * the problem is being judged; each criterion a whole number 0..scoreMax, every one named when wrong.
 * One sheet per judge and bid: sending it again replaces it (a retry or a correction), audited each time.
 */
import type { Criterion } from '../../core/challenges/policy.ts';
import { checkSheet } from '../../core/challenges/scoring.ts';
import { InputError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, conflict, forbidden, notFound } from './context.ts';
import { scoreSchema } from './schemas.ts';

export async function scoreBid(
  ctx: ChallengeContext,
  user: SessionUser,
  bidId: string,
  raw: unknown,
): Promise<{ bidId: string; scores: Record<string, number>; comment: string | null }> {
  const body = parseOrThrow(scoreSchema, raw);
  return ctx.db.transaction().execute(async (tx) => {
    const bids = new ChallengeBidRepository(tx);
    const bid = await bids.getBid(bidId);
    if (!bid) throw notFound('bid');
    const judge = await bids.judgeOf(bid.problem_id, user.id);
    // Not on the panel: the bid is sealed to them, so it is not found.
    if (!judge) throw notFound('bid');
    if (judge.blocked)
      throw forbidden(
        {
          zh: '存在利益冲突，已回避本题评审',
          en: 'blocked from judging this problem by a conflict of interest',
        },
        { rule: 'conflict_of_interest', conflicts: judge.conflicts },
      );
    const lists = new ChallengeListRepository(tx);
    const problem = (await lists.lockProblem(bid.problem_id))!;
    if (problem.state !== 'judging')
      throw conflict('not_judging', { zh: '题目不在评审阶段', en: 'the problem is not being judged' });
    if (bid.state !== 'submitted')
      throw conflict('bid_not_live', { zh: '该揭榜方案不在评审范围内', en: 'the bid is not under judging' });
    const list = (await lists.getList(problem.list_id!))!;
    const issues = checkSheet(list.criteria as Criterion[], list.score_max, body.scores);
    if (issues.length) throw new InputError(issues);
    await bids.upsertScore({
      bid_id: bid.id,
      judge_id: user.id,
      problem_id: problem.id,
      scores: JSON.stringify(body.scores),
      comment: body.comment ?? null,
      scored_at: ctx.clock.now(),
    });
    await ctx.record(tx, user, 'challenges.bid.score', `challenge_bid:${bid.id}`, {
      clause: clauseOf(ctx, list.basis_measure_id),
      problemId: problem.id,
      scores: body.scores,
    });
    return { bidId: bid.id, scores: body.scores, comment: body.comment ?? null };
  });
}
