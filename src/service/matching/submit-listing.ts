/**
 * Submit a draft (or a returned listing) for review. Lint errors (contact details in public text,
 * patent status without patent numbers…) block it with 400 naming each field; warnings go along for
 * the reviewer. The review pool (技术经理人 and officers) is told once per submitted version.
 */
import type { ListingWithOrg } from '../../storage/repositories/matching.ts';
import type { Tx } from '../../storage/schema.ts';
import type { SessionUser } from '../auth/types.ts';
import type { MatchingContext } from './context.ts';
import { assertNoLintErrors, inputOf, lintListing, stepListing, viewOf } from './listing-steps.ts';
import type { ListingView } from './views.ts';

export async function notifyReviewers(ctx: MatchingContext, tx: Tx, row: ListingWithOrg): Promise<void> {
  for (const role of ['broker', 'reviewer'] as const) {
    await ctx.notify(tx, {
      to: { role },
      kind: 'matching.review_pending',
      subject: {
        zh: `待审核${row.side === 'need' ? '需求榜' : '成果榜'}：${row.title}`,
        en: `${row.side} awaiting review: ${row.title}`,
      },
      body: { zh: `发布单位：${row.organisation_name}`, en: `publisher: ${row.organisation_name}` },
      link: `/matching/review/${row.id}`,
      ref: `matching_listing:${row.id}`,
      dedupeKey: `matching.review:${row.id}:${row.version}:${role}`,
    });
  }
}

export async function submitListing(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  version?: number,
): Promise<ListingView> {
  await stepListing(
    ctx,
    user,
    id,
    'submit',
    { by: 'owner', version },
    async ({ row }) => {
      const lint = lintListing(inputOf(row));
      assertNoLintErrors(lint);
      return { lint: JSON.stringify(lint), review_note: null };
    },
    (tx, row) => notifyReviewers(ctx, tx, row),
  );
  return viewOf(ctx, id, user);
}
