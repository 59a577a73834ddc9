/**
 * An officer places an accepted problem on a list (列入榜单). A list that has closed for bids or was
 * cancelled takes no new problem; placing on a published list is a change shown with the list.
 */
import { windowPhase } from '../../core/challenges/states.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, inputError, requireOfficer } from './context.ts';
import { placeProblemSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function placeProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ProblemView> {
  requireOfficer(user);
  const body = parseOrThrow(placeProblemSchema, raw);
  await stepProblem(
    ctx,
    user,
    id,
    'place',
    { by: 'officer', version: body.version, detail: { listId: body.listId } },
    async (tx) => {
      const list = await new ChallengeListRepository(tx).lockList(body.listId);
      if (!list) throw inputError('listId', 'not_found', '未找到该榜单', 'no such list');
      if (
        list.state === 'cancelled' ||
        windowPhase({ opensOn: list.opens_on, closesOn: list.closes_on }, ctx.today()) === 'closed'
      )
        throw conflict('list_closed', {
          zh: '该榜单已撤销或揭榜已截止，不能再列入题目',
          en: 'the list is cancelled or closed for bids: no new problem',
        });
      return { list_id: list.id };
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'officer');
}
