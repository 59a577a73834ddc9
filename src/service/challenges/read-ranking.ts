/**
 * The ranking of a problem's bids, computed from the stored sheets every time (core/challenges/scoring.ts),
 * so anyone with access reproduces it from the record: officers and auditors, after judging opened.
 * Blocked judges' sheets never count (they cannot write one, and a block after the fact removes it).
 */
import type { Criterion, TieBreak } from '../../core/challenges/policy.ts';
import { type Ranking, rankBids } from '../../core/challenges/scoring.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { Executor } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, isStaff, notFound } from './context.ts';

export interface RankingView {
  problemId: string;
  ranking: Array<Ranking['ranked'][number] & { organisation: string; amount: number; state: string }>;
  unranked: Array<Ranking['unranked'][number] & { organisation: string; amount: number; state: string }>;
  basis: Ranking['basis'];
  sheets: { bidId: string; judgeId: string; scores: Record<string, number> }[];
}

export async function rankingOf(db: Executor, problemId: string): Promise<RankingView> {
  const lists = new ChallengeListRepository(db);
  const problem = await lists.getProblem(problemId);
  if (!problem?.list_id) throw notFound('problem');
  const list = (await lists.getList(problem.list_id))!;
  const repo = new ChallengeBidRepository(db);
  const bids = (await repo.bidsOf(problemId)).filter((b) => !['withdrawn', 'void'].includes(b.state));
  const judges = (await repo.judges(problemId)).filter((j) => !j.blocked).map((j) => j.user_id);
  const sheets = (await repo.scores(problemId)).map((s) => ({
    bidId: s.bid_id,
    judgeId: s.judge_id,
    scores: s.scores,
  }));
  const r = rankBids({
    criteria: list.criteria as Criterion[],
    quorum: list.quorum,
    tieBreaks: list.tie_breaks as TieBreak[],
    bids: bids.map((b) => ({ id: b.id, amount: b.amount, finalAt: new Date(b.submitted_at).toISOString() })),
    sheets,
    judges: new Set(judges),
  });
  const info = new Map(
    bids.map((b) => [b.id, { organisation: b.organisation_name, amount: b.amount, state: b.state }]),
  );
  return {
    problemId,
    ranking: r.ranked.map((x) => ({ ...x, ...info.get(x.bidId)! })),
    unranked: r.unranked.map((x) => ({ ...x, ...info.get(x.bidId)! })),
    basis: r.basis,
    sheets: sheets.filter((s) => judges.includes(s.judgeId)),
  };
}

export async function readRanking(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
): Promise<RankingView> {
  if (!isStaff(user)) throw notFound('problem');
  const problem = await new ChallengeListRepository(ctx.db).getProblem(problemId);
  if (!problem) throw notFound('problem');
  if (!['judging', 'awarded', 'racing', 'no_award'].includes(problem.state))
    throw conflict('not_judging', { zh: '题目尚未进入评审', en: 'judging has not opened' });
  return rankingOf(ctx.db, problemId);
}
