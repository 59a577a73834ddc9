/**
 * Releases a milestone's tranche through the workflow's payStage (money moves only there: ledger,
 * budget, audit). Checked first by core/challenges/tranches.ts: the milestone passed 验收, earlier
 * tranches are paid, and what is released so far stays within 30% of the input verified so far and the
 * approved amount. Idempotent: the same key on a retry replays the first payment; concurrent requests
 * for one stage pay it once (the workflow's lock and key), and a later tranche waits for the earlier.
 */
import { releaseVerdict } from '../../core/challenges/tranches.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import { findPaymentByKey } from '../../storage/repositories/payments.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, conflict, forbidden, notFound, PAYER_ROLES } from './context.ts';
import { projectView, trancheStates } from './project-steps.ts';
import { idempotencyKey } from './schemas.ts';
import type { ProjectView } from './views.ts';

export async function releaseTranche(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
  seq: number,
  rawKey: unknown,
): Promise<{ project: ProjectView; paymentId: string; amount: number; replayed: boolean }> {
  if (!(PAYER_ROLES as readonly string[]).includes(user.role))
    throw forbidden({ zh: '由审批人员拨付', en: 'approvers release payments' });
  const key = parseOrThrow(idempotencyKey, rawKey);
  const repo = new ChallengeProjectRepository(ctx.db);
  const project = await repo.getProject(projectId);
  if (!project) throw notFound('project');
  const milestones = await repo.milestones(projectId);
  const index = milestones.findIndex((m) => m.seq === seq);
  if (index < 0) throw notFound('milestone');
  const { states, stageIds } = await trancheStates(ctx.db, project, milestones);
  const stageId = stageIds[index];
  if (!project.application_id || !stageId)
    throw conflict('not_scheduled', { zh: '尚未安排分阶段拨付', en: 'the tranches are not scheduled yet' });
  // A retry of a payment already made replays it (the workflow checks key, stage and role).
  if (!(await findPaymentByKey(ctx.db, key))) {
    if (project.state === 'failed' || project.state === 'dropped')
      throw conflict('project_ended', {
        zh: '项目已终止，停止拨付',
        en: 'the project has ended: payments stopped',
      });
    const app = await ctx.applications.get(user, project.application_id);
    const verdict = releaseVerdict(
      app.approvedAmount ?? 0,
      ctx.policy.byMeasure.get(project.measure_id)!.rate,
      states,
      index,
    );
    if (!verdict.ok) throw conflict(verdict.rule, verdict.text);
  }
  const paid = await ctx.applications.payStage(user, project.application_id, stageId, key);
  if (!paid.replayed)
    await ctx.db.transaction().execute(async (tx) => {
      const r = new ChallengeProjectRepository(tx);
      const m = (await r.milestones(projectId)).find((x) => x.seq === seq)!;
      await r.updateMilestone(projectId, seq, m.version, {
        payment_id: paid.payment.id,
        updated_at: ctx.clock.now(),
      });
      await ctx.record(tx, user, 'challenges.milestone.release', `challenge_project:${projectId}`, {
        clause: clauseOf(ctx, project.measure_id),
        seq,
        amount: paid.payment.amount,
        paymentId: paid.payment.id,
      });
      await ctx.notify(tx, {
        to: { organisationId: project.organisation_id },
        kind: 'challenges.tranche_released',
        subject: { zh: `第${seq}期经费已拨付`, en: `Tranche ${seq} has been released` },
        link: `/challenges/projects/${projectId}`,
        ref: `challenge_project:${projectId}`,
        dedupeKey: `challenges.released:${projectId}:${seq}`,
      });
    });
  return {
    project: await projectView(ctx, ctx.db, projectId),
    paymentId: paid.payment.id,
    amount: paid.payment.amount,
    replayed: paid.replayed,
  };
}
