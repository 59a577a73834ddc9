/**
 * The officer decides a judged problem (揭榜结果): one winner, several in parallel (赛马, to be down-selected
 * later), or nobody. Separated approvals: an officer who scored may not decide (core/challenges/
 * conflicts.ts). A winner must be ranked (a quorum of sheets); choosing other than the top of the
 * ranking needs a written reason. Each winning bid becomes a project with its milestones (the bid's),
 * on the list's measure, for the 揭榜额 asked; the winner applies for the money through the applications
 * workflow (start-application.ts), so caps, budget, 公示 and audit hold. The decision and the ranking it
 * rested on are stored with the problem; the winners' names are public (公示) at once.
 */
import { separationRefusal } from '../../core/challenges/conflicts.ts';
import { BID_MACHINE, type BidAction, type BidState, nextState } from '../../core/challenges/states.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { Tx } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import {
  type ChallengeContext,
  clauseOf,
  forbidden,
  inputError,
  refused,
  requireOfficer,
} from './context.ts';
import { rankingOf } from './read-ranking.ts';
import { awardSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function awardProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
  raw: unknown,
): Promise<ProblemView> {
  requireOfficer(user);
  const body = parseOrThrow(awardSchema, raw);
  const bidIds = [...new Set(body.bidIds)];
  const reason = body.reason?.trim() || null;
  const action = body.mode === 'single' ? 'award' : body.mode === 'parallel' ? 'award_parallel' : 'no_award';
  if (body.mode === 'single' && bidIds.length !== 1)
    throw inputError('bidIds', 'one_winner', '确定揭榜单位须选择一个方案', 'a single award names one bid');
  if (body.mode === 'parallel' && bidIds.length < 2)
    throw inputError(
      'bidIds',
      'several_winners',
      '赛马授予须选择至少两个方案',
      'a parallel award names two bids or more',
    );
  if (body.mode === 'none' && bidIds.length > 0)
    throw inputError(
      'bidIds',
      'no_winner',
      '宣布无人揭榜成功时不应选择方案',
      'no bid is named when nobody won',
    );

  await stepProblem(
    ctx,
    user,
    problemId,
    action,
    { by: 'officer', reason, detail: { mode: body.mode, bidIds } },
    async (tx, problem) => {
      const repo = new ChallengeBidRepository(tx);
      const sheetsBy = new Set((await repo.scores(problemId)).map((s) => s.judge_id));
      const refusal = separationRefusal(user.id, [...sheetsBy]);
      if (refusal) throw forbidden(refusal, { rule: 'separation_of_duties' });
      const ranking = await rankingOf(tx, problemId);
      const ranked = new Map(ranking.ranking.map((r) => [r.bidId, r]));
      bidIds.forEach((id, i) => {
        if (!ranked.has(id))
          throw inputError(
            `bidIds.${i}`,
            'not_ranked',
            '该方案未达到评审人数，不能授予',
            'the bid is not ranked (too few sheets)',
          );
      });
      const top = ranking.ranking.slice(0, bidIds.length).map((r) => r.bidId);
      if (bidIds.some((id) => !top.includes(id)) && !reason)
        throw inputError(
          'reason',
          'required',
          '未按排名授予须说明理由',
          'a reason is required to award other than by the ranking',
        );
      const list = (await new ChallengeListRepository(tx).getList(problem.list_id!))!;
      const winners = [];
      for (const bid of await repo.bidsOf(problemId, ['submitted'])) {
        const wins = bidIds.includes(bid.id);
        const bidAction: BidAction = wins ? (body.mode === 'parallel' ? 'win_parallel' : 'win') : 'lose';
        await stepBid(ctx, tx, user, bid.id, bidAction, reason);
        if (!wins) continue;
        winners.push({ bidId: bid.id, organisation: bid.organisation_name });
        await createProject(ctx, tx, bid, list.basis_measure_id);
      }
      return {
        decision: JSON.stringify({
          mode: body.mode,
          winners,
          reason,
          at: ctx.clock.now().toISOString(),
          by: user.username,
          clause: clauseOf(ctx, list.basis_measure_id),
          ranking: ranking.ranking.map((r) => ({
            bidId: r.bidId,
            rank: r.rank,
            total: r.totalText,
            judges: r.judges,
          })),
        }),
      };
    },
    async (tx, problem) => {
      for (const bid of await new ChallengeBidRepository(tx).bidsOf(problemId)) {
        if (['withdrawn', 'void'].includes(bid.state)) continue;
        const won = bid.state === 'awarded' || bid.state === 'racing';
        await ctx.notify(tx, {
          to: { organisationId: bid.organisation_id },
          kind: won ? 'challenges.bid_won' : 'challenges.bid_not_selected',
          subject: won
            ? { zh: `揭榜成功：${problem.title}`, en: `Your bid won: ${problem.title}` }
            : { zh: `揭榜结果：${problem.title}（未入选）`, en: `Result for ${problem.title}: not selected` },
          body: won
            ? {
                zh: '请在揭榜项目页发起资金申请，按里程碑验收分阶段拨付。',
                en: 'Apply for the funding from the project page; it is paid in stages after each milestone’s acceptance.',
              }
            : undefined,
          link: `/challenges/problems/${problem.id}`,
          ref: `challenge_bid:${bid.id}`,
          dedupeKey: `challenges.awarded:${bid.id}:${problem.version}`,
        });
      }
      await ctx.notify(tx, {
        to: { organisationId: problem.organisation_id },
        kind: 'challenges.problem_decided',
        subject: {
          zh: `您的题目“${problem.title}”已评定`,
          en: `Your problem "${problem.title}" has been decided`,
        },
        link: `/challenges/problems/${problem.id}`,
        ref: `challenge_problem:${problem.id}`,
        dedupeKey: `challenges.problem_decided:${problem.id}:${problem.version}`,
      });
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(problemId))!, 'officer');
}

