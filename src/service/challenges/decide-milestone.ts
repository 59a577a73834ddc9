/**
 * 验收: the panel's decision on a milestone, recorded by an officer — pass, conditional pass (conditions
 * to clear, with the reason), fail (with the reason) — and the project input the acceptance verified
 * (what tranche releases are capped by: 根据项目投入); clearing conditions may record a supplementary
 * verification. Passing the final milestone completes the project.
 * Failing the final one ends it: every unpaid tranche stops and the amount to recover (at most what was
 * released; the texts name no share, the officer records it) is recorded with the reason — on the
 * project and, as a `recovery` receivable, in the fund ledger against the grant's fund and year — and
 * the commitment of the unpaid tranches is released (ledger-steps.ts), so committed = paid. What is
 * actually returned is recorded later (record-repayment.ts).
 */
import { stopAfterFailure } from '../../core/challenges/tranches.ts';
import { sumFen } from '../../core/money.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import {
  type ChallengeContext,
  clauseOf,
  conflict,
  inputError,
  notFound,
  requireOfficer,
} from './context.ts';
import { recordRecoveryDue, releaseUnpaid } from './ledger-steps.ts';
import { projectView, stepMilestone, stepProject, stopProject, trancheStates } from './project-steps.ts';
import { decideMilestoneSchema } from './schemas.ts';
import type { ProjectView } from './views.ts';

export async function decideMilestone(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
  seq: number,
  raw: unknown,
): Promise<ProjectView> {
  requireOfficer(user);
  const body = parseOrThrow(decideMilestoneSchema, raw);
  const reason = body.reason?.trim() || null;
  await ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeProjectRepository(tx);
    const project = await repo.lockProject(projectId);
    if (!project) throw notFound('project');
    if (project.state !== 'active')
      throw conflict('project_ended', { zh: '项目已终止', en: 'the project has ended' });
    const milestones = await repo.milestones(projectId);
    const m = milestones.find((x) => x.seq === seq);
    if (!m) throw notFound('milestone');
    const verifies = body.decision === 'pass' || body.decision === 'conditional';
    if (verifies && body.verifiedInput === undefined)
      throw inputError(
        'verifiedInput',
        'required',
        '请填写验收核实的项目投入',
        'the verified project input is required',
      );
    // Clearing conditions may carry a supplementary verification (e.g. a third-party audit of input).
    const verified = verifies || (body.decision === 'clear_conditions' && body.verifiedInput !== undefined);
    if (verified && m.claimed_input !== null && body.verifiedInput! > m.claimed_input)
      throw inputError(
        'verifiedInput',
        'above_claimed',
        '核实投入不得超过申报投入',
        'verified input may not exceed the input claimed',
      );
    await stepMilestone(ctx, tx, user, project, m, body.decision, 'officer', reason, {
      decision_note: reason,
      ...(verified ? { verified_input: body.verifiedInput! } : {}),
    });
    const after = await repo.milestones(projectId);
    const last = after.find((x) => x.seq === seq)!;
    if (last.final && last.state === 'accepted') {
      await stepProject(ctx, tx, user, project, 'complete', null);
    } else if (last.final && last.state === 'failed') {
      const { states } = await trancheStates(tx, project, after);
      const released = stopAfterFailure(states).released;
      const recovery = body.recoveryAmount ?? 0;
      if (recovery > released)
        throw inputError(
          'recoveryAmount',
          'above_released',
          `应追回金额不得超过已拨付金额（${released} 分）`,
          `at most what was released (${released} fen)`,
        );
      await stopProject(ctx, tx, user, projectId, 'fail', reason!, {
        recovery_amount: recovery,
        recovery_note: reason,
      });
      const clause = clauseOf(ctx, project.measure_id);
      const ledger = await releaseUnpaid(ctx, tx, project, released);
      const due = await recordRecoveryDue(ctx, tx, project, recovery, clause, reason);
      await ctx.record(tx, user, 'challenges.project.recovery', `challenge_project:${projectId}`, {
        clause,
        applicationId: project.application_id,
        released,
        recovery,
        unpaid: sumFen(states.filter((s) => !s.paid).map((s) => s.amount)),
        ...(ledger ? { ledger } : {}),
        ...(due ? { recoveryEntry: due.id } : {}),
      });
    }
    await ctx.notify(tx, {
      to: { organisationId: project.organisation_id },
      kind: `challenges.milestone_${body.decision}`,
      subject: {
        zh: `里程碑${seq}验收结果：${last.state === 'accepted' ? '通过' : last.state === 'conditional' ? '有条件通过' : '未通过'}`,
        en: `Milestone ${seq}: ${last.state}`,
      },
      body: reason ? { zh: reason, en: reason } : undefined,
      link: `/challenges/projects/${projectId}`,
      ref: `challenge_project:${projectId}`,
      dedupeKey: `challenges.milestone_decided:${projectId}:${seq}:${last.version}`,
    });
  });
  return projectView(ctx, ctx.db, projectId);
}
