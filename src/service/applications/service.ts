/**
 * Applications: create, edit, submit, review, approve, notice, stages, payments, close.
 *
 * The one public entry: `createApplicationService(deps)` takes the ports once and hands back every
 * use case of the workflow. Create, edit, submit, recommend, send back and approve live in their own
 * files; notice, stages, payments and reads follow here. What they share
 * (the ports, access and the reads a decision is judged on) is in case-context.ts, and how a state
 * changes — one transaction, locks in a fixed order, workflow check, decision and audit entry — is in
 * transition.ts. The rules themselves are pure: src/core/workflow.ts and src/core/ledger.ts.
 */

import { yearOf } from '../../core/dates.ts';
import { CeyuanError } from '../../core/errors.ts';
import {
  activeGrants,
  decidePayment,
  measureOrThrow,
  planStages,
  type StagePlan,
} from '../../core/ledger.ts';
import {
  type ApplicationState,
  availableActions,
  noticeWindow,
  type WorkflowAction,
} from '../../core/workflow.ts';
import {
  insertObjection,
  listApplications,
  listDecisions,
  listObjections,
  resolveObjections,
} from '../../storage/repositories/applications.ts';
import { applicationEntries } from '../../storage/repositories/ledger.ts';
import {
  findPaymentByKey,
  insertPayment,
  insertStages,
  listPayments,
  listStages,
} from '../../storage/repositories/payments.ts';
import type { Tx } from '../../storage/schema.ts';
import type { PaymentRow } from '../../storage/tables/applications-ledger.ts';
import { approveApplication } from './approve-application.ts';
import { type CaseContext, caseContext, checkId, factsFrom, notFound, readable } from './case-context.ts';
import { createApplication } from './create-application.ts';
import { createFromSelfCheck } from './create-from-self-check.ts';
import { editApplication } from './edit-application.ts';
import type { Actor, ApplicationDeps } from './ports.ts';
import { recommendAmount } from './recommend-amount.ts';
import { sendBack } from './send-back.ts';
import { submitApplication } from './submit-application.ts';
import {
  appendLedger,
  type TransitionOptions,
  transition,
  type Work,
  type WorkResult,
} from './transition.ts';
import {
  type ApplicationDetail,
  type ApplicationView,
  type PaymentView,
  toDetail,
  toPaymentView,
  toView,
} from './views.ts';

export { notFound } from './case-context.ts';
export type { CreateApplication } from './create-application.ts';
export type { EditApplication } from './edit-application.ts';
export type { TransitionOptions } from './transition.ts';

/*
 * Publishes the approval for public notice (公示): N calendar days from today (the service's
 * default when the officer does not say), objections recorded up to and including the last day.
 */
export function publishNotice(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  days: number | undefined,
  opts: TransitionOptions = {},
) {
  return transition(ctx, id, actor, 'publish_notice', opts, async (_tx, w) => {
    const window = noticeWindow(w.today, days ?? ctx.noticeDays);
    return {
      patch: { notice_starts_on: window.startsOn, notice_ends_on: window.endsOn },
      detail: { notice: window },
    };
  });
}

/*
 * Records an objection raised during the notice (by anyone; an officer enters it). The case stays
 * in notice; an open objection keeps the notice from being closed until it is upheld or dismissed.
 */
export function recordObjection(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  objection: { raisedBy: string; text: string },
  opts: TransitionOptions = {},
) {
  // The objection's text is the step's reason: the workflow requires one.
  return transition(ctx, id, actor, 'object', { ...opts, reason: objection.text }, async (tx, w) => {
    const objectionId = ctx.ids.next();
    await insertObjection(tx, {
      organisation_id: w.app.organisation_id,
      id: objectionId,
      application_id: w.app.id,
      raised_by: objection.raisedBy,
      text: objection.text,
      raised_on: w.today,
      recorded_by: actor.id,
      status: 'open',
      resolution: null,
      resolved_by: null,
      resolved_at: null,
      created_at: w.at,
    });
    return { detail: { objectionId, raisedBy: objection.raisedBy } };
  });
}

/*
 * Decides the open objections of a case in notice, all at once: upheld (the case goes back to
 * review) or dismissed (the notice runs on).
 */
function resolveOpen(tx: Tx, actor: Actor, w: Work, status: 'upheld' | 'dismissed', opts: TransitionOptions) {
  return resolveObjections(
    tx,
    { organisationId: w.app.organisation_id, applicationId: w.app.id },
    status,
    opts.reason ?? '',
    actor.id,
    w.at,
  );
}

/**
 * An upheld objection sends the case back to review: the commitment is reversed in the ledger
 * (the budget and the caps are freed) and the recommendation is cleared.
 */
