/**
 * An officer reviews a submitted problem: accept it (it may then be placed on a list), return it for
 * revision (补正, with the reason), or reject it (with the reason). The poser is told in the inbox.
 */
import { PROBLEM_MACHINE, type ProblemState } from '../../core/challenges/states.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, requireOfficer } from './context.ts';
import { reviewProblemSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { type ProblemView, toProblemView } from './views.ts';

export async function reviewProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ProblemView> {
  requireOfficer(user);
  const body = parseOrThrow(reviewProblemSchema, raw);
  const note = body.reason?.trim() || null;
  await stepProblem(
    ctx,
    user,
    id,
    body.decision,
    { by: 'officer', reason: note, version: body.version },
    async () => ({ review_note: note }),
    async (tx, row) => {
      const label = PROBLEM_MACHINE.stateLabels[row.state as ProblemState];
      await ctx.notify(tx, {
        to: { organisationId: row.organisation_id },
        kind: `challenges.problem_${body.decision}`,
        subject: {
          zh: `您的题目“${row.title}”${label.zh}`,
          en: `Your problem "${row.title}" is ${label.en}`,
        },
        body: note ? { zh: `审核意见：${note}`, en: `Officer's note: ${note}` } : undefined,
        link: `/challenges/problems/${row.id}`,
        ref: `challenge_problem:${row.id}`,
        dedupeKey: `challenges.problem_reviewed:${row.id}:${row.version}`,
      });
    },
  );
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'officer');
}
