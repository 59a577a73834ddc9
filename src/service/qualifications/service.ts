/**
 * The tier and qualification ledger (issue 13): the one public entry. `createQualificationService(deps)`
 * takes the ports once and hands back every use case, each in its own verb-named file beside this one;
 * what they share is in context.ts (ports, roles, errors, the loaded policy) and apply-operations.ts
 * (the ledger's one write path). The rules are pure: src/core/qualifications/.
 */
import { confirmReward } from './confirm-reward.ts';
import { type QualificationContext, type QualificationDeps, qualificationContext } from './context.ts';
import { createPool, editPool } from './define-pool.ts';
import { markReward } from './dismiss-reward.ts';
import { downgradeQualification } from './downgrade-qualification.ts';
import { enrolMembers } from './enrol-members.ts';
import { findCandidates } from './find-candidates.ts';
import { forecastStock } from './forecast-stock.ts';
import { importQualifications, ledgerTemplate } from './import-qualifications.ts';
import { listExpiring } from './list-expiring.ts';
import { readPool, readPools } from './list-pools.ts';
import { pushFeed } from './push-feed.ts';
import { readLadder } from './read-ladder.ts';
import { readEvents, readHolders, readOrganisationLedger, readStock } from './read-ledger.ts';
import { listOfficers, readMembers } from './read-members.ts';
import { readPath } from './read-path.ts';
import { readReference } from './read-reference.ts';
import { readReward, readRewards } from './read-rewards.ts';
import { recordQualification } from './record-qualification.ts';
import { readServices, recordService } from './record-service.ts';
import { revokeQualification } from './revoke-qualification.ts';
import { readRewardSettings, setRewardSettings } from './reward-settings.ts';
import { scanQualifications } from './scan-qualifications.ts';
import { readParameterHistory, setParameter } from './set-parameter.ts';
import { updateMember } from './update-member.ts';
import { withdrawQualification } from './withdraw-qualification.ts';

export type { QualificationDeps } from './context.ts';

export function createQualificationService(deps: QualificationDeps) {
  const ctx = qualificationContext(deps);
  const bind =
    <A extends unknown[], R>(useCase: (ctx: QualificationContext, ...args: A) => R) =>
    (...args: A): R =>
      useCase(ctx, ...args);
  return {
    context: ctx,
    readReference: () => readReference(ctx),
    ledgerTemplate,

    // the ledger
    recordQualification: bind(recordQualification),
    revokeQualification: bind(revokeQualification),
    downgradeQualification: bind(downgradeQualification),
    withdrawQualification: bind(withdrawQualification),
    importQualifications: bind(importQualifications),
    pushFeed: bind(pushFeed),
    readOrganisationLedger: bind(readOrganisationLedger),
    readStock: bind(readStock),
    readHolders: bind(readHolders),
    readEvents: bind(readEvents),
    readLadder: bind(readLadder),
    readPath: bind(readPath),
    listExpiring: bind(listExpiring),
    forecastStock: bind(forecastStock),
    scan: bind(scanQualifications),

    // officers' thresholds
    setParameter: bind(setParameter),
    readParameterHistory: bind(readParameterHistory),

    // 培育库
    readPools: bind(readPools),
    readPool: bind(readPool),
    createPool: bind(createPool),
    editPool: bind(editPool),
    findCandidates: bind(findCandidates),
    enrolMembers: bind(enrolMembers),
    readMembers: bind(readMembers),
    updateMember: bind(updateMember),
    recordService: bind(recordService),
    readServices: bind(readServices),
    listOfficers: bind(listOfficers),

    // first-time rewards (免申即享)
    readRewards: bind(readRewards),
    readReward: bind(readReward),
    confirmReward: bind(confirmReward),
    markReward: bind(markReward),
    readRewardSettings: bind(readRewardSettings),
    setRewardSettings: bind(setRewardSettings),
  };
}

export type QualificationService = ReturnType<typeof createQualificationService>;
