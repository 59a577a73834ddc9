/**
 * The poser withdraws its problem before it is on a list (draft, submitted, returned, accepted); an
 * officer cancels one (撤题) that is accepted, listed or being judged, with the reason — its live bids
 * are void and their bidders told (voidLiveBids, shared with 撤销榜单). A problem that has been decided is not
 * cancelled.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { type BidWithOrg, ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { Tx } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MessageDraft } from '../messages/service.ts';
import { stepBid } from './award-problem.ts';
import { type ChallengeContext, requireOfficer, requireOrganisation } from './context.ts';
import { cancelSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function withdrawProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  body: { version?: number } = {},
): Promise<ProblemView> {
  const organisationId = requireOrganisation(user);
  await stepProblem(ctx, user, id, 'withdraw', { by: 'poser', organisationId, version: body.version });
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'poser');
}

export async function cancelProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ProblemView> {
  requireOfficer(user);
  const body = parseOrThrow(cancelSchema, raw);
  await stepProblem(
    ctx,
    user,
    id,
    'cancel',
    { by: 'officer', reason: body.reason, version: body.version },
    async (tx, row) => {
      await voidLiveBids(ctx, tx, user, row.id, body.reason, (bid) => ({
        to: { organisationId: bid.organisation_id },
        kind: 'challenges.problem_cancelled',
        subject: { zh: `题目“${row.title}”已撤题`, en: `The problem "${row.title}" was cancelled` },
        body: {
          zh: `原因：${body.reason}；您的揭榜方案已作废。`,
          en: `Reason: ${body.reason}; your bid is void.`,
        },
        link: `/challenges/problems/${row.id}`,
        ref: `challenge_bid:${bid.id}`,
        dedupeKey: `challenges.problem_cancelled:${bid.id}`,
      }));
      return {};
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'officer');
}

/**
 * A cancelled problem voids its live (submitted) bids — 撤题, or its list cancelled (撤销榜单) — each
 * audited with the reason, and tells each bidder (`notice`). Returns how many were voided.
 */
export async function voidLiveBids(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser,
  problemId: string,
  reason: string,
  notice: (bid: BidWithOrg) => MessageDraft,
): Promise<number> {
  const live = await new ChallengeBidRepository(tx).bidsOf(problemId, ['submitted']);
  for (const bid of live) {
    await stepBid(ctx, tx, user, bid.id, 'void', reason);
    await ctx.notify(tx, notice(bid));
  }
  return live.length;
}
