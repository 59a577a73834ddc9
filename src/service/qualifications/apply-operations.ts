/**
 * The one write path of the ledger: operations on organisations' ledgers (from an officer's form, a
 * file import or an API feed) are planned with the pure core, then written in one transaction with
 * the organisations' rows locked, one audit entry, and — for every tier reached for the first time —
 * the first-time reward decision (raise-rewards.ts) in the same transaction. Planning first without
 * writing (`planItems`) lets an import report every row's problem before anything is written.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../../core/errors.ts';
import { InputError } from '../../core/errors.ts';
import type { LedgerRecord, LedgerSource, PlannedEvent } from '../../core/qualifications/ledger.ts';
import {
  type LedgerOp,
  LedgerOpError,
  type Plan,
  planOperation,
} from '../../core/qualifications/operations.ts';
import { parseOrThrow } from '../../core/validation.ts';
import {
  lockOrganisations,
  recordsOf,
  writeChanges,
} from '../../storage/repositories/qualifications/ledger.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import { type QualificationContext, requireOfficer } from './context.ts';
import { type RewardDecision, raiseRewardsFor } from './raise-rewards.ts';
import { recordOrThrow } from './read-ledger.ts';

export interface OperationItem {
  organisationId: string;
  op: LedgerOp;
  /** Where a refusal points (default `items.<n>` when there are several). */
  path?: string;
}

export interface PlannedItem extends OperationItem {
  index: number;
  plan: Plan;
}

/** Plans every item against the records as they are (items of one organisation in the given order). */
export function planItems(
  ctx: QualificationContext,
  records: ReadonlyMap<string, LedgerRecord[]>,
  items: readonly OperationItem[],
): { planned: PlannedItem[]; issues: { index: number; issues: FieldIssue[] }[] } {
  const current = new Map([...records].map(([k, v]) => [k, [...v]]));
  const planned: PlannedItem[] = [];
  const issues: { index: number; issues: FieldIssue[] }[] = [];
  items.forEach((item, index) => {
    try {
      const plan = planOperation(
        ctx.policy,
        current.get(item.organisationId) ?? [],
        item.organisationId,
        item.op,
        () => ctx.ids.next(),
      );
      current.set(item.organisationId, plan.records);
      planned.push({ ...item, index, plan });
    } catch (e) {
      if (!(e instanceof LedgerOpError)) throw e;
      issues.push({ index, issues: e.issues });
    }
  });
  return { planned, issues };
}

export interface AppliedEvent extends PlannedEvent {
  id: string;
  organisationId: string;
}

export interface ApplyResult {
  items: { index: number; organisationId: string; outcome: Plan['outcome']; events: AppliedEvent[] }[];
  rewards: RewardDecision[];
}

/**
 * Applies the items in one transaction. A refusal (the ledger changed since it was planned, or the
 * item cannot apply) rolls everything back: InputError with the item's issues (paths prefixed with
 * `items.<n>.` when there are several).
 */
export async function applyOperations(
  ctx: QualificationContext,
  actor: string,
  items: readonly OperationItem[],
  meta: { source: LedgerSource; sourceRef: string | null },
  audit: { action: string; subject: string | null; detail?: Record<string, unknown> },
): Promise<ApplyResult> {
  return ctx.db.transaction().execute((tx) => applyInTransaction(ctx, tx, actor, items, meta, audit));
}

export async function applyInTransaction(
  ctx: QualificationContext,
  tx: Tx,
  actor: string,
  items: readonly OperationItem[],
  meta: { source: LedgerSource; sourceRef: string | null },
  audit: { action: string; subject: string | null; detail?: Record<string, unknown> },
): Promise<ApplyResult> {
  const orgs = [...new Set(items.map((i) => i.organisationId))];
  await lockOrganisations(tx, orgs);
  const records = await recordsOf(tx, orgs);
  const { planned, issues } = planItems(ctx, records, items);
  if (issues.length > 0) {
    const several = items.length > 1;
    throw new InputError(
      issues.flatMap((x) => {
        const prefix = items[x.index]!.path ?? (several ? `items.${x.index}` : null);
        return x.issues.map((i) => (prefix ? { ...i, path: `${prefix}.${i.path}` } : i));
      }),
    );
  }
  const at = ctx.clock.now();
  const result: ApplyResult = { items: [], rewards: [] };
  const events: AppliedEvent[] = [];
  for (const p of planned) {
    const applied = p.plan.events.map((e) => ({
      ...e,
      id: ctx.ids.next(),
      organisationId: p.organisationId,
    }));
    events.push(...applied);
    result.items.push({
      index: p.index,
      organisationId: p.organisationId,
      outcome: p.plan.outcome,
      events: applied,
    });
  }
  await writeChanges(
    tx,
    planned.flatMap((p) => p.plan.changes),
    events,
    { ...meta, actor, at },
  );
  await ctx.record(tx, actor, audit.action, audit.subject, {
    source: meta.source,
    sourceRef: meta.sourceRef,
    events: events.length,
    outcomes: countBy(result.items.map((i) => i.outcome)),
    ...audit.detail,
  });
  result.rewards = await rewardsForFirstTimes(ctx, tx, actor, events);
  return result;
}

/** Every tier reached for the first time in these events gets its reward decision. */
export async function rewardsForFirstTimes(
  ctx: QualificationContext,
  tx: Executor & Tx,
  actor: string,
  events: readonly AppliedEvent[],
): Promise<RewardDecision[]> {
  const out: RewardDecision[] = [];
  for (const e of events) {
    if (!e.firstTime) continue;
    out.push(...(await raiseRewardsFor(ctx, tx, actor, e.organisationId, e.kind, e.on)));
  }
  return out;
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/**
 * An officer's change to one recorded holding (revoke, downgrade, withdraw): the input checked, the
 * record found (404 otherwise), the operation applied on its organisation's ledger as the officer's,
 * audited as `action` with the record's id.
 */
export async function changeRecord<S extends z.ZodType>(
  ctx: QualificationContext,
  user: SessionUser,
  recordId: string,
  body: unknown,
  schema: S,
  action: string,
  change: (record: LedgerRecord, input: z.output<S>) => { op: LedgerOp; detail: Record<string, unknown> },
): Promise<ApplyResult> {
  requireOfficer(user);
  const input = parseOrThrow(schema, body);
  const record = await recordOrThrow(ctx, recordId);
  const { op, detail } = change(record, input);
  return applyOperations(
    ctx,
    user.username,
    [{ organisationId: record.organisationId, op }],
    { source: 'officer', sourceRef: null },
    { action, subject: `organisation:${record.organisationId}`, detail: { recordId, ...detail } },
  );
}
