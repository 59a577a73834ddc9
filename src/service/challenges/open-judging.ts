/**
 * 阅卷 opens: after the list's window has closed, an officer opens judging on a listed problem. From now
 * the appointed, unblocked judges read the bids (the seal lifts) and score them. The panel is told.
 */
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, requireOfficer } from './context.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function openJudging(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  body: { version?: number } = {},
): Promise<ProblemView> {
  requireOfficer(user);
  await stepProblem(
    ctx,
    user,
    id,
    'open_judging',
    { by: 'officer', version: body.version },
    async (tx, row) => {
      const list = await new ChallengeListRepository(tx).getList(row.list_id!);
      if (!list || ctx.today() <= list.closes_on)
        throw conflict('window_open', {
          zh: `揭榜截止（${list?.closes_on}）后方可开始评审`,
          en: `judging opens after the bidding deadline (${list?.closes_on})`,
        });
      return {};
    },
    async (tx, row) => {
      for (const j of await new ChallengeBidRepository(tx).judges(row.id))
        if (!j.blocked)
          await ctx.notify(tx, {
            to: { userId: j.user_id },
            kind: 'challenges.judging_open',
            subject: { zh: `请为“${row.title}”的揭榜方案评分`, en: `Score the bids on "${row.title}"` },
            link: `/challenges/judging/${row.id}`,
            ref: `challenge_problem:${row.id}`,
            dedupeKey: `challenges.judging_open:${row.id}:${j.user_id}`,
          });
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'officer');
}