export function upholdObjection(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions) {
  return transition(ctx, id, actor, 'uphold_objection', opts, async (tx, w) => {
    const app = w.app;
    const resolved = await resolveOpen(tx, actor, w, 'upheld', opts);
    const grants = activeGrants(await applicationEntries(tx, app.organisation_id, app.id));
    for (const g of grants) {
      await appendLedger(ctx, tx, w, {
        kind: 'reversal',
        measure_id: g.measureId,
        fund: g.fund,
        overlap_group: g.overlapGroup,
        matter_id: g.matterId,
        amount: g.amount,
        date: g.date,
        year: g.year,
        reverses: g.id,
        payment_id: null,
      });
    }
    return {
      patch: {
        recommended_amount: null,
        recommended_by: null,
        approved_amount: null,
        approved_by: null,
        notice_starts_on: null,
        notice_ends_on: null,
      },
      detail: {
        objectionsUpheld: resolved,
        reversed: grants.map((g) => ({ id: g.id, amount: g.amount })),
      },
    };
  });
}

export function dismissObjection(ctx: CaseContext, actor: Actor, id: string, opts: TransitionOptions) {
  return transition(ctx, id, actor, 'dismiss_objection', opts, async (tx, w) => {
    const resolved = await resolveOpen(tx, actor, w, 'dismissed', opts);
    return { detail: { objectionsDismissed: resolved } };
  });
}

/*
 * Splits the approved amount into payment stages that sum to it exactly (by whole-number weights or
 * explicit amounts, src/core/ledger.ts); a measure not paid in stages (分阶段) gets one stage.
 */
export function scheduleStages(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  plan: StagePlan & { dueDates?: (string | null)[] },
  opts: TransitionOptions = {},
) {
  return transition(ctx, id, actor, 'schedule_stages', opts, async (tx, w) => {
    const app = w.app;
    const measure = measureOrThrow(ctx.engine, app.measure_id);
    const staged = 'staged' in measure.benefit ? measure.benefit.staged : false;
    // Stages are scheduled only after the notice closed, so an approved amount is on the case.
    const amounts = planStages(app.approved_amount!, plan, staged);
    const rows = amounts.map((amount, i) => ({
      organisation_id: app.organisation_id,
      id: ctx.ids.next(),
      application_id: app.id,
      seq: i + 1,
      amount,
      due_on: plan.dueDates?.[i] ?? null,
      created_at: w.at,
    }));
    await insertStages(tx, rows);
    return { amount: app.approved_amount, detail: { stages: amounts } };
  });
}

/*
 * Pays one stage, once. The idempotency key makes a retry safe: the same key for the same stage
 * returns the first payment (`replayed: true`); the same key for anything else is refused.
 *
 * The key is looked up three times, because a retry can arrive at any moment of the first request:
 * before the transaction (the common replay); again under the application's lock (the first request
 * committed while this one waited for the lock, perhaps paying the last stage, after which the
 * workflow would refuse to pay at all); and after a unique violation (the database's
 * UNIQUE (organisation_id, idempotency_key) let only one of two requests in, e.g. the same key sent
 * at once for two applications, which do not share a lock).
 */
export interface PaymentResult {
  payment: PaymentView;
  /** true when the key had already paid: this is the first payment, returned again. */
  replayed: boolean;
  application: ApplicationView;
}

