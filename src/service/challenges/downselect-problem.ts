/**
 * 赛马 down-select: after parallel work, the officer keeps one team or more and drops the others, with the
 * reason. A dropped team's project stops (its unpaid milestones are stopped: nothing more is released)
 * and the commitment of its unpaid tranches is released in the fund ledger exactly as for a failed
 * final 验收 (ledger-steps.ts), so committed = paid; what it was paid for accepted milestones stays paid.
 */
import { sumFen } from '../../core/money.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { stepBid } from './award-problem.ts';
import { type ChallengeContext, clauseOf, inputError, requireOfficer } from './context.ts';
import { releaseUnpaid } from './ledger-steps.ts';
import { stopProject, trancheStates } from './project-steps.ts';
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
        else if (project) {
          await stopProject(ctx, tx, user, project.id, 'drop', body.reason);
          const { states } = await trancheStates(tx, project, await projects.milestones(project.id));
          const paid = sumFen(states.filter((s) => s.paid).map((s) => s.amount));
          const ledger = await releaseUnpaid(ctx, tx, project, paid);
          if (ledger)
            await ctx.record(
              tx,
              user,
              'challenges.project.release_commitment',
              `challenge_project:${project.id}`,
              {
                clause: clauseOf(ctx, project.measure_id),
                applicationId: project.application_id,
                reason: body.reason,
                paid,
                ledger,
              },
            );
        }
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
