/**
 * What the engagement use cases share: who the caller is towards an engagement (sender, receiver,
 * assigned broker, staff), reading it with everything its view shows, and one checked, audited step
 * (lock → state machine → work → write → audit) in one transaction.
 */
import { ConflictError } from '../../core/errors.ts';
import { type InterestAction, type InterestState, nextInterestState } from '../../core/matching/states.ts';
import { type InterestPatch, MatchingRepository } from '../../storage/repositories/matching.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { Executor, Tx } from '../../storage/schema.ts';
import type { InterestRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { isStaff, type MatchingContext, notFound, refused, stale } from './context.ts';
import { type InterestView, perspectiveOf, toInterestView } from './views.ts';

/** Parties, the assigned broker and staff see an engagement; anyone else gets 404. */
export function mayRead(user: SessionUser, row: InterestRow): boolean {
  return perspectiveOf(user, row).length > 0 || isStaff(user);
}

export async function interestView(
  ctx: MatchingContext,
  user: SessionUser,
  row: InterestRow,
  executor: Executor = ctx.db,
): Promise<InterestView> {
  const repo = new MatchingRepository(executor);
  const ids = [row.need_id, row.offer_id, row.target_listing_id].filter((x): x is string => x !== null);
  const listings = new Map((await repo.listingsByIds([...new Set(ids)])).map((l) => [l.id, l]));
  const orgs = await executor
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', [row.from_organisation_id, row.to_organisation_id])
    .execute();
  const brokerRow = row.broker_user_id
    ? await new UserRepository(executor).byId(row.broker_user_id)
    : undefined;
  const funded =
    row.application_id !== null &&
    (await executor
      .selectFrom('decisions')
      .select('id')
      .where('application_id', '=', row.application_id)
      .where('organisation_id', '=', row.application_organisation_id!)
      .where('action', '=', 'approve')
      .executeTakeFirst()) !== undefined;
  return toInterestView(row, user, {
    need: row.need_id ? (listings.get(row.need_id) ?? null) : null,
    offer: row.offer_id ? (listings.get(row.offer_id) ?? null) : null,
    target: listings.get(row.target_listing_id)!,
    names: new Map(orgs.map((o) => [o.id, o.name])),
    broker: brokerRow ? { id: brokerRow.id, displayName: brokerRow.display_name } : null,
    events: await repo.eventsOf(row.id),
    funded,
  });
}

export interface InterestStepWork {
  tx: Tx;
  row: InterestRow;
  repo: MatchingRepository;
  at: Date;
  today: string;
}

/** One checked, audited change of an engagement. */
export async function stepInterest(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  action: InterestAction,
  opts: { version?: number; detail?: Record<string, unknown> },
  work: (w: InterestStepWork) => Promise<InterestPatch> = async () => ({}),
  after?: (tx: Tx, row: InterestRow) => Promise<void>,
): Promise<InterestView> {
  return ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    const row = await repo.lockInterest(id);
    if (!row || !mayRead(user, row)) throw notFound('interest');
    if (opts.version !== undefined && opts.version !== row.version) throw stale();
    const step = nextInterestState(row.state as InterestState, action, perspectiveOf(user, row), {
      contract: row.contract_no !== null,
    });
    if (!step.ok) throw refused(step);
    if (action === 'record_contract' && row.contract_no !== null)
      throw new ConflictError({ zh: '技术合同已登记', en: 'the contract is already recorded' });
    if (action === 'form_project' && row.project_kind !== null)
      throw new ConflictError({ zh: '项目已组建', en: 'the project is already formed' });
    const at = ctx.clock.now();
    const patch = await work({ tx, row, repo, at, today: ctx.today() });
    const updated = await repo.updateInterest(row.id, row.version, {
      state: step.to,
      updated_at: at,
      ...patch,
    });
    await ctx.record(tx, user, `matching.interest.${action}`, `matching_interest:${row.id}`, {
      needId: row.need_id,
      offerId: row.offer_id,
      from: step.from,
      to: step.to,
      version: updated.version,
      ...opts.detail,
    });
    if (after) await after(tx, updated);
    return interestView(ctx, user, updated, tx);
  });
}

/** Both organisations of an engagement, for notices. */
export const parties = (row: InterestRow) => [row.from_organisation_id, row.to_organisation_id];
