/**
 * The 揭榜挂帅 subjects of the shared attachment store.
 *
 * 揭榜材料: a bidder's files for one problem are the subject `challenge_bid` with the id
 * `<problemId>:<organisationId>` (a folder that exists before the first submission, so the 揭榜 form can
 * upload first and submit after). Sealed exactly as the bid (read-bids.ts): the bidding organisation's
 * users read them always and add or remove them while the problem is open for bids; officers, auditors
 * and unblocked judges of the problem (experts and the poser's scorers) read them once the seal is lifted,
 * and only if the organisation bid; anyone else — another bidder, the poser, a blocked judge — does not
 * learn they exist. Each submitted version of the bid names its files by SHA-256, so removing a file
 * later does not rewrite what was submitted (GET /api/challenges/bids/:id/files/:sha256 serves them).
 *
 * 验收材料: a milestone's evidence files are a subject of their own,
 * `challenge_milestone` with the id `<projectId>:<seq>`. The winner's users read them and add or remove
 * them while the milestone awaits evidence (pending, or failed and not final) and the project is active;
 * officers and auditors read them; anyone else does not learn they exist. The evidence submitted for 验收
 * (POST …/milestones/:seq/evidence) names these files by their SHA-256, as the store computed it.
 */
import { shanghaiDate } from '../../core/dates.ts';
import { ChallengeBidRepository } from '../../storage/repositories/challenges/bids.ts';
import { ChallengeListRepository } from '../../storage/repositories/challenges/lists.ts';
import { ChallengeProjectRepository } from '../../storage/repositories/challenges/projects.ts';
import type { SubjectPolicy } from '../attachments/ports.ts';
import { STAFF_ROLES } from '../auth/types.ts';
import type { Clock } from '../clock.ts';
import { openProblem } from './bid-steps.ts';
import { sealLifted } from './read-bids.ts';

export { bidFolderId } from './read-bids.ts';

/** A milestone's 验收材料 folder: `<projectId>:<seq>`. */
export function milestoneFolderId(projectId: string, seq: number): string {
  return `${projectId}:${seq}`;
}

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

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// Lower case only, as ids are stored: one folder has one spelling.
const BID_FOLDER = new RegExp(`^(${UUID}):(${UUID})$`);

export function bidFilesSubject(clock: Clock): SubjectPolicy {
  const today = () => shanghaiDate(clock.now());
  return {
    async access(db, actor, subjectId) {
      const m = BID_FOLDER.exec(subjectId);
      if (!m) return undefined;
      const [problemId, organisationId] = [m[1]!, m[2]!];
      const lists = new ChallengeListRepository(db);
      const problem = await lists.getProblem(problemId);
      if (!problem) return undefined;
      const own = actor.role === 'enterprise' && actor.organisationId === organisationId;
      if (own) {
        // Writable while a bid could be submitted or revised: the problem open for bids today and no
        // decided bid (openProblem's rule, the same the 揭榜 endpoint applies).
        const open = await openProblem({ today }, db, problemId).then(
          () => true,
          () => false,
        );
        const live = open
          ? await new ChallengeBidRepository(db).liveBidOf(problemId, organisationId)
          : undefined;
        return {
          organisationId,
          canRead: true,
          canWrite:
            open && problem.organisation_id !== organisationId && (!live || live.state === 'submitted'),
        };
      }
      const bids = await new ChallengeBidRepository(db).bidsOf(problemId);
      if (!bids.some((b) => b.organisation_id === organisationId)) return undefined;
      const list = problem.list_id ? await lists.getList(problem.list_id) : undefined;
      if (!(await sealLifted({ today }, db, actor, problem, list))) return undefined;
      return { organisationId, canRead: true, canWrite: false };
    },
  };
}

/** Every 揭榜挂帅 subject, for createAttachmentService({ subjects }). */
export function challengeAttachmentSubjects(clock: Clock): Record<string, SubjectPolicy> {
  return { challenge_milestone: milestoneEvidenceSubject, challenge_bid: bidFilesSubject(clock) };
}
