/**
 * 赛马 down-select: after parallel work, the officer keeps one team or more and drops the others, with the
 * reason. A dropped team's project stops (its unpaid milestones are stopped: nothing more is released)
 * and the commitment of its unpaid tranches is released in the fund ledger exactly as for a failed
 * final 验收 (ledger-steps.ts), so committed = paid; what it was paid for accepted milestones stays paid.
 * A dropped team's application still undecided (draft … recommended: nothing committed yet) is ended in
 * the same transaction through the workflow's `end_matter` step (withdrawn, with the reason and the
 * clause), so it can never be approved and commit money no tranche would pay.
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
          const clause = clauseOf(ctx, project.measure_id);
          await stopProject(ctx, tx, user, project.id, 'drop', body.reason);
          // An application not yet decided is ended with the team (nothing committed; it can never be
          // approved); this also locks the application before its ledger is read below.
          const ended = project.application_id
            ? await ctx.applications.endMatterIn(tx, user, project.application_id, {
                reason: `赛马未入选 not kept in the parallel award: ${body.reason}`,
                clause,
                subject: `challenge_project:${project.id}`,
              })
            : null;
          if (ended)
            await ctx.record(
              tx,
              user,
              'challenges.project.end_application',
              `challenge_project:${project.id}`,
              {
                clause,
                applicationId: project.application_id,
                from: ended.from,
                reason: body.reason,
              },
            );
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
                clause,
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
