/**
 * The winner submits a milestone's 验收 evidence against the indicators: files by name, SHA-256 and size
 * (the hash is what is kept on record), and the project input it claims for the milestone. A failed
 * milestone may be resubmitted unless it was the final one (a failed final acceptance ends the project).
 */
import { parseOrThrow } from '../../core/validation.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, conflict, notFound, requireOrganisation } from './context.ts';
import { projectView, stepMilestone } from './project-steps.ts';
import { evidenceSchema } from './schemas.ts';
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
    await stepMilestone(ctx, tx, user, project, m, 'submit_evidence', 'bidder', null, {
      evidence: JSON.stringify(body.evidence),
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
