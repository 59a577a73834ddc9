/**
 * An officer edits a list. A draft changes freely; a published list changes only with a note, and the
 * version before the change is kept and shown publicly (changes after publication are versioned). The
 * legal basis does not change once drafted (a list on another basis is another list).
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, inputError, requireOfficer } from './context.ts';
import { listSchema } from './create-list.ts';
import { stepList } from './steps.ts';
import { type ListView, toListView } from './views.ts';

export async function editList(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ListView> {
  requireOfficer(user);
  const input = parseOrThrow(listSchema(ctx), raw);
  const row = await stepList(
    ctx,
    user,
    id,
    'edit',
    { by: 'officer', reason: input.reason ?? null, version: input.version },
    async (tx, current) => {
      if (current.basis_measure_id !== input.basisMeasureId)
        throw inputError(
          'basisMeasureId',
          'fixed',
          '榜单的政策依据不能修改',
          'the legal basis of a list cannot change',
        );
      if (current.state === 'published')
        await new ChallengeListRepository(tx).insertListVersion({
          list_id: current.id,
          version: current.version + 1,
          note: input.reason ?? null,
          snapshot: JSON.stringify({
            title: input.title,
            batch: input.batch,
            coIssuers: input.coIssuers,
            opensOn: input.opensOn,
            closesOn: input.closesOn,
            before: {
              title: current.title,
              batch: current.batch,
              coIssuers: current.co_issuers,
              opensOn: current.opens_on,
              closesOn: current.closes_on,
            },
          }),
          changed_by: user.username,
          changed_at: ctx.clock.now(),
        });
      return {
        title: input.title,
        batch: input.batch,
        co_issuers: input.coIssuers,
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        ...(input.criteria ? { criteria: JSON.stringify(input.criteria) } : {}),
        ...(input.quorum ? { quorum: input.quorum } : {}),
        ...(input.tieBreaks ? { tie_breaks: input.tieBreaks } : {}),
        note: input.reason ?? current.note,
      };
    },
  );
  return toListView(row, ctx.policy, ctx.today());
}
