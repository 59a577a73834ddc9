/**
 * Sealed bids. Who reads a bid: its own organisation, always; officers and auditors only after the list's
 * window has closed; a judge only after judging opened and only if not blocked by a conflict. Anyone
 * else — another bidder above all — gets "not found", by every endpoint, so that not even a bid's
 * existence leaks. Counts per problem are public (the list's chart), contents never.
 */
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { Executor } from '../../storage/schema.ts';
import type { ListRow, ProblemRow } from '../../storage/tables/challenges.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, isStaff, notFound } from './context.ts';
import { type BidView, toBidView } from './views.ts';

const JUDGING_ON: readonly string[] = ['judging', 'awarded', 'racing', 'no_award'];

/** Whether the seal is lifted for `user` on this problem (not for the bidder's own bid: always). */
export async function sealLifted(
  ctx: Pick<ChallengeContext, 'today'>,
  db: Executor,
  user: Pick<SessionUser, 'id' | 'role'>,
  problem: ProblemRow,
  list: ListRow | undefined,
): Promise<boolean> {
  const closed = !!list && ctx.today() > list.closes_on;
  if (!closed) return false;
  if (isStaff(user)) return true;
  if (!JUDGING_ON.includes(problem.state)) return false;
  const judge = await new ChallengeBidRepository(db).judgeOf(problem.id, user.id);
  return !!judge && !judge.blocked;
}

/** A bid as saved at one version (challenge_bid_versions keeps the input of every submission). */
export interface BidVersionView {
  version: number;
  savedAt: string;
  amount: number;
  plan: string;
  team: string;
  partners: string[];
  milestones: BidView['milestones'];
  attachments: BidView['attachments'];
}

/** Every version of a bid, oldest first, to whoever may read the bid (getBid's seal). */
export async function bidVersions(
  ctx: ChallengeContext,
  user: SessionUser,
  bidId: string,
): Promise<BidVersionView[]> {
  await getBid(ctx, user, bidId);
  const rows = await new ChallengeBidRepository(ctx.db).versions(bidId);
  return rows.map((r) => {
    const s = (
      typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot
    ) as Partial<BidVersionView>;
    return {
      version: r.version,
      savedAt: new Date(r.saved_at).toISOString(),
      amount: s.amount ?? 0,
      plan: s.plan ?? '',
      team: s.team ?? '',
      partners: s.partners ?? [],
      milestones: s.milestones ?? [],
      attachments: s.attachments ?? [],
    };
  });
}

/** The attachment store's subject id of an organisation's 揭榜 files for one problem (`challenge_bid`). */
export const bidFolderId = (problemId: string, organisationId: string) => `${problemId}:${organisationId}`;

/**
 * Where a file a bid named is kept: the bidder's folder, if the caller may read the bid (getBid's seal)
 * and some version of it names these bytes — so a file removed after it was submitted stays readable.
 */
export async function bidFileSubject(
  ctx: ChallengeContext,
  user: SessionUser,
  bidId: string,
  sha256: string,
): Promise<{ subjectType: 'challenge_bid'; subjectId: string }> {
  const bid = await getBid(ctx, user, bidId);
  const named = (await bidVersions(ctx, user, bidId)).some((v) =>
    v.attachments.some((a) => a.sha256 === sha256),
  );
  if (!named) throw notFound('bid');
  return { subjectType: 'challenge_bid', subjectId: bidFolderId(bid.problemId, bid.organisation.id) };
}

export async function getBid(
  ctx: ChallengeContext,
  user: SessionUser,
  bidId: string,
): Promise<BidView & { versions: number[] }> {
  const repo = new ChallengeBidRepository(ctx.db);
  const bid = await repo.getBid(bidId);
  if (!bid) throw notFound('bid');
  const own = user.role === 'enterprise' && user.organisationId === bid.organisation_id;
  if (!own) {
    const lists = new ChallengeListRepository(ctx.db);
    const problem = await lists.getProblem(bid.problem_id);
    const list = problem?.list_id ? await lists.getList(problem.list_id) : undefined;
    if (!problem || !(await sealLifted(ctx, ctx.db, user, problem, list))) throw notFound('bid');
  }
  const versions = (await repo.versions(bid.id)).map((v) => v.version);
  return { ...toBidView(bid), versions };
}

/** The bids on a problem the caller may read: all of them once the seal is lifted, else only its own. */
export async function bidsOnProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
): Promise<BidView[]> {
  const lists = new ChallengeListRepository(ctx.db);
  const problem = await lists.getProblem(problemId);
  if (!problem) throw notFound('problem');
  const list = problem.list_id ? await lists.getList(problem.list_id) : undefined;
  const all = await new ChallengeBidRepository(ctx.db).bidsOf(problemId);
  if (await sealLifted(ctx, ctx.db, user, problem, list))
    return all.filter((b) => b.state !== 'withdrawn').map(toBidView);
  return all.filter((b) => user.organisationId && b.organisation_id === user.organisationId).map(toBidView);
}

/** An organisation's own bids, every problem. */
export async function myBids(ctx: ChallengeContext, user: SessionUser): Promise<BidView[]> {
  if (!user.organisationId) return [];
  return (await new ChallengeBidRepository(ctx.db).bidsByOrganisation(user.organisationId)).map(toBidView);
}
