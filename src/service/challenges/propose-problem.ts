/**
 * 出题 (002·四 健全企业“出题、答题、阅卷”机制; 001·二 完善企业出题机制): an organisation (an enterprise, a
 * university, an institute) proposes a problem — title, technical need, 验收指标, deliverables, timeline,
 * sector, the 揭榜额 range it offers and whether it co-funds — as a draft, optionally submitting it for
 * review at once. `editProblem` replaces a draft's or a returned problem's content.
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, requireOrganisation } from './context.ts';
import { type ProblemInput, problemInputSchema } from './schemas.ts';
import { stepProblem } from './steps.ts';
import { submitProblem } from './submit-problem.ts';
import { type ProblemView, toProblemView } from './views.ts';

const MECHANISM = '002·四 健全企业“出题、答题、阅卷”机制';

function columns(input: ProblemInput) {
  return {
    title: input.title,
    need: input.need,
    indicators: JSON.stringify(input.indicators),
    deliverables: input.deliverables,
    timeline_months: input.timelineMonths,
    sector: input.sector,
    budget_min: input.budgetMin,
    budget_max: input.budgetMax,
    co_funds: input.coFunds,
  };
}

export async function proposeProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  raw: unknown,
): Promise<ProblemView> {
  const organisationId = requireOrganisation(user);
  const input = parseOrThrow(problemInputSchema(ctx.engine.catalogue.reference), raw);
  const id = ctx.ids.next();
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await new ChallengeListRepository(tx).insertProblem({
      id,
      organisation_id: organisationId,
      state: 'draft',
      ...columns(input),
      created_by: user.id,
      created_at: at,
      updated_at: at,
    });
    await ctx.record(tx, user, 'challenges.problem.create', `challenge_problem:${id}`, {
      clause: MECHANISM,
      organisationId,
      title: input.title,
    });
  });
  if (input.submit) return submitProblem(ctx, user, id, {});
  const row = await new ChallengeListRepository(ctx.db).getProblem(id);
  return toProblemView(row!, 'poser');
}

export async function editProblem(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  raw: unknown,
): Promise<ProblemView> {
  const organisationId = requireOrganisation(user);
  const input = parseOrThrow(problemInputSchema(ctx.engine.catalogue.reference), raw);
  await stepProblem(
    ctx,
    user,
    id,
    'edit',
    { by: 'poser', organisationId, version: input.version },
    async () => columns(input),
  );
  if (input.submit) return submitProblem(ctx, user, id, {});
  return toProblemView((await new ChallengeListRepository(ctx.db).getProblem(id))!, 'poser');
}
