/**
 * The winner applies for the money: its project becomes a draft application in the existing workflow
 * with the matter prefilled — the list (challengeLists), the 揭榜额 (figures.bidAmount) and the measure
 * (000·二 / 001·二) — so the approval goes through the same caps ("不超过揭榜额 30%、最高 2000 万元" is a
 * ceiling the approver decides within), budget, 公示 with its objection window, and audit. Once only:
 * asking again returns the same application (two requests at once make one draft).
 */
import { bidMatter } from '../../core/challenges/grant.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, conflict, notFound, requireOrganisation } from './context.ts';
import { projectView } from './project-steps.ts';
import type { ProjectView } from './views.ts';

export async function startApplication(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
): Promise<{ project: ProjectView; applicationId: string }> {
  const organisationId = requireOrganisation(user);
  const repo = new ChallengeProjectRepository(ctx.db);
  const project = await repo.getProject(projectId);
  if (!project || project.organisation_id !== organisationId) throw notFound('project');
  if (project.application_id)
    return { project: await projectView(ctx, ctx.db, projectId), applicationId: project.application_id };
  if (project.state !== 'active')
    throw conflict('project_ended', { zh: '项目已终止，不能申请资金', en: 'the project has ended' });
  const basis = ctx.policy.byMeasure.get(project.measure_id)!;
  const problem = await new ChallengeListRepository(ctx.db).getProblem(project.problem_id);
  const matter = { ...bidMatter(basis, project.amount, ctx.today()), id: `challenge:${project.id}` };
  // The draft is written in the project's transaction, under its lock: a concurrent request or a 赛马
  // down-select that drops the project meanwhile leaves no draft behind that could still be approved.
  const applicationId = await ctx.db.transaction().execute(async (tx) => {
    const r = new ChallengeProjectRepository(tx);
    const locked = (await r.lockProject(projectId))!;
    if (locked.application_id) return locked.application_id;
    if (locked.state !== 'active')
      throw conflict('project_ended', { zh: '项目已终止，不能申请资金', en: 'the project has ended' });
    const application = await ctx.applications.createIn(tx, user, {
      measureId: project.measure_id,
      matter,
      title: `揭榜挂帅：${problem?.title ?? ''}`.slice(0, 200),
    });
    await r.updateProject(projectId, locked.version, {
      application_id: application.id,
      updated_at: ctx.clock.now(),
    });
    await ctx.record(tx, user, 'challenges.project.start_application', `challenge_project:${projectId}`, {
      clause: clauseOf(ctx, project.measure_id),
      applicationId: application.id,
      bidAmount: project.amount,
    });
    return application.id;
  });
  return { project: await projectView(ctx, ctx.db, projectId), applicationId };
}
