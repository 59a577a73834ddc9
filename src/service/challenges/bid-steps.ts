/**
 * What the bid use cases share: the problem a bid is on must be listed on a published list whose
 * window is open today; the bidder's profile from the registry; the entitlement the calculator gives a
 * bid (core/challenges/grant.ts through the catalogue engine).
 */
import { type BidEntitlement, bidEntitlement } from '../../core/challenges/grant.ts';
import { windowPhase } from '../../core/challenges/states.ts';
import type { Fen } from '../../core/money.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { OrganisationRepository, toApplicant } from '../../storage/repositories/organisations.ts';
import type { Executor } from '../../storage/schema.ts';
import type { ListRow, ProblemRow } from '../../storage/tables/challenges.ts';
import { type ChallengeContext, conflict, inputError, notFound } from './context.ts';

/** The problem and its list, if the problem is open for bids today (else a 409 saying why). */
export async function openProblem(
  ctx: Pick<ChallengeContext, 'today'>,
  db: Executor,
  problemId: string,
): Promise<{ problem: ProblemRow; list: ListRow }> {
  const repo = new ChallengeListRepository(db);
  const problem = await repo.getProblem(problemId);
  const list = problem?.list_id ? await repo.getList(problem.list_id) : undefined;
  if (!problem || !list || list.state !== 'published') throw notFound('problem');
  const phase = windowPhase({ opensOn: list.opens_on, closesOn: list.closes_on }, ctx.today());
  if (problem.state !== 'listed' || phase !== 'open')
    throw conflict('window_closed', {
      zh: phase === 'upcoming' ? `揭榜尚未开始（${list.opens_on} 起）` : `揭榜已截止（${list.closes_on}）`,
      en: phase === 'upcoming' ? `bidding opens on ${list.opens_on}` : `bidding closed on ${list.closes_on}`,
    });
  return { problem, list };
}

export async function entitlementFor(
  ctx: ChallengeContext,
  db: Executor,
  organisationId: string,
  list: ListRow,
  amount: Fen,
): Promise<BidEntitlement> {
  const org = await new OrganisationRepository(db).get(organisationId);
  if (!org)
    throw inputError(
      'organisationId',
      'not_in_registry',
      '单位不在名录中',
      'the organisation is not in the registry',
    );
  const basis = ctx.policy.byMeasure.get(list.basis_measure_id)!;
  return bidEntitlement(ctx.engine, basis, {
    applicant: toApplicant(org, org.qualifications),
    bidAmount: amount,
    date: ctx.today(),
  });
}
