/**
 * One state change of an application, in one transaction: lock, check, do the action's own work,
 * write the application, the decision and the audit entry, commit. A failure anywhere leaves nothing.
 *
 * Locking order (docs/workflow.md, "Concurrency"). A limit is checked inside the transaction that
 * writes the money, after locking what the check reads, and the locks are always taken in this order
 * so that two transactions cannot deadlock:
 *   1. the application row (`lockApplication`, here): one transition per application at a time;
 *   2. approve only: the organisation row (`lockOrganisation`: all its caps and its 不重复 are per
 *      organisation), then the budget row of the fund and year (`lockBudget`).
 * A concurrent approval waits at 2 and then reads what the first one wrote.
 */
import { shanghaiDate } from '../../core/dates.ts';
import type { Entitlement } from '../../core/ledger.ts';
import {
  type ApplicationState,
  type CaseFacts,
  nextState,
  type Step,
  type WorkflowAction,
} from '../../core/workflow.ts';
import {
  type ApplicationPatch,
  insertDecision,
  lockApplication,
  updateApplication,
} from '../../storage/repositories/applications.ts';
import { insertLedgerEntry, type NewLedgerRow } from '../../storage/repositories/ledger.ts';
import type { Tx } from '../../storage/schema.ts';
import type { ApplicationRow } from '../../storage/tables/applications-ledger.ts';
import { type CaseContext, checkId, checkVersion, facts, notFound, visible } from './case-context.ts';
import type { Actor } from './ports.ts';
import { type ApplicationView, toView } from './views.ts';

export interface TransitionOptions {
  reason?: string | null;
  /** The version the client saw; a stale one is refused (optimistic locking). */
  version?: number;
}

/** The step under way, as the action's own work sees it. */
export interface Work {
  /** The application as locked, before this step. */
  app: ApplicationRow;
  step: Step;
  today: string;
  decisionId: string;
  at: Date;
}

/** What the action's own work adds to the application, the decision and the audit entry. */
export interface WorkResult {
  patch?: ApplicationPatch;
  amount?: number | null;
  entitlement?: Entitlement | null;
  detail?: Record<string, unknown>;
}

/** What a step is: the case, who, the action and its options, its own work, and a hook before the checks. */
type StepArgs = [
  id: string,
  actor: Actor,
  action: WorkflowAction,
  opts: TransitionOptions,
  work?: (tx: Tx, w: Work) => Promise<WorkResult>,
  before?: (tx: Tx, app: ApplicationRow) => Promise<void>,
];

/**
 * `before` runs right after the lock, before the version and workflow checks (a payment looks for
 * a replay there); `work` runs after the checks and may write more rows.
 */
export async function transition(ctx: CaseContext, ...step: StepArgs): Promise<ApplicationView> {
  checkId(step[0]);
  return ctx.db.transaction().execute((tx) => transitionIn(ctx, tx, {}, ...step));
}

/**
 * The same step inside the caller's transaction (another mechanism's step that must change the case
 * atomically with its own rows). `known` adds facts only that caller can vouch for (`matterEnded`).
 */
export async function transitionIn(
  ctx: CaseContext,
  tx: Tx,
  known: Pick<CaseFacts, 'matterEnded'>,
  ...[id, actor, action, opts, work = async () => ({}), before]: StepArgs
): Promise<ApplicationView> {
  const reason = opts.reason?.trim() || null;
  const app = await lockApplication(tx, id);
  if (!app || !visible(actor, app)) throw notFound();
  if (before) await before(tx, app);
  checkVersion(app, opts.version);
  const on = ctx.today();
  const step = nextState({ ...(await facts(tx, app)), ...known }, { action, actor, today: on, reason });
  const w: Work = { app, step, today: on, decisionId: ctx.ids.next(), at: ctx.clock.now() };
  const r = await work(tx, w);
  const updated = await recordStep(ctx, tx, actor, w, r, reason);
  await auditStep(ctx, tx, actor, w, r, updated, reason);
  return toView(updated);
}

/**
 * The application moved to the step's state, and the decision row: for a money step, the catalogue
 * version, the engine's input and evaluation and the clause, so it can be re-run years later.
 */
