/**
 * A judge declares a relation with an organisation (a former employer, a consultancy, a co-author's
 * firm): from now it blocks them from any problem where that organisation is a party. A panel they
 * already sit on (a problem still open or in judging) is re-checked at once: if the organisation is a
 * party there, the judge is blocked with the declared reason (audited as `challenges.judge.blocked`),
 * and the ranking no longer counts a sheet they wrote (read-ranking.ts counts unblocked judges only).
 */
import { conflictsOf } from '../../core/challenges/conflicts.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { partiesOf } from './appoint-judges.ts';
import { type ChallengeContext, clauseOf, forbidden, inputError } from './context.ts';
import { declareSchema } from './schemas.ts';

export async function declareRelation(
  ctx: ChallengeContext,
  user: SessionUser,
  raw: unknown,
): Promise<{ organisationId: string; note: string }[]> {
  if (user.role !== 'expert') throw forbidden({ zh: '由评审专家申报', en: 'experts declare relations' });
  const body = parseOrThrow(declareSchema, raw);
  if (!(await new OrganisationRepository(ctx.db).get(body.organisationId)))
    throw inputError(
      'organisationId',
      'not_in_registry',
      '单位不在名录中',
      'the organisation is not in the registry',
    );
  return ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeBidRepository(tx);
    await repo.declare({
      user_id: user.id,
      organisation_id: body.organisationId,
      note: body.note,
      declared_at: ctx.clock.now(),
    });
    await ctx.record(tx, user, 'challenges.judge.declare', `user:${user.id}`, {
      clause: '回避',
      organisationId: body.organisationId,
      note: body.note,
    });
    const declared = [{ organisationId: body.organisationId, note: body.note }];
    const lists = new ChallengeListRepository(tx);
    for (const judge of await repo.panelsOf(user.id)) {
      const problem = await lists.getProblem(judge.problem_id);
      if (!problem || !['listed', 'judging'].includes(problem.state)) continue;
      const parties = await partiesOf(tx, problem.id, problem.organisation_id);
      // The poser's own scorers work for the poser by design: only bidders count against them.
      const against = judge.kind === 'poser' ? parties.filter((p) => p.role !== 'poser') : parties;
      const found = conflictsOf(
        { userId: user.id, organisationId: null, groupKey: null, declared },
        against,
      ).filter((c) => c.reason === 'declared');
      if (found.length === 0) continue;
      const known = new Set(judge.conflicts.map((c) => `${c.organisationId}:${c.reason}`));
      const conflicts = [
        ...judge.conflicts,
        ...found.filter((c) => !known.has(`${c.organisationId}:${c.reason}`)),
      ];
      await repo.upsertJudge({
        problem_id: judge.problem_id,
        user_id: user.id,
        kind: judge.kind,
        blocked: true,
        conflicts: JSON.stringify(conflicts),
        appointed_by: judge.appointed_by,
        appointed_at: judge.appointed_at,
      });
      const list = problem.list_id ? await lists.getList(problem.list_id) : undefined;
      await ctx.record(tx, user, 'challenges.judge.blocked', `challenge_problem:${problem.id}`, {
        clause: list ? clauseOf(ctx, list.basis_measure_id) : null,
        judge: user.username,
        kind: judge.kind,
        conflicts: found.map((c) => ({
          reason: c.reason,
          organisationId: c.organisationId,
          text: c.text.zh,
        })),
      });
    }
    return (await repo.declarations(user.id)).map((d) => ({
      organisationId: d.organisation_id,
      note: d.note,
    }));
  });
}
