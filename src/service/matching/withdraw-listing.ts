/** The publisher withdraws a listing (from any state but rejected/withdrawn); it leaves the public pages at once. */
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { stepListing, viewOf } from './listing-steps.ts';
import type { ListingView } from './views.ts';

export async function withdrawListing(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  opts: { reason?: string | null; version?: number } = {},
): Promise<ListingView> {
  await stepListing(ctx, user, id, 'withdraw', {
    by: 'owner',
    reason: opts.reason ?? null,
    version: opts.version,
  });
  return viewOf(ctx, id, user);
}
