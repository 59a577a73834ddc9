/**
 * What the project use cases share: reading a project for its organisation or an officer, one checked
 * and audited change of a project or a milestone (core/challenges/states.ts), stopping a project (its
 * unpaid milestones stop), and the tranche state read from the applications workflow (stages and
 * payments there are the record of what was paid).
 */
import {
  MILESTONE_MACHINE,
  type MilestoneAction,
  type MilestoneState,
  nextState,
  PROJECT_MACHINE,
  type ProjectAction,
  type ProjectState,
} from '../../core/challenges/states.ts';
import { releaseVerdict, type TrancheState } from '../../core/challenges/tranches.ts';
import {
  ChallengeProjectRepository,
  type MilestonePatch,
} from '../../storage/repositories/challenges/projects.ts';
import { listPayments, listStages } from '../../storage/repositories/payments.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { MilestoneRow, ProjectRow } from '../../storage/tables/challenges.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, clauseOf, isStaff, notFound, refused } from './context.ts';
import { recoveryView } from './ledger-steps.ts';
import { type ProjectView, type ReleaseLimits, toProjectView } from './views.ts';

export async function readableProject(
  _ctx: ChallengeContext,
  db: Executor,
  user: SessionUser,
  id: string,
): Promise<ProjectRow> {
  const row = await new ChallengeProjectRepository(db).getProject(id);
  if (!row) throw notFound('project');
  const own = user.role === 'enterprise' && user.organisationId === row.organisation_id;
  if (!own && !isStaff(user)) throw notFound('project');
  return row;
}

export async function projectView(ctx: ChallengeContext, db: Executor, id: string): Promise<ProjectView> {
  const repo = new ChallengeProjectRepository(db);
  const project = (await repo.getProject(id))!;
  const milestones = await repo.milestones(id);
  return toProjectView(
    project,
    milestones,
    await releaseLimits(ctx, db, project, milestones),
    await recoveryView(db, project),
  );
}

/**
 * What each tranche is checked against before it is released (core/challenges/tranches.ts), for the
 * officer's page to show both limits beside the button: 30% of the input verified so far and the
 * approved amount. The release itself checks again; this is only what the record says now.
 */
async function releaseLimits(
  ctx: ChallengeContext,
  db: Executor,
  project: ProjectRow,
  milestones: MilestoneRow[],
): Promise<ReleaseLimits> {
  const rate = ctx.policy.byMeasure.get(project.measure_id)?.rate ?? 0;
  const app = project.application_id
    ? await db
        .selectFrom('applications')
        .select(['state', 'approved_amount'])
        .where('id', '=', project.application_id)
        .executeTakeFirst()
    : undefined;
  const approved = app?.approved_amount ?? null;
  const { states, stageIds } = await trancheStates(db, project, milestones);
  const scheduled = stageIds.length > 0 && stageIds.every(Boolean);
  return {
    rate,
    approvedAmount: approved,
    applicationState: app?.state ?? null,
    tranches:
      scheduled && approved !== null
        ? states.map((_, i) => {
            const v = releaseVerdict(approved, rate, states, i);
            return {
              seq: milestones[i]!.seq,
              ok: v.ok,
              rule: v.ok ? null : v.rule,
              text: v.ok ? null : v.text,
              limit: v.limit,
              verifiedSoFar: v.verifiedSoFar,
            };
          })
        : [],
  };
}

export async function stepMilestone(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser | null,
  project: ProjectRow,
  milestone: MilestoneRow,
  action: MilestoneAction,
  by: 'bidder' | 'officer' | 'system',
  reason: string | null,
  patch: MilestonePatch = {},
): Promise<MilestoneRow> {
  const step = nextState(MILESTONE_MACHINE, milestone.state as MilestoneState, action, by, reason);
  if (!step.ok) throw refused(step);
  const updated = await new ChallengeProjectRepository(tx).updateMilestone(
    project.id,
    milestone.seq,
    milestone.version,
    {
      ...patch,
      state: step.to,
      updated_at: ctx.clock.now(),
    },
  );
  await ctx.record(tx, user, `challenges.milestone.${action}`, `challenge_project:${project.id}`, {
    clause: clauseOf(ctx, project.measure_id),
    seq: milestone.seq,
    from: step.from,
    to: step.to,
    ...(reason ? { reason } : {}),
    ...(patch.verified_input !== undefined ? { verifiedInput: patch.verified_input } : {}),
  });
  return updated;
}

export async function stepProject(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser | null,
  project: ProjectRow,
  action: ProjectAction,
  reason: string | null,
  patch: Record<string, unknown> = {},
): Promise<ProjectRow> {
  const step = nextState(PROJECT_MACHINE, project.state as ProjectState, action, 'officer', reason);
  if (!step.ok) throw refused(step);
  const updated = await new ChallengeProjectRepository(tx).updateProject(project.id, project.version, {
    ...patch,
    state: step.to,
    updated_at: ctx.clock.now(),
  });
  await ctx.record(tx, user, `challenges.project.${action}`, `challenge_project:${project.id}`, {
    clause: clauseOf(ctx, project.measure_id),
    from: step.from,
    to: step.to,
    ...(reason ? { reason } : {}),
    ...patch,
  });
  return updated;
}

/** Ends a project (failed final acceptance or dropped at a down-select): every unfinished milestone stops. */
export async function stopProject(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser,
  projectId: string,
  action: 'fail' | 'drop',
  reason: string,
  patch: Record<string, unknown> = {},
): Promise<ProjectRow> {
  const repo = new ChallengeProjectRepository(tx);
  const project = (await repo.lockProject(projectId))!;
  const updated = await stepProject(ctx, tx, user, project, action, reason, patch);
  // A failed final milestone keeps its verdict; a failed earlier one (awaiting resubmission) stops.
  for (const m of await repo.milestones(projectId))
    if (['pending', 'submitted', 'conditional'].includes(m.state) || (m.state === 'failed' && !m.final))
      await stepMilestone(ctx, tx, null, project, m, 'stop', 'system', null);
  return updated;
}

/** The tranches as the workflow recorded them: the stage of each milestone (by seq) and whether it is paid. */
export async function trancheStates(
  db: Executor,
  project: ProjectRow,
  milestones: MilestoneRow[],
): Promise<{ states: TrancheState[]; stageIds: (string | null)[] }> {
  if (!project.application_id) return { states: [], stageIds: [] };
  const stages = await listStages(db, project.organisation_id, project.application_id);
  const paid = new Set(
    (await listPayments(db, project.organisation_id, project.application_id)).map((p) => p.stage_id),
  );
  const bySeq = new Map(stages.map((s) => [s.seq, s]));
  return {
    states: milestones.map((m) => {
      const s = bySeq.get(m.seq);
      return {
        amount: s?.amount ?? 0,
        accepted: m.state === 'accepted',
        verifiedInput: m.verified_input,
        paid: !!s && paid.has(s.id),
      };
    }),
    stageIds: milestones.map((m) => bySeq.get(m.seq)?.id ?? null),
  };
}
