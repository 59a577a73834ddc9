/**
 * After the approval's 公示 has closed, the approver schedules the payment stages of a project's
 * application as its milestones' tranches (core/challenges/tranches.ts planTranches: the approved
 * amount split by each milestone's planned input; they sum to it exactly), due on the milestones'
 * dates. Once only: a retry after success returns the project as it is.
 */
import { planTranches } from '../../core/challenges/tranches.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, conflict, forbidden, notFound, PAYER_ROLES } from './context.ts';
import { projectView } from './project-steps.ts';
import type { ProjectView } from './views.ts';

export async function scheduleTranches(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
): Promise<ProjectView> {
  if (!(PAYER_ROLES as readonly string[]).includes(user.role))
    throw forbidden({ zh: '由审批人员安排拨付', en: 'approvers schedule payments' });
  const repo = new ChallengeProjectRepository(ctx.db);
  const project = await repo.getProject(projectId);
  if (!project) throw notFound('project');
  const milestones = await repo.milestones(projectId);
  if (milestones.every((m) => m.tranche !== null)) return projectView(ctx, ctx.db, projectId);
  if (!project.application_id)
    throw conflict('no_application', {
      zh: '揭榜单位尚未提交资金申请',
      en: 'the winner has not applied yet',
    });
  const app = await ctx.applications.get(user, project.application_id);
  if (app.approvedAmount === null || app.state !== 'notice_closed')
    throw conflict('not_approved', {
      zh: '资金申请须经批准并完成公示后方可安排分阶段拨付',
      en: 'the application must be approved and its notice closed first',
    });
  const amounts = planTranches(
    app.approvedAmount,
    milestones.map((m) => m.planned_input),
  );
  await ctx.applications.scheduleStages(user, project.application_id, {
    amounts,
    dueDates: milestones.map((m) => m.due_on),
  });
  await ctx.db.transaction().execute(async (tx) => {
    const r = new ChallengeProjectRepository(tx);
    for (const [i, m] of milestones.entries())
      await r.updateMilestone(projectId, m.seq, m.version, {
        tranche: amounts[i]!,
        updated_at: ctx.clock.now(),
      });
    await ctx.record(tx, user, 'challenges.project.schedule_tranches', `challenge_project:${projectId}`, {
      clause: clauseOf(ctx, project.measure_id),
      approved: app.approvedAmount,
      tranches: amounts,
    });
  });
  return projectView(ctx, ctx.db, projectId);
}
