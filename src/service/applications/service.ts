/**
 * Applications: create, edit, submit, review, approve, notice, stages, payments, close.
 *
 * The one public entry: `createApplicationService(deps)` takes the ports once and hands back every
 * use case of the workflow. Each use case lives in its own file (verb-named, below); what they share
 * (the ports, access and the reads a decision is judged on) is in case-context.ts, and how a state
 * changes — one transaction, locks in a fixed order, workflow check, decision and audit entry — is in
 * transition.ts. The rules themselves are pure: src/core/workflow.ts and src/core/ledger.ts.
 */

import type { WorkflowAction } from '../../core/workflow.ts';
import { approveApplication } from './approve-application.ts';
import { type CaseContext, caseContext } from './case-context.ts';
import { createApplication, createApplicationIn } from './create-application.ts';
import { createFromSelfCheck, createFromSelfCheckIn } from './create-from-self-check.ts';
import { editApplication } from './edit-application.ts';
import { endMatterIn } from './end-matter.ts';
import { payStage } from './pay-stage.ts';
import type { Actor, ApplicationDeps } from './ports.ts';
import { publishNotice } from './publish-notice.ts';
import { getApplication, getDecision, listApplicationViews, listReviewQueue } from './read-applications.ts';
import { recommendAmount } from './recommend-amount.ts';
import { recordObjection } from './record-objection.ts';
import { dismissObjection, upholdObjection } from './resolve-objection.ts';
import { scheduleStages } from './schedule-stages.ts';
import { sendBack } from './send-back.ts';
import { submitApplication } from './submit-application.ts';
import { type TransitionOptions, transition } from './transition.ts';

export { notFound } from './case-context.ts';
export type { CreateApplication } from './create-application.ts';
export type { EditApplication } from './edit-application.ts';
export type { PaymentResult } from './pay-stage.ts';
export type { TransitionOptions } from './transition.ts';

export function createApplicationService(deps: ApplicationDeps) {
  const ctx = caseContext(deps);
  /** A use case with the context filled in: the same parameters after `ctx`, the same result. */
  const bind =
    <A extends unknown[], R>(useCase: (ctx: CaseContext, ...args: A) => R) =>
    (...args: A): R =>
      useCase(ctx, ...args);
  /** A step with no work of its own: the workflow's rules (src/core/workflow.ts) are all there is. */
  const step =
    (action: WorkflowAction) =>
    (actor: Actor, id: string, opts: TransitionOptions = {}) =>
      transition(ctx, id, actor, action, opts);
  /** The same for a step that requires a reason, so the options are required too. */
  const stepWithReason = (action: WorkflowAction) => (actor: Actor, id: string, opts: TransitionOptions) =>
    transition(ctx, id, actor, action, opts);

  return {
    create: bind(createApplication),
    createIn: bind(createApplicationIn),
    createFromSelfCheck: bind(createFromSelfCheck),
    createFromSelfCheckIn: bind(createFromSelfCheckIn),
    edit: bind(editApplication),
    submit: bind(submitApplication),
    withdraw: step('withdraw'),

    accept: step('accept'),
    returnForCorrection: stepWithReason('return'),
    startReview: step('start_review'),
    recommend: bind(recommendAmount),
    reject: stepWithReason('reject'),
    sendBack: bind(sendBack),
    approve: bind(approveApplication),

    publishNotice: bind(publishNotice),
    recordObjection: bind(recordObjection),
    upholdObjection: bind(upholdObjection),
    dismissObjection: bind(dismissObjection),
    closeNotice: step('close_notice'),

    scheduleStages: bind(scheduleStages),
    payStage: bind(payStage),
    close: step('close'),
    endMatterIn: bind(endMatterIn),

    get: bind(getApplication),
    decision: bind(getDecision),
    list: bind(listApplicationViews),
    queue: bind(listReviewQueue),
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
