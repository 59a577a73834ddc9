/**
 * 出题方阅卷 (002·四 "出题、答题、阅卷"; issue 11·3): the criteria are scored by the problem's poser as well
 * as by the expert panel. The officer appointing the panel picks the poser's scorers from the poser
 * organisation's active users — this lists them (name and role only, nothing else about the accounts)
 * to officers alone; appointJudges then checks each one for conflicts with the bidders as for experts.
 */
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Role, SessionUser } from '../auth/types.ts';
import { type ChallengeContext, notFound, requireOfficer } from './context.ts';

export interface ScorerCandidate {
  userId: string;
  displayName: string;
  role: Role;
}

export async function poserScorerCandidates(
  ctx: ChallengeContext,
  user: SessionUser,
  problemId: string,
): Promise<{ organisation: { id: string; name: string }; items: ScorerCandidate[] }> {
  requireOfficer(user);
  const problem = await new ChallengeListRepository(ctx.db).getProblem(problemId);
  if (!problem) throw notFound('problem');
  const users = await new UserRepository(ctx.db).activeOf(problem.organisation_id);
  return {
    organisation: { id: problem.organisation_id, name: problem.organisation_name },
    items: users.map((u) => ({ userId: u.id, displayName: u.display_name, role: u.role })),
  };
}
