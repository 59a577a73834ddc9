/**
 * An officer publishes a list (公开发布): from now anyone can browse it and its problems without signing
 * in. The first published version is kept as version history's start. Publishing needs at least one
 * problem placed on it.
 */
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, requireOfficer } from './context.ts';
import { stepList } from './steps.ts';
import { type ListView, toListView } from './views.ts';

export async function publishList(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  body: { version?: number } = {},
): Promise<ListView> {
  requireOfficer(user);
  const row = await stepList(
    ctx,
    user,
    id,
    'publish',
    { by: 'officer', version: body.version },
    async (tx, current) => {
      const repo = new ChallengeListRepository(tx);
      const { total } = await repo.findProblems({
        listId: current.id,
        states: ['listed'],
        limit: 1,
        offset: 0,
      });
      if (total === 0)
        throw conflict('empty_list', {
          zh: '榜单上还没有题目，不能发布',
          en: 'the list has no problem on it yet',
        });
      const at = ctx.clock.now();
      await repo.insertListVersion({
        list_id: current.id,
        version: current.version + 1,
        note: null,
        snapshot: JSON.stringify({
          title: current.title,
          batch: current.batch,
          coIssuers: current.co_issuers,
          opensOn: current.opens_on,
          closesOn: current.closes_on,
        }),
        changed_by: user.username,
        changed_at: at,
      });
      return { published_at: at };
    },
  );
  return toListView(row, ctx.policy, ctx.today());
}
