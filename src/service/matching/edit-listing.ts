/**
 * Edit a listing. A draft or a returned listing stays where it is; a published or expired one goes
 * back to review (pending_review), so the public only ever reads reviewed text. The side cannot change.
 */
import { InputError } from '../../core/errors.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { contentColumns, lintListing, parseListing, stepListing, viewOf } from './listing-steps.ts';
import { notifyReviewers } from './submit-listing.ts';
import type { ListingView } from './views.ts';

export async function editListing(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  raw: unknown,
  version?: number,
): Promise<ListingView> {
  const input = parseListing(ctx, raw);
  const lint = lintListing(input);
  await stepListing(
    ctx,
    user,
    id,
    'edit',
    { by: 'owner', version, detail: { title: input.title } },
    async ({ row, to }) => {
      if (row.side !== input.side)
        throw new InputError([
          { path: 'side', rule: 'immutable', zh: '榜单类型不能修改', en: 'a listing’s side cannot change' },
        ]);
      return { ...contentColumns(input, lint), ...(to === 'pending_review' ? { review_note: null } : {}) };
    },
    async (tx, row) => {
      if (row.state === 'pending_review') await notifyReviewers(ctx, tx, row);
    },
  );
  return viewOf(ctx, id, user);
}