/** Thrown under the lock when the key has paid meanwhile: unwinds the transaction, then replays. */
class ReplayFound extends Error {
  constructor(readonly payment: PaymentRow) {
    super('payment already made with this key');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function payStage(
  ctx: CaseContext,
  actor: Actor,
  id: string,
  stageId: string,
  key: string,
): Promise<PaymentResult> {
  const replay = async (existing: PaymentRow): Promise<PaymentResult> => {
    if (existing.application_id !== id || existing.stage_id !== stageId) {
      throw new CeyuanError(
        'IDEMPOTENCY_KEY_REUSED',
        {
          zh: '该幂等键已用于另一笔拨付，请为新的拨付使用新的键',
          en: 'this idempotency key was used for another payment; use a new key for a new payment',
        },
        { paymentId: existing.id },
      );
    }
    return {
      payment: toPaymentView(existing),
      replayed: true,
      application: toView(await readable(ctx, actor, id)),
    };
  };
  checkId(id);
  checkId(stageId, 'payment stage');
  const seen = await findPaymentByKey(ctx.db, key);
  if (seen) return replay(seen);
  let payment: PaymentRow | undefined;
  try {
    const application = await transition(
      ctx,
      id,
      actor,
      'pay_stage',
      {},
      async (tx, w) => {
        const written = await writePayment(ctx, tx, actor, w, stageId, key);
        payment = written.payment;
        return written.result;
      },
      // Under the application's lock, before the workflow check: a concurrent request with this
      // key may have paid meanwhile (perhaps the last stage, after which paying is refused).
      async (tx) => {
        const again = await findPaymentByKey(tx, key);
        if (again) throw new ReplayFound(again);
      },
    );
    return { payment: toPaymentView(payment!), replayed: false, application };
  } catch (error) {
    if (error instanceof ReplayFound) return replay(error.payment);
    if (isUniqueViolation(error)) {
      const winner = await findPaymentByKey(ctx.db, key);
      if (winner) return replay(winner);
    }
    throw error;
  }
}

/** Under the lock, after the workflow check: the stage due, its payment and the ledger's payment entry. */
async function writePayment(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  w: Work,
  stageId: string,
  key: string,
): Promise<{ payment: PaymentRow; result: WorkResult }> {
  const app = w.app;
  const [stages, payments] = await Promise.all([
    listStages(tx, app.organisation_id, app.id),
    listPayments(tx, app.organisation_id, app.id),
  ]);
  const paidWith = new Map(payments.map((p) => [p.stage_id, p.idempotency_key]));
  const { stage } = decidePayment(
    stages.map((s) => ({ id: s.id, seq: s.seq, amount: s.amount, paidWith: paidWith.get(s.id) ?? null })),
    stageId,
    key,
  );
  const payment: PaymentRow = {
    organisation_id: app.organisation_id,
    id: ctx.ids.next(),
    application_id: app.id,
    stage_id: stage.id,
    amount: stage.amount,
    idempotency_key: key,
    paid_on: w.today,
    paid_by: actor.id,
    created_at: w.at,
  };
  await insertPayment(tx, payment);
  // The payment draws on the grant's fund and year (the budget the approval committed).
  const grant = activeGrants(await applicationEntries(tx, app.organisation_id, app.id))[0];
  await appendLedger(ctx, tx, w, {
    kind: 'payment',
    measure_id: app.measure_id,
    fund: grant?.fund ?? app.document_code,
    overlap_group: app.overlap_group,
    matter_id: app.matter_id,
    amount: stage.amount,
    date: w.today,
    year: grant?.year ?? yearOf(w.today),
    reverses: null,
    payment_id: payment.id,
  });
  return {
    payment,
    result: {
      amount: stage.amount,
      detail: { stageId: stage.id, seq: stage.seq, paymentId: payment.id, idempotencyKey: key },
    },
  };
}

/*
 * Reads: one application with its timeline, stages, payments, objections and the actions open to
 * the reader; one stored decision in full; lists and queues. An enterprise user reads its own
 * organisation's applications only (another's is NOT_FOUND); officers and auditors read all.
 */
export async function getApplication(ctx: CaseContext, actor: Actor, id: string): Promise<ApplicationDetail> {
  const { db } = ctx;
  const app = await readable(ctx, actor, id);
  const [decisions, stages, payments, objections] = await Promise.all([
    listDecisions(db, app.organisation_id, app.id),
    listStages(db, app.organisation_id, app.id),
    listPayments(db, app.organisation_id, app.id),
    listObjections(db, app.organisation_id, app.id),
  ]);
  const f = factsFrom(app, objections, stages, payments);
  return toDetail(app, {
    decisions,
    stages,
    payments,
    objections,
    actions: availableActions(f, actor, ctx.today()),
  });
}

/** A stored decision in full: inputs, catalogue version, evaluation and clause. */
export async function getDecision(ctx: CaseContext, actor: Actor, id: string, step: number) {
  const app = await readable(ctx, actor, id);
  const decisions = await listDecisions(ctx.db, app.organisation_id, app.id);
  const d = decisions.find((x) => x.step === step);
  if (!d) throw notFound('decision');
  return d;
}

export async function listApplicationViews(
  ctx: CaseContext,
  actor: Actor,
  filter: {
    states?: ApplicationState[];
    measureId?: string;
    documentCode?: string;
    limit?: number;
    offset?: number;
  },
) {
  const { rows, total } = await listApplications(ctx.db, {
    ...filter,
    // An enterprise user without an organisation matches no row (the nil UUID names none).
    ...(actor.role === 'enterprise'
      ? { organisationId: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' }
      : {}),
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  });
  return { items: rows.map(toView), total };
}

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
    createFromSelfCheck: bind(createFromSelfCheck),
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

    get: bind(getApplication),
    decision: bind(getDecision),
    list: bind(listApplicationViews),
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
