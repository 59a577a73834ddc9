/**
 * The winner submits a milestone's 验收 evidence against the indicators: files by SHA-256 (the hash is
 * what is kept on record), each one a file the winner uploaded to the milestone's folder of the
 * attachment store (attachment-subjects.ts) and recorded with the store's name and size, and the project
 * input it claims for the milestone. A failed milestone may be resubmitted unless it was the final one (a
 * failed final acceptance ends the project).
 */
import { MILESTONE_MACHINE, type MilestoneState, nextState } from '../../core/challenges/states.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { milestoneFolderId } from './attachment-subjects.ts';
import { type ChallengeContext, conflict, notFound, refused, requireOrganisation } from './context.ts';
import { projectView, stepMilestone } from './project-steps.ts';
import { evidenceSchema } from './schemas.ts';
import { storedFiles } from './stored-files.ts';
import type { ProjectView } from './views.ts';

export async function submitEvidence(
  ctx: ChallengeContext,
  user: SessionUser,
  projectId: string,
  seq: number,
  raw: unknown,
): Promise<ProjectView> {
  const organisationId = requireOrganisation(user);
  const body = parseOrThrow(evidenceSchema, raw);
  await ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeProjectRepository(tx);
    const project = await repo.lockProject(projectId);
    if (!project || project.organisation_id !== organisationId) throw notFound('project');
    if (project.state !== 'active')
      throw conflict('project_ended', { zh: '项目已终止', en: 'the project has ended' });
    const m = (await repo.milestones(projectId)).find((x) => x.seq === seq);
    if (!m) throw notFound('milestone');
    if (m.state === 'failed' && m.final)
      throw conflict('final_failed', {
        zh: '最终验收未通过，不能重新提交',
        en: 'the final acceptance failed',
      });
    // A milestone not awaiting evidence is refused as a state (409) before its files are looked at.
    const step = nextState(MILESTONE_MACHINE, m.state as MilestoneState, 'submit_evidence', 'bidder', null);
    if (!step.ok) throw refused(step);
    const evidence = await storedFiles(
      tx,
      {
        subjectType: 'challenge_milestone',
        subjectId: milestoneFolderId(projectId, seq),
        field: 'evidence',
        label: { zh: `里程碑 ${seq} 的验收材料`, en: `the evidence files of milestone ${seq}` },
      },
      body.evidence,
    );
    await stepMilestone(ctx, tx, user, project, m, 'submit_evidence', 'bidder', null, {
      evidence: JSON.stringify(evidence),
      claimed_input: body.claimedInput,
      decision_note: body.note ?? null,
    });
    await ctx.notify(tx, {
      to: { role: 'reviewer' },
      kind: 'challenges.evidence_submitted',
      subject: {
        zh: `揭榜项目里程碑${seq}待验收`,
        en: `Milestone ${seq} of a challenge project awaits acceptance`,
      },
      link: `/challenges/desk/projects/${projectId}`,
      ref: `challenge_project:${projectId}`,
      dedupeKey: `challenges.evidence:${projectId}:${seq}:${m.version}`,
    });
  });
  return projectView(ctx, ctx.db, projectId);
}
