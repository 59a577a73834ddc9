/**
 * 发榜: an organisation user writes a need (enterprise) or an offer (university, institute) as a draft,
 * optionally submitting it for review at once. The lint runs on every save and is kept with the
 * listing for the publisher and the reviewer; its errors block the submission, its warnings do not.
 */
import { InputError } from '../../core/errors.ts';
import { PUBLISHER_KINDS, SIDE_LABELS } from '../../core/matching/vocabulary.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { type MatchingContext, notFound, requireOrganisationUser } from './context.ts';
import { contentColumns, lintListing, parseListing, viewOf } from './listing-steps.ts';
import { submitListing } from './submit-listing.ts';
import { type ListingView, mayPublish } from './views.ts';

export async function createListing(
  ctx: MatchingContext,
  user: SessionUser,
  raw: unknown,
  opts: { submit?: boolean } = {},
): Promise<ListingView> {
  const organisationId = requireOrganisationUser(user);
  const input = parseListing(ctx, raw);
  const org = await new OrganisationRepository(ctx.db).get(organisationId);
  if (!org) throw notFound();
  if (!mayPublish(input.side, org.kind)) {
    throw new InputError([
      {
        path: 'side',
        rule: 'publisher_kind',
        zh: `${SIDE_LABELS[input.side].zh}只能由${PUBLISHER_KINDS[input.side].join('、')}类单位发布（本单位：${org.kind}）`,
        en: `a ${input.side} is published by ${PUBLISHER_KINDS[input.side].join(', ')} (yours: ${org.kind})`,
      },
    ]);
  }
  const lint = lintListing(input);
  const id = ctx.ids.next();
  await ctx.db.transaction().execute(async (tx) => {
    const at = ctx.clock.now();
    await new MatchingRepository(tx).insertListing({
      id,
      organisation_id: organisationId,
      side: input.side,
      state: 'draft',
      ...contentColumns(input, lint),
      expires_on: null,
      first_published_at: null,
      published_at: null,
      review_note: null,
      reviewed_by: null,
      created_by: user.id,
      created_at: at,
      updated_at: at,
    });
    await ctx.record(tx, user, 'matching.listing.create', `matching_listing:${id}`, {
      side: input.side,
      organisationId,
      title: input.title,
      warnings: lint.filter((f) => f.severity === 'warning').map((f) => f.rule),
    });
  });
  if (opts.submit) return submitListing(ctx, user, id);
  return viewOf(ctx, id, user);
}
