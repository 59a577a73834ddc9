/** The poser submits a draft (or a returned) problem for the officers' review; they are told in the inbox. */
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, requireOrganisation } from './context.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function submitProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  body: { version?: number },
): Promise<ProblemView> {
  const organisationId = requireOrganisation(user);
  await stepProblem(
    ctx,
    user,
    id,
    'submit',
    { by: 'poser', organisationId, version: body.version },
    undefined,
    async (tx, row) => {
      await ctx.notify(tx, {
        to: { role: 'reviewer' },
        kind: 'challenges.problem_submitted',
        subject: { zh: `新题目待审核：${row.title}`, en: `A problem to review: ${row.title}` },
        body: { zh: '请审核后列入榜单或退回修改。', en: 'Review it, then place it on a list or return it.' },
        link: `/challenges/desk/problems/${row.id}`,
        ref: `challenge_problem:${row.id}`,
        dedupeKey: `challenges.problem_submitted:${row.id}:${row.version}`,
      });
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'poser');
}
