/**
 * 揭榜挂帅 challenge lists (issue 11): the one public entry. `createChallengeService(deps)` takes the ports
 * once and hands back every use case, each in its own verb-named file beside this one; what they share
 * is in context.ts, steps.ts (a checked, audited change of a list or a problem), bid-steps.ts and
 * project-steps.ts. The rules are pure: src/core/challenges/.
 *
 *   出题  proposeProblem → submitProblem → reviewProblem → placeProblem   (officer: createList, publishList, cancelList)
 *   答题  submitBid (revise) / withdrawBid, previewEntitlement            (sealed: read-bids.ts)
 *   阅卷  appointJudges (conflicts) → openJudging → scoreBid → readRanking → awardProblem → downselectProblem
 *   拨付  startApplication → (workflow: approve, 公示) → scheduleTranches → submitEvidence → decideMilestone → releaseTranche
 *         (a failed final 验收 puts money due back in the ledger: recordRepayment records what is returned)
 */
import { appointJudges, myPanels, readPanel } from './appoint-judges.ts';
import { awardProblem } from './award-problem.ts';
import { cancelList } from './cancel-list.ts';
import { type ChallengeContext, type ChallengeDeps, challengeContext } from './context.ts';
import { createList } from './create-list.ts';
import { decideMilestone } from './decide-milestone.ts';
import { declareRelation } from './declare-relation.ts';
import { downselectProblem } from './downselect-problem.ts';
import { editList } from './edit-list.ts';
import { findPartners } from './find-partners.ts';
import { openJudging } from './open-judging.ts';
import { placeProblem } from './place-problem.ts';
import { poserScorerCandidates } from './poser-scorers.ts';
import { previewEntitlement } from './preview-entitlement.ts';
import { editProblem, proposeProblem } from './propose-problem.ts';
import { publishList } from './publish-list.ts';
import { bidFileSubject, bidsOnProblem, bidVersions, getBid, myBids } from './read-bids.ts';
import { browseLists, findProblems, getList, getProblem } from './read-lists.ts';
import { getProject, listProjects } from './read-projects.ts';
import { readRanking } from './read-ranking.ts';
import { recordRepayment } from './record-repayment.ts';
import { releaseTranche } from './release-tranche.ts';
import { reviewProblem } from './review-problem.ts';
import { scheduleTranches } from './schedule-tranches.ts';
import { scoreBid } from './score-bid.ts';
import { startApplication } from './start-application.ts';
import { submitBid } from './submit-bid.ts';
import { submitEvidence } from './submit-evidence.ts';
import { submitProblem } from './submit-problem.ts';
import { withdrawBid } from './withdraw-bid.ts';
import { cancelProblem, withdrawProblem } from './withdraw-problem.ts';

export type { ChallengeDeps } from './context.ts';

export function createChallengeService(deps: ChallengeDeps) {
  const ctx = challengeContext(deps);
  const bind =
    <A extends unknown[], R>(useCase: (ctx: ChallengeContext, ...args: A) => R) =>
    (...args: A): R =>
      useCase(ctx, ...args);
  return {
    context: ctx,
    createList: bind(createList),
    editList: bind(editList),
    publishList: bind(publishList),
    cancelList: bind(cancelList),
    browseLists: bind(browseLists),
    getList: bind(getList),

    proposeProblem: bind(proposeProblem),
    editProblem: bind(editProblem),
    submitProblem: bind(submitProblem),
    reviewProblem: bind(reviewProblem),
    placeProblem: bind(placeProblem),
    withdrawProblem: bind(withdrawProblem),
    cancelProblem: bind(cancelProblem),
    findProblems: bind(findProblems),
    getProblem: bind(getProblem),

    previewEntitlement: bind(previewEntitlement),
    submitBid: bind(submitBid),
    withdrawBid: bind(withdrawBid),
    getBid: bind(getBid),
    bidVersions: bind(bidVersions),
    bidFileSubject: bind(bidFileSubject),
    findPartners: bind(findPartners),
    bidsOnProblem: bind(bidsOnProblem),
    myBids: bind(myBids),

    appointJudges: bind(appointJudges),
    poserScorerCandidates: bind(poserScorerCandidates),
    readPanel: bind(readPanel),
    myPanels: bind(myPanels),
    declareRelation: bind(declareRelation),
    openJudging: bind(openJudging),
    scoreBid: bind(scoreBid),
    readRanking: bind(readRanking),
    awardProblem: bind(awardProblem),
    downselectProblem: bind(downselectProblem),

    startApplication: bind(startApplication),
    scheduleTranches: bind(scheduleTranches),
    submitEvidence: bind(submitEvidence),
    decideMilestone: bind(decideMilestone),
    releaseTranche: bind(releaseTranche),
    recordRepayment: bind(recordRepayment),
    getProject: bind(getProject),
    listProjects: bind(listProjects),
  };
}

export type ChallengeService = ReturnType<typeof createChallengeService>;
