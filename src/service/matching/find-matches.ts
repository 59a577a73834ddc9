/**
 * A listing's matches: the other side's published listings ranked by score, each with its breakdown
 * per factor, the terms that matched (and how each side wrote them) and what is missing — and the
 * counterpart's public view (never its contact). A published listing's matches are public like the
 * listing; a draft's are a preview for its owner and staff. Pairs within one group are left out.
 */
import type { PairScore } from '../../core/matching/score.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { isStaff, type MatchingContext, notFound } from './context.ts';
import { cityLabel } from './listing-steps.ts';
import { toMatchable } from './match-index.ts';
import { isOwner, type ListingView, toListingView } from './views.ts';

export interface MatchView extends PairScore {
  /** The other side's listing, public view. */
  counterpart: ListingView;
  /** Whether the pair was recorded (score ≥ MATCH_THRESHOLD when either was published) and since when. */
  recordedAt: string | null;
}

export async function findMatches(
  ctx: MatchingContext,
  user: SessionUser | null,
  id: string,
  limit: number,
): Promise<{ listing: ListingView; items: MatchView[] }> {
  const repo = new MatchingRepository(ctx.db);
  const row = await repo.getListing(id);
  if (!row) throw notFound();
  const today = ctx.today();
  const isPublic = row.state === 'published' && (row.expires_on === null || row.expires_on >= today);
  const privileged = isOwner(user, row) || (user !== null && isStaff(user));
  if (!isPublic && !privileged) throw notFound();
  await ctx.index.sync();
  const pairs = ctx.index.matcher.rank(toMatchable(row, ctx.index.groupOf(row.organisation_uscc)), {
    limit,
    asOf: today,
    exclude: new Set([row.id]),
  });
  const otherIds = pairs.map((p) => (row.side === 'need' ? p.offerId : p.needId));
  const others = new Map((await repo.listingsByIds(otherIds)).map((r) => [r.id, r]));
  const labels = { today, cityLabel: cityLabel(ctx) };
  const items: MatchView[] = [];
  for (const p of pairs) {
    const other = others.get(row.side === 'need' ? p.offerId : p.needId);
    if (other?.state !== 'published') continue;
    const stored = await repo.getMatch(p.needId, p.offerId);
    items.push({
      ...p,
      counterpart: toListingView(other, null, labels),
      recordedAt: stored ? stored.first_seen_at.toISOString() : null,
    });
  }
  return { listing: toListingView(row, privileged ? user : null, labels), items };
}
