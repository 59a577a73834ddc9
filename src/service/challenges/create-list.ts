/**
 * An officer drafts a list (榜单): a dated batch on a legal basis (000·二's 攻关项目需求榜单 or 001·二's
 * 策源地攻关项目榜单), its co-issuing cities, the application window, the fund (the basis's document) and
 * the judging rules — the platform's defaults (challenges.yaml) unless the officer sets the list's own.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, requireOfficer } from './context.ts';
import { listInputSchema } from './schemas.ts';
import { type ListView, toListView } from './views.ts';

export function listSchema(ctx: ChallengeContext) {
  return listInputSchema(
    ctx.engine.catalogue.reference,
    ctx.policy.bases.map((b) => b.measureId),
  );
}

export async function createList(
  ctx: ChallengeContext,
  user: SessionUser,
  raw: unknown,
  options: { demo?: boolean } = {},
): Promise<ListView> {
  requireOfficer(user);
  const input = parseOrThrow(listSchema(ctx), raw);
  const basis = ctx.policy.byMeasure.get(input.basisMeasureId)!;
  const id = ctx.ids.next();
  const at = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeListRepository(tx);
    await repo.insertList({
      id,
      basis_measure_id: basis.measureId,
      title: input.title,
      batch: input.batch,
      co_issuers: input.coIssuers,
      opens_on: input.opensOn,
      closes_on: input.closesOn,
      fund: basis.fund,
      criteria: JSON.stringify(input.criteria ?? ctx.policy.judging.criteria),
      quorum: input.quorum ?? ctx.policy.judging.quorum,
      score_max: ctx.policy.judging.scoreMax,
      tie_breaks: input.tieBreaks ?? ctx.policy.judging.tieBreaks,
      state: 'draft',
      demo: options.demo ?? false,
      created_by: user.id,
      created_at: at,
      updated_at: at,
    });
    await ctx.record(tx, user, 'challenges.list.create', `challenge_list:${id}`, {
      clause: clauseOf(ctx, basis.measureId),
      title: input.title,
      batch: input.batch,
    });
    return (await repo.getList(id))!;
  });
  return toListView(row, ctx.policy, ctx.today());
}