export async function stepBid(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser,
  bidId: string,
  action: BidAction,
  reason: string | null,
): Promise<void> {
  const repo = new ChallengeBidRepository(tx);
  const bid = (await repo.lockBid(bidId))!;
  const step = nextState(BID_MACHINE, bid.state as BidState, action, 'officer', reason);
  if (!step.ok) throw refused(step);
  await repo.updateBid(bid.id, bid.version, { state: step.to, updated_at: ctx.clock.now() });
  await ctx.record(tx, user, `challenges.bid.${action}`, `challenge_bid:${bid.id}`, {
    problemId: bid.problem_id,
    organisationId: bid.organisation_id,
    from: step.from,
    to: step.to,
    ...(reason ? { reason } : {}),
  });
}

async function createProject(
  ctx: ChallengeContext,
  tx: Tx,
  bid: {
    id: string;
    problem_id: string;
    organisation_id: string;
    amount: number;
    milestones: { title: string; dueOn: string; plannedInput: number }[];
  },
  measureId: string,
): Promise<void> {
  const repo = new ChallengeProjectRepository(tx);
  if (await repo.projectOfBid(bid.id)) return;
  const id = ctx.ids.next();
  const at = ctx.clock.now();
  await repo.insertProject({
    id,
    problem_id: bid.problem_id,
    bid_id: bid.id,
    organisation_id: bid.organisation_id,
    measure_id: measureId,
    amount: bid.amount,
    state: 'active',
    created_at: at,
    updated_at: at,
  });
  await repo.insertMilestones(
    bid.milestones.map((m, i) => ({
      project_id: id,
      organisation_id: bid.organisation_id,
      seq: i + 1,
      title: m.title,
      due_on: m.dueOn,
      planned_input: m.plannedInput,
      final: i === bid.milestones.length - 1,
      state: 'pending',
      updated_at: at,
    })),
  );
}