async function recordStep(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  w: Work,
  r: WorkResult,
  reason: string | null,
) {
  const updated = await updateApplication(
    tx,
    { organisationId: w.app.organisation_id, id: w.app.id, version: w.app.version },
    { ...r.patch, state: w.step.to, updated_at: w.at },
  );
  const ent = r.entitlement ?? null;
  await insertDecision(tx, {
    organisation_id: w.app.organisation_id,
    id: w.decisionId,
    application_id: w.app.id,
    step: updated.version,
    action: w.step.action,
    from_state: w.step.from,
    to_state: w.step.to,
    actor_id: actor.id,
    actor_role: actor.role,
    reason,
    amount: r.amount ?? null,
    catalogue_version: ent ? ctx.engine.catalogue.version : null,
    inputs: ent?.input ?? null,
    evaluation: ent?.evaluation ?? null,
    clause: ent?.evaluation.clause ?? null,
    detail: r.detail ?? {},
    decided_on: w.today,
    at: w.at,
  });
  return updated;
}

async function auditStep(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  w: Work,
  r: WorkResult,
  updated: ApplicationRow,
  reason: string | null,
) {
  await ctx.audit.append(tx, {
    actor: actor.username,
    action: `application.${w.step.action}`,
    subject: `application:${w.app.id}`,
    detail: {
      applicationId: w.app.id,
      organisationId: w.app.organisation_id,
      measureId: w.app.measure_id,
      from: w.step.from,
      to: w.step.to,
      version: updated.version,
      decisionId: w.decisionId,
      ...(reason ? { reason } : {}),
      ...(r.amount != null ? { amount: r.amount } : {}),
      ...(r.entitlement
        ? {
            catalogueVersion: ctx.engine.catalogue.version,
            clause: r.entitlement.evaluation.clause.citation,
            range: r.entitlement.evaluation.amount,
          }
        : {}),
      ...(r.detail ?? {}),
    },
  });
}

/**
 * A change outside the workflow's transitions (create, edit): a timeline row, with the evaluation it
 * was made from if any. The caller writes its own audit entry.
 */
export async function recordChange(
  ctx: CaseContext,
  tx: Tx,
  actor: Actor,
  app: Pick<ApplicationRow, 'organisation_id' | 'id'>,
  change: {
    step: number;
    action: 'create' | 'edit';
    from: ApplicationState | null;
    to: ApplicationState;
    detail: Record<string, unknown>;
    at: Date;
    /** The engine's evaluation behind the change (a draft made from a self-check), kept like a step's. */
    entitlement?: Entitlement | null;
  },
): Promise<void> {
  const ent = change.entitlement ?? null;
  await insertDecision(tx, {
    organisation_id: app.organisation_id,
    id: ctx.ids.next(),
    application_id: app.id,
    step: change.step,
    action: change.action,
    from_state: change.from,
    to_state: change.to,
    actor_id: actor.id,
    actor_role: actor.role,
    reason: null,
    amount: null,
    catalogue_version: ent ? ctx.engine.catalogue.version : null,
    inputs: ent?.input ?? null,
    evaluation: ent?.evaluation ?? null,
    clause: ent?.evaluation.clause ?? null,
    detail: change.detail,
    decided_on: shanghaiDate(change.at),
    at: change.at,
  });
}

/** The ledger columns a step chooses; the rest come from the step (application, decision, time). */
export type LedgerLine = Pick<
  NewLedgerRow,
  | 'kind'
  | 'measure_id'
  | 'fund'
  | 'overlap_group'
  | 'matter_id'
  | 'amount'
  | 'date'
  | 'year'
  | 'reverses'
  | 'payment_id'
>;

/** Appends one entry (grant, reversal or payment) to the append-only ledger, tied to this step's decision. */
export async function appendLedger(ctx: CaseContext, tx: Tx, w: Work, line: LedgerLine): Promise<void> {
  await insertLedgerEntry(tx, {
    organisation_id: w.app.organisation_id,
    id: ctx.ids.next(),
    kind: line.kind,
    application_id: w.app.id,
    measure_id: line.measure_id,
    fund: line.fund,
    overlap_group: line.overlap_group,
    matter_id: line.matter_id,
    amount: line.amount,
    date: line.date,
    year: line.year,
    reverses: line.reverses,
    payment_id: line.payment_id,
    decision_id: w.decisionId,
    recorded_at: w.at,
  });
}
