/**
 * 双向发榜 matching: the one public entry. `createMatchingService(deps)` takes the ports once and hands
 * back every use case, each in its own verb-named file beside this one; what they share is in
 * context.ts (ports, roles, errors, the matcher kept in step with the database), listing-steps.ts and
 * interest-steps.ts (one checked, audited change). The rules are pure: src/core/matching/.
 */

import type { Writable } from 'node:stream';
import type { ExportFormat } from '../../screening/export.ts';
import type { SessionUser } from '../auth/types.ts';
import { addBrokerNote } from './add-broker-note.ts';
import { answerInterest } from './answer-interest.ts';
import { assignBroker } from './assign-broker.ts';
import { type MatchingContext, type MatchingDeps, matchingContext } from './context.ts';
import { createListing } from './create-listing.ts';
import { editListing } from './edit-listing.ts';
import { expireListings } from './expire-listings.ts';
import { exportFunnel } from './export-funnel.ts';
import { expressInterest } from './express-interest.ts';
import { findMatches } from './find-matches.ts';
import { formProject } from './form-project.ts';
import { lintListing, parseListing } from './listing-steps.ts';
import { listBrokers, readBrokerQueue } from './read-broker-queue.ts';
import { readFunnel } from './read-funnel.ts';
import { getInterest, listInterests } from './read-interests.ts';
import { allListings, browseListings, getListing, myListings } from './read-listings.ts';
import { recordContract } from './record-contract.ts';
import { recordMeeting } from './record-meeting.ts';
import { releaseAssignment } from './release-assignment.ts';
import { renewListing } from './renew-listing.ts';
import { reviewListing } from './review-listing.ts';
import { setBrokerCapacity } from './set-broker-capacity.ts';
import { startApplication } from './start-application.ts';
import { submitListing } from './submit-listing.ts';
import { withdrawInterest } from './withdraw-interest.ts';
import { withdrawListing } from './withdraw-listing.ts';

export type { MatchingDeps } from './context.ts';

export function createMatchingService(deps: MatchingDeps) {
  const ctx = matchingContext(deps);
  const bind =
    <A extends unknown[], R>(useCase: (ctx: MatchingContext, ...args: A) => R) =>
    (...args: A): R =>
      useCase(ctx, ...args);
  return {
    context: ctx,
    /** Lints a draft without saving it (the publishing page's live prompts). */
    lint: (raw: unknown) => lintListing(parseListing(ctx, raw)),
    createListing: bind(createListing),
    editListing: bind(editListing),
    submitListing: bind(submitListing),
    reviewListing: bind(reviewListing),
    withdrawListing: bind(withdrawListing),
    renewListing: bind(renewListing),
    expireListings: bind(expireListings),
    browseListings: bind(browseListings),
    getListing: bind(getListing),
    myListings: bind(myListings),
    allListings: bind(allListings),
    findMatches: bind(findMatches),

    expressInterest: bind(expressInterest),
    answerInterest: bind(answerInterest),
    withdrawInterest: bind(withdrawInterest),
    recordMeeting: bind(recordMeeting),
    recordContract: bind(recordContract),
    formProject: bind(formProject),
    startApplication: bind(startApplication),
    listInterests: bind(listInterests),
    getInterest: bind(getInterest),

    readBrokerQueue: bind(readBrokerQueue),
    listBrokers: bind(listBrokers),
    assignBroker: bind(assignBroker),
    releaseAssignment: bind(releaseAssignment),
    addBrokerNote: bind(addBrokerNote),
    setBrokerCapacity: bind(setBrokerCapacity),

    readFunnel: bind(readFunnel),
    exportFunnel: (
      user: SessionUser,
      q: Parameters<typeof readFunnel>[2],
      format: ExportFormat,
      out: Writable,
    ) => exportFunnel(ctx, user, q, format, out),
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
