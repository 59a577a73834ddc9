/**
 * The expiry scan (what a scheduled job runs; the API runs it hourly and officers may trigger it):
 * published listings whose last day has passed become `expired` (audited one by one, the owner told),
 * and listings within RENEWAL_WINDOW_DAYS of their last day remind their owner once. Browsing never
 * depends on the scan: a listing past its last day is left out of public pages and matches anyway.
 */
import { addDays } from '../../core/dates.ts';
import { RENEWAL_WINDOW_DAYS } from '../../core/matching/vocabulary.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { stepListing } from './listing-steps.ts';

const BATCH = 500;

export async function expireListings(
  ctx: MatchingContext,
  user: SessionUser | null,
): Promise<{ expired: number; reminded: number; today: string }> {
  const today = ctx.today();
  let expired = 0;
  for (;;) {
    const due = await new MatchingRepository(ctx.db).publishedExpiredBefore(today, BATCH);
    if (due.length === 0) break;
    for (const row of due) {
      await stepListing(
        ctx,
        user,
        row.id,
        'expire',
        { by: 'system', detail: { expiresOn: row.expires_on } },
        undefined,
        async (tx, r) => {
          await ctx.notify(tx, {
            to: { organisationId: r.organisation_id },
            kind: 'matching.listing_expired',
            subject: { zh: `榜单“${r.title}”已到期下架`, en: `Listing "${r.title}" has expired` },
            body: { zh: '可在“我的榜单”中续期。', en: 'You can renew it under My listings.' },
            link: `/matching/listings/${r.id}`,
            ref: `matching_listing:${r.id}`,
            dedupeKey: `matching.expired:${r.id}:${row.expires_on}`,
          });
        },
      );
      expired += 1;
    }
    if (due.length < BATCH) break;
  }
  let reminded = 0;
  const soon = await new MatchingRepository(ctx.db).publishedExpiringBetween(
    today,
    addDays(today, RENEWAL_WINDOW_DAYS),
  );
  for (const r of soon) {
    const sent = await ctx.db.transaction().execute(async (tx) =>
      ctx.notify(tx, {
        to: { organisationId: r.organisation_id },
        kind: 'matching.listing_expiring',
        subject: {
          zh: `榜单“${r.title}”将于 ${r.expires_on} 到期`,
          en: `Listing "${r.title}" expires on ${r.expires_on}`,
        },
        body: { zh: '如需继续展示，请续期。', en: 'Renew it to keep it published.' },
        link: `/matching/listings/${r.id}`,
        ref: `matching_listing:${r.id}`,
        dedupeKey: `matching.expiring:${r.id}:${r.expires_on}`,
      }),
    );
    if (sent) reminded += 1;
  }
  return { expired, reminded, today };
}
