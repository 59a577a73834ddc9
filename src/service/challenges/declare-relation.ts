/**
 * A judge declares a relation with an organisation (a former employer, a consultancy, a co-author's
 * firm): from now it blocks them from any problem where that organisation is a party, and a panel they
 * are already on is re-checked when the officer next appoints.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, forbidden, inputError } from './context.ts';
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
    return (await repo.declarations(user.id)).map((d) => ({
      organisationId: d.organisation_id,
      note: d.note,
    }));
  });
}
