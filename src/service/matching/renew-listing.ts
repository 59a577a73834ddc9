/**
 * Renew a listing for another period of its length (validDays): a published one within
 * RENEWAL_WINDOW_DAYS of its last day extends from that day; an expired one restarts from today. The
 * text was reviewed and has not changed (an edit goes back to review), so renewal needs no review.
 * Renewal ranks the listing again: counterparts published since are recorded and notified.
 */
import { addDays } from '../../core/dates.ts';
import { ConflictError } from '../../core/errors.ts';
import { RENEWAL_WINDOW_DAYS } from '../../core/matching/vocabulary.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { expiryFrom, stepListing, viewOf } from './listing-steps.ts';
import { recordMatches } from './record-matches.ts';
import type { ListingView } from './views.ts';

export async function renewListing(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  version?: number,
): Promise<ListingView> {
  await ctx.index.sync();
  await stepListing(
    ctx,
    user,
    id,
    'renew',
    { by: 'owner', version },
    async ({ row, today, at }) => {
      const lastDay = row.expires_on!;
      if (row.state === 'published' && lastDay > addDays(today, RENEWAL_WINDOW_DAYS)) {
        throw new ConflictError(
          {
            zh: `有效期至 ${lastDay}，到期前 ${RENEWAL_WINDOW_DAYS} 天内方可续期`,
            en: `published until ${lastDay}: renew within ${RENEWAL_WINDOW_DAYS} days of the last day`,
          },
          { rule: 'not_yet_renewable', expiresOn: lastDay },
        );
      }
      const expires =
        row.state === 'published' && lastDay >= today
          ? addDays(lastDay, row.valid_days)
          : expiryFrom(today, row.valid_days);
      return { expires_on: expires, renewals: row.renewals + 1, published_at: at };
    },
    async (tx, row) => {
      await recordMatches(ctx, tx, row);
    },
  );
  return viewOf(ctx, id, user);
}
