/**
 * The live entitlement on the 揭榜 form: what Ceyuan would fund for this organisation bidding this
 * 揭榜额 on this problem, under which measure, and why — straight from the catalogue engine
 * (core/challenges/grant.ts). Read-only; the problem must be on a published list.
 */
import type { BidEntitlement } from '../../core/challenges/grant.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { entitlementFor } from './bid-steps.ts';
import { type ChallengeContext, notFound, requireOrganisation } from './context.ts';

export async function previewEntitlement(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
  amount: number,
): Promise<BidEntitlement> {
  const organisationId = requireOrganisation(user);
  const repo = new ChallengeListRepository(ctx.db);
  const problem = await repo.getProblem(problemId);
  const list = problem?.list_id ? await repo.getList(problem.list_id) : undefined;
  if (!problem || list?.state !== 'published') throw notFound('problem');
  return entitlementFor(ctx, ctx.db, organisationId, list, amount);
}
