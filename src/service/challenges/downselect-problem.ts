/**
 * 赛马 down-select: after parallel work, the officer keeps one team or more and drops the others, with the
 * reason. A dropped team's project stops (its unpaid milestones are stopped: nothing more is released);
 * what it was paid for accepted milestones stays paid.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { stepBid } from './award-problem.ts';
import { type ChallengeContext, inputError, requireOfficer } from './context.ts';
import { stopProject } from './project-steps.ts';
import { downselectSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function downselectProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
  raw: unknown,
): Promise<ProblemView> {
  requireOfficer(user);
  const body = parseOrThrow(downselectSchema, raw);
  await stepProblem(
    ctx,
    user,
    problemId,
    'downselect',
    { by: 'officer', reason: body.reason, detail: { keep: body.keep } },
    async (tx, problem) => {
      const racing = await new ChallengeBidRepository(tx).bidsOf(problemId, ['racing']);
      body.keep.forEach((id, i) => {
        if (!racing.some((b) => b.id === id))
          throw inputError(`keep.${i}`, 'not_racing', '该方案不在赛马中', 'the bid is not in the race');
      });
      const projects = new ChallengeProjectRepository(tx);
      const winners = [];
      for (const bid of racing) {
        const keep = body.keep.includes(bid.id);
        await stepBid(ctx, tx, user, bid.id, keep ? 'keep' : 'drop', body.reason);
        const project = await projects.projectOfBid(bid.id);
        if (keep) winners.push({ bidId: bid.id, organisation: bid.organisation_name });
        else if (project) await stopProject(ctx, tx, user, project.id, 'drop', body.reason);
      }
      const decision = problem.decision as Record<string, unknown>;
      return {
        decision: JSON.stringify({
          ...decision,
          mode: 'downselected',
          winners,
          reason: body.reason,
          at: ctx.clock.now().toISOString(),
          racedWith: decision.winners,
        }),
      };
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(problemId))!, 'officer');
}
