/**
 * Review a submitted listing (an officer or a 技术经理人): publish it for its period, return it for
 * revision (补正, with the reason), or reject it (with the reason). A broker may not review a listing
 * of their employer's group (conflict of interest, registry group links). Publishing records the
 * listing's matches and notifies strong ones, and tells the publisher, in the same transaction.
 */
import { ForbiddenError } from '../../core/errors.ts';
import { LISTING_STATE_LABELS } from '../../core/matching/states.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { UserRepository } from '../../storage/repositories/users.ts';
import type { SessionUser } from '../auth/types.ts';
import { forbidden, isReviewer, type MatchingContext, notFound } from './context.ts';
import { expiryFrom, stepListing, viewOf } from './listing-steps.ts';
import { recordMatches } from './record-matches.ts';
import type { ListingView } from './views.ts';

export type ReviewDecision = 'publish' | 'return' | 'reject';

/** A broker never reviews or brokers for their own employer's group. */
export async function assertNoConflict(
  ctx: MatchingContext,
  user: SessionUser,
  organisationIds: string[],
): Promise<void> {
  if (user.role !== 'broker') return;
  const row = await new UserRepository(ctx.db).byId(user.id);
  const employer = row?.affiliation_organisation_id;
  if (!employer) return;
  const registry = new OrganisationRepository(ctx.db);
  for (const id of organisationIds) {
    if (await registry.sameGroup(employer, id))
      throw new ForbiddenError(
        {
          zh: '利益冲突：该单位与您的所在单位属于同一集团，请由其他技术经理人或审核人处理',
          en: 'conflict of interest: the organisation is in your employer’s group; another broker or officer must act',
        },
        { rule: 'conflict_of_interest' },
      );
  }
}

export async function reviewListing(
  ctx: MatchingContext,
  user: SessionUser,
  id: string,
  body: { decision: ReviewDecision; note?: string | null; version?: number },
): Promise<ListingView> {
  if (!isReviewer(user))
    throw forbidden({
      zh: '只有审核人员或技术经理人可以审核榜单',
      en: 'only officers and brokers review listings',
    });
  const current = await viewOf(ctx, id, user).catch(() => {
    throw notFound();
  });
  await assertNoConflict(ctx, user, [current.organisation!.id]);
  if (body.decision === 'publish') await ctx.index.sync();
  const note = body.note?.trim() || null;
  await stepListing(
    ctx,
    user,
    id,
    body.decision,
    { by: 'reviewer', reason: note, version: body.version },
    async ({ row, at, today }) => ({
      review_note: note,
      reviewed_by: user.username,
      ...(body.decision === 'publish'
        ? {
            expires_on: expiryFrom(today, row.valid_days),
            published_at: at,
            ...(row.first_published_at ? {} : { first_published_at: at }),
          }
        : {}),
    }),
    async (tx, row) => {
      if (body.decision === 'publish') await recordMatches(ctx, tx, row);
      const label = LISTING_STATE_LABELS[row.state as keyof typeof LISTING_STATE_LABELS];
      await ctx.notify(tx, {
        to: { organisationId: row.organisation_id },
        kind: `matching.listing_${body.decision === 'publish' ? 'published' : body.decision === 'return' ? 'returned' : 'rejected'}`,
        subject: {
          zh: `您的榜单“${row.title}”${label.zh}`,
          en: `Your listing "${row.title}" is ${label.en}`,
        },
        body: {
          zh: body.decision === 'publish' ? `有效期至 ${row.expires_on}。` : `审核意见：${note ?? ''}`,
          en:
            body.decision === 'publish'
              ? `Published until ${row.expires_on}.`
              : `Reviewer's note: ${note ?? ''}`,
        },
        link: `/matching/listings/${row.id}`,
        ref: `matching_listing:${row.id}`,
        dedupeKey: `matching.reviewed:${row.id}:${row.version}`,
      });
    },
  );
  return viewOf(ctx, id, user);
}
