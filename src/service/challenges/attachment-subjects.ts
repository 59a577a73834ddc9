/**
 * 验收材料 in the shared attachment store: a milestone's evidence files are a subject of their own,
 * `challenge_milestone` with the id `<projectId>:<seq>`. The winner's users read them and add or remove
 * them while the milestone awaits evidence (pending, or failed and not final) and the project is active;
 * officers and auditors read them; anyone else does not learn they exist. The evidence submitted for 验收
 * (POST …/milestones/:seq/evidence) names these files by their SHA-256, as the store computed it.
 */
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SubjectPolicy } from '../attachments/ports.ts';
import { STAFF_ROLES } from '../auth/types.ts';

const ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{1,2})$/i;
const STAFF: ReadonlySet<string> = new Set(STAFF_ROLES);

export const milestoneEvidenceSubject: SubjectPolicy = {
  async access(db, actor, subjectId) {
    const m = ID.exec(subjectId);
    if (!m) return undefined;
    const repo = new ChallengeProjectRepository(db);
    const project = await repo.getProject(m[1]!);
    if (!project) return undefined;
    const own = actor.role === 'enterprise' && actor.organisationId === project.organisation_id;
    if (!own && !STAFF.has(actor.role)) return undefined;
    const milestone = (await repo.milestones(project.id)).find((x) => x.seq === Number(m[2]));
    if (!milestone) return undefined;
    const awaiting = milestone.state === 'pending' || (milestone.state === 'failed' && !milestone.final);
    return {
      organisationId: project.organisation_id,
      canRead: true,
      canWrite: own && project.state === 'active' && awaiting,
    };
  },
};

export const CHALLENGE_ATTACHMENT_SUBJECTS: Record<string, SubjectPolicy> = {
  challenge_milestone: milestoneEvidenceSubject,
};
