/**
 * What the listing use cases share: reading a listing for a change (locked, visible, current
 * version), checking the step against the state machine (src/core/matching/states.ts), writing it with
 * its audit entry, and the view. Each verb is its own file; this is their common path.
 */
import { addDays } from '../../core/dates.ts';
import { InputError } from '../../core/errors.ts';
import { type LintFinding, lintErrors, lintListing } from '../../core/matching/lint.ts';
import { detailsOf, type ListingInput, listingInputSchema } from '../../core/matching/listing.ts';
import {
  type ListingAction,
  type ListingActor,
  type ListingState,
  nextListingState,
} from '../../core/matching/states.ts';
import type { Text } from '../../core/text.ts';
import { parseOrThrow } from '../../core/validation.ts';
import {
  type ListingPatch,
  type ListingWithOrg,
  MatchingRepository,
} from '../../storage/repositories/matching.ts';
import type { Tx } from '../../storage/schema.ts';
import type { ListingRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { type MatchingContext, notFound, refused, stale } from './context.ts';
import { isOwner, type ListingView, toListingView } from './views.ts';

export function cityLabel(ctx: MatchingContext): (code: string) => Text {
  const cities = new Map(ctx.engine.catalogue.reference.cities.map((c) => [c.code, c]));
  return (code) => {
    const c = cities.get(code);
    return c ? { zh: c.zh, en: c.en } : { zh: code, en: code };
  };
}

export async function viewOf(
  ctx: MatchingContext,
  id: string,
  user: SessionUser | null,
  executor = ctx.db,
): Promise<ListingView> {
  const row = await new MatchingRepository(executor).getListing(id);
  if (!row) throw notFound();
  return toListingView(row, user, { today: ctx.today(), cityLabel: cityLabel(ctx) });
}

export function parseListing(ctx: MatchingContext, raw: unknown): ListingInput {
  return parseOrThrow(listingInputSchema(ctx.engine.catalogue.reference), raw);
}

/** Lint errors block a submission: they come back as the one error shape, path and rule each. */
export function assertNoLintErrors(findings: LintFinding[]): void {
  const errors = lintErrors(findings);
  if (errors.length > 0)
    throw new InputError(errors.map((f) => ({ path: f.path, rule: f.rule, zh: f.zh, en: f.en })));
}

export { lintListing };

/** The columns a listing's content fills (create and edit write the same ones). */
export function contentColumns(input: ListingInput, lint: LintFinding[]) {
  return {
    title: input.title,
    summary: input.summary,
    keywords: input.keywords,
    sectors: input.sectors,
    city: input.city,
    details: JSON.stringify(detailsOf(input)),
    contact: JSON.stringify(input.contact),
    anonymous: input.anonymous,
    valid_days: input.validDays,
    lint: JSON.stringify(lint),
  };
}

/** The listing's stored input (for re-linting and editing) from its row. */
export function inputOf(row: ListingRow): ListingInput {
  return {
    side: row.side,
    title: row.title,
    summary: row.summary,
    keywords: row.keywords,
    sectors: row.sectors,
    city: row.city,
    contact: row.contact,
    anonymous: row.anonymous,
    validDays: row.valid_days,
    ...(row.details as object),
  } as ListingInput;
}

export interface ListingStep {
  tx: Tx;
  row: ListingRow;
  from: ListingState;
  to: ListingState;
  at: Date;
  today: string;
  repo: MatchingRepository;
}

/**
 * Locks the listing, checks who acts and whether the step is allowed from its state (and the version
 * the caller saw, if given), runs `work` for the patch, writes it and the audit entry.
 */
export async function stepListing(
  ctx: MatchingContext,
  user: SessionUser | null,
  id: string,
  action: ListingAction,
  opts: { by: ListingActor; reason?: string | null; version?: number; detail?: Record<string, unknown> },
  work: (s: ListingStep) => Promise<ListingPatch> = async () => ({}),
  after?: (tx: Tx, row: ListingWithOrg) => Promise<void>,
): Promise<ListingWithOrg> {
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const repo = new MatchingRepository(tx);
    const row = await repo.lockListing(id);
    if (!row) throw notFound();
    if (opts.by === 'owner' && !isOwner(user, row)) throw notFound();
    if (opts.version !== undefined && opts.version !== row.version) throw stale();
    const step = nextListingState(row.state as ListingState, action, opts.by, opts.reason ?? null);
    if (!step.ok) throw refused(step);
    const at = ctx.clock.now();
    const patch = await work({ tx, row, from: step.from, to: step.to, at, today: ctx.today(), repo });
    await repo.updateListing(row.id, row.version, { state: step.to, updated_at: at, ...patch });
    await ctx.record(tx, user, `matching.listing.${action}`, `matching_listing:${row.id}`, {
      side: row.side,
      organisationId: row.organisation_id,
      from: step.from,
      to: step.to,
      version: row.version + 1,
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...opts.detail,
    });
    const changed = (await repo.getListing(row.id))!;
    if (after) await after(tx, changed);
    return changed;
  });
  // Committed: this process's index follows at once (other processes' indexes on their next sync).
  ctx.index.apply(updated);
  return updated;
}

/** Last day of publication for a period starting today. */
export const expiryFrom = (today: string, days: number) => addDays(today, days - 1);
