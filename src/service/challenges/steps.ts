/**
 * One checked, audited change of a list or a problem: lock the row, check the version the caller saw,
 * check the step against the state machine (core/challenges/states.ts), write the patch, append the
 * audit entry with the clause, run `after` (notices) — all in one transaction.
 */
import {
  type ChallengeActor,
  LIST_MACHINE,
  type ListAction,
  type ListState,
  nextState,
  PROBLEM_MACHINE,
  type ProblemAction,
  type ProblemState,
} from '../../core/challenges/states.ts';
import {
  ChallengeListRepository,
  type ListPatch,
  type ProblemPatch,
} from '../../storage/repositories/challenges/lists.ts';
import type { Tx } from '../../storage/schema.ts';
import type { ListRow, ProblemRow } from '../../storage/tables/challenges.ts';
import type { SessionUser } from '../auth/types.ts';
import { type ChallengeContext, checkVersion, clauseOf, notFound, refused } from './context.ts';

export interface StepOptions {
  by: ChallengeActor;
  reason?: string | null;
  version?: number;
  detail?: Record<string, unknown>;
}

export async function stepList(
  ctx: ChallengeContext,
  user: SessionUser,
  id: string,
  action: ListAction,
  opts: StepOptions,
  work: (tx: Tx, row: ListRow, to: ListState) => Promise<ListPatch> = async () => ({}),
): Promise<ListRow> {
  return ctx.db.transaction().execute(async (tx) => {
    const repo = new ChallengeListRepository(tx);
    const row = await repo.lockList(id);
    if (!row) throw notFound('list');
    checkVersion(opts.version, row.version);
    const step = nextState(LIST_MACHINE, row.state as ListState, action, opts.by, opts.reason ?? null);
    if (!step.ok) throw refused(step);
    const patch = await work(tx, row, step.to);
    const at = ctx.clock.now();
    const updated = await repo.updateList(row.id, row.version, { state: step.to, updated_at: at, ...patch });
    await ctx.record(tx, user, `challenges.list.${action}`, `challenge_list:${row.id}`, {
      clause: clauseOf(ctx, row.basis_measure_id),
      from: step.from,
      to: step.to,
      version: updated.version,
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...opts.detail,
    });
    return updated;
  });
}

export async function stepProblem(
  ctx: ChallengeContext,
  user: SessionUser | null,
  id: string,
  action: ProblemAction,
  opts: StepOptions & { organisationId?: string },
  work: (tx: Tx, row: ProblemRow, to: ProblemState) => Promise<ProblemPatch> = async () => ({}),
  after?: (tx: Tx, row: ProblemRow) => Promise<void>,
): Promise<ProblemRow> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await new ChallengeListRepository(tx).lockProblem(id);
    // A poser acts on its own problems only: someone else's is not found.
    if (!row || (opts.organisationId && row.organisation_id !== opts.organisationId))
      throw notFound('problem');
    const updated = await stepLockedProblem(ctx, tx, user, row, action, opts, work);
    if (after) await after(tx, updated);
    return updated;
  });
}

/**
 * The step of a problem row the caller has locked in its own transaction (stepProblem's, or 撤销榜单's
 * over every problem of a list): version, state machine, patch, audit entry with the list's clause.
 */
export async function stepLockedProblem(
  ctx: ChallengeContext,
  tx: Tx,
  user: SessionUser | null,
  row: ProblemRow,
  action: ProblemAction,
  opts: StepOptions,
  work: (tx: Tx, row: ProblemRow, to: ProblemState) => Promise<ProblemPatch> = async () => ({}),
): Promise<ProblemRow> {
  const repo = new ChallengeListRepository(tx);
  checkVersion(opts.version, row.version);
  const step = nextState(PROBLEM_MACHINE, row.state as ProblemState, action, opts.by, opts.reason ?? null);
  if (!step.ok) throw refused(step);
  const patch = await work(tx, row, step.to);
  const updated = await repo.updateProblem(row.id, row.version, {
    state: step.to,
    updated_at: ctx.clock.now(),
    ...patch,
  });
  const list = updated.list_id ? await repo.getList(updated.list_id) : undefined;
  await ctx.record(tx, user, `challenges.problem.${action}`, `challenge_problem:${row.id}`, {
    clause: list ? clauseOf(ctx, list.basis_measure_id) : '002·四 健全企业“出题、答题、阅卷”机制',
    organisationId: row.organisation_id,
    from: step.from,
    to: step.to,
    version: updated.version,
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...opts.detail,
  });
  return updated;
}
