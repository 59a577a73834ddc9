/**
 * Reading listings. The public browse and search (no sign-in) serve published listings within their
 * period, from the matcher's index (search ranks by BM25 over the same analysis as matching), without
 * contact details and, for anonymous publishers, without the name. An organisation reads its own in
 * any state; staff (officers, 技术经理人, auditors) read every listing and the review queue.
 */

import type { IndexedListing } from '../../core/matching/matcher.ts';
import type { Side } from '../../core/matching/vocabulary.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isStaff, type MatchingContext, notFound, requireOrganisationUser } from './context.ts';
import { cityLabel } from './listing-steps.ts';
import { isOwner, type ListingView, toListingView } from './views.ts';

export interface BrowseQuery {
  side?: Side;
  q?: string;
  sector?: string;
  city?: string;
  /** Offers at or above this TRL. */
  trlMin?: number;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export async function browseListings(
  ctx: MatchingContext,
  _user: SessionUser | null,
  q: BrowseQuery,
): Promise<Page<ListingView & { relevance: number | null }>> {
  await ctx.index.sync();
  const today = ctx.today();
  const accept = (l: IndexedListing) =>
    (l.expiresOn === null || l.expiresOn >= today) &&
    (!q.side || l.side === q.side) &&
    (!q.sector || l.sectors.includes(q.sector)) &&
    (!q.city || l.city === q.city) &&
    (q.trlMin === undefined || (l.offer !== undefined && l.offer.trl >= q.trlMin));
  let ranked: { id: string; relevance: number | null }[];
  if (q.q?.trim()) {
    const sides: Side[] = q.side ? [q.side] : ['need', 'offer'];
    ranked = sides
      .flatMap((s) => ctx.index.matcher.search(q.q!, s, accept))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((h) => ({ id: h.id, relevance: Math.round(h.score * 100) / 100 }));
  } else {
    ranked = [...ctx.index.matcher.listings()]
      .filter(accept)
      .sort((a, b) =>
        (a.expiresOn ?? '') < (b.expiresOn ?? '')
          ? 1
          : (a.expiresOn ?? '') > (b.expiresOn ?? '')
            ? -1
            : a.id < b.id
              ? -1
              : 1,
      )
      .map((l) => ({ id: l.id, relevance: null }));
  }
  const page = ranked.slice(q.offset, q.offset + q.limit);
  const rows = new Map(
    (await new MatchingRepository(ctx.db).listingsByIds(page.map((p) => p.id))).map((r) => [r.id, r]),
  );
  const items = page
    .map((p) => {
      const row = rows.get(p.id);
      // The index may be a moment ahead of a withdrawal: only what is published now is served.
      if (row?.state !== 'published') return null;
      // The public sees the public view whoever asks: an owner reads its own listing through /my.
      return { ...toListingView(row, null, { today, cityLabel: cityLabel(ctx) }), relevance: p.relevance };
    })
    .filter((x): x is ListingView & { relevance: number | null } => x !== null);
  return { items, total: ranked.length, limit: q.limit, offset: q.offset };
}

/** One listing: public when published and in its period; otherwise its owner's and staff's only. */
export async function getListing(
  ctx: MatchingContext,
  user: SessionUser | null,
  id: string,
): Promise<ListingView> {
  const row = await new MatchingRepository(ctx.db).getListing(id);
  if (!row) throw notFound();
  const today = ctx.today();
  const isPublic = row.state === 'published' && (row.expires_on === null || row.expires_on >= today);
  const privileged = isOwner(user, row) || (user !== null && isStaff(user));
  if (!isPublic && !privileged) throw notFound();
  return toListingView(row, privileged ? user : null, { today, cityLabel: cityLabel(ctx) });
}

export async function myListings(
  ctx: MatchingContext,
  user: SessionUser,
  q: { side?: Side; states?: string[]; limit: number; offset: number },
): Promise<Page<ListingView>> {
  const organisationId = requireOrganisationUser(user);
  return pageOfListings(ctx, user, { organisationId, ...q });
}

async function pageOfListings(
  ctx: MatchingContext,
  user: SessionUser,
  q: { organisationId?: string; side?: Side; states?: string[]; limit: number; offset: number },
): Promise<Page<ListingView>> {
  const r = await new MatchingRepository(ctx.db).listListings(q);
  const labels = { today: ctx.today(), cityLabel: cityLabel(ctx) };
  return {
    items: r.items.map((row) => toListingView(row, user, labels)),
    total: r.total,
    limit: q.limit,
    offset: q.offset,
  };
}

/** Every listing in any state (staff): the review queue is `states=pending_review`. */
export async function allListings(
  ctx: MatchingContext,
  user: SessionUser,
  q: { side?: Side; states?: string[]; limit: number; offset: number },
): Promise<Page<ListingView>> {
  if (!isStaff(user)) throw forbidden({ zh: '无权查看全部榜单', en: 'you may not read every listing' });
  return pageOfListings(ctx, user, q);
}
