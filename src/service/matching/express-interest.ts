/**
 * 表达对接意向: an organisation tells the publisher of a listing that it wants to talk — an enterprise
 * about an offer, a university or institute about a need — optionally naming its own listing of the
 * other side. The message may not carry contact details (they are exchanged on acceptance, never
 * before); the sender's contact is stored and shown to the receiver only then. One open interest per
 * sender and listing; pairs within one group of organisations are refused like self-matches.
 */

import { ConflictError, ForbiddenError, InputError } from '../../core/errors.ts';
import { expressInterestSchema } from '../../core/matching/engagement.ts';
import { containsContact, LINT_RULES } from '../../core/matching/lint.ts';
import type { Contact } from '../../core/matching/listing.ts';
import { PUBLISHER_KINDS } from '../../core/matching/vocabulary.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { MatchingRepository } from '../../storage/repositories/matching.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import type { SessionUser } from '../auth/types.ts';
import { type MatchingContext, notFound, requireOrganisationUser } from './context.ts';
import { interestView } from './interest-steps.ts';
import { toMatchable } from './match-index.ts';
import type { InterestView } from './views.ts';

export async function expressInterest(
  ctx: MatchingContext,
  user: SessionUser,
  raw: unknown,
): Promise<InterestView> {
  const organisationId = requireOrganisationUser(user);
  const body = parseOrThrow(expressInterestSchema, raw);
  if (containsContact(body.message)) {
    const r = LINT_RULES.contact_in_text!;
    throw new InputError([{ path: 'message', rule: 'contact_in_text', zh: r.text.zh, en: r.text.en }]);
  }
  const repo = new MatchingRepository(ctx.db);
  const registry = new OrganisationRepository(ctx.db);
  const target = await repo.getListing(body.listingId);
  const today = ctx.today();
  if (target?.state !== 'published' || (target.expires_on !== null && target.expires_on < today))
    throw notFound();
  const sender = await registry.get(organisationId);
  if (!sender) throw notFound();
  const ownSide = target.side === 'need' ? 'offer' : 'need';
  if (!PUBLISHER_KINDS[ownSide].includes(sender.kind))
    throw new ForbiddenError(
      {
        zh: target.side === 'offer' ? '成果榜的对接意向由企业提出' : '需求榜的对接意向由高校、科研院所提出',
        en:
          target.side === 'offer'
            ? 'enterprises express interest in offers'
            : 'universities and institutes express interest in needs',
      },
      { rule: 'counterpart_kind' },
    );
  if (await registry.sameGroup(organisationId, target.organisation_id))
    throw new ConflictError(
      { zh: '不能与本单位或同一集团的单位对接', en: 'not with your own organisation or group' },
      { rule: 'same_group' },
    );
  let own = null;
  if (body.ownListingId) {
    own = await repo.getListing(body.ownListingId);
    if (!own || own.organisation_id !== organisationId)
      throw new InputError([
        { path: 'ownListingId', rule: 'not_yours', zh: '不是本单位的榜单', en: 'not a listing of yours' },
      ]);
    if (own.side !== ownSide)
      throw new InputError([
        {
          path: 'ownListingId',
          rule: 'same_side',
          zh: '须为另一类榜单',
          en: 'must be a listing of the other side',
        },
      ]);
  }
  const need = target.side === 'need' ? target : own;
  const offer = target.side === 'offer' ? target : own;
  let score: number | null = null;
  if (need && offer) {
    await ctx.index.sync();
    score = ctx.index.matcher.explain(
      toMatchable(need, ctx.index.groupOf(need.organisation_uscc)),
      toMatchable(offer, ctx.index.groupOf(offer.organisation_uscc)),
    ).score;
  }
  const id = ctx.ids.next();
  const contact: Contact = body.contact;
  return ctx.db.transaction().execute(async (tx) => {
    const txRepo = new MatchingRepository(tx);
    if (await txRepo.openInterest(organisationId, target.id))
      throw new ConflictError(
        { zh: '已对该榜单表达过意向', en: 'you already expressed interest in this listing' },
        { rule: 'duplicate' },
      );
    const at = ctx.clock.now();
    try {
      await txRepo.insertInterest({
        id,
        need_id: need?.id ?? null,
        offer_id: offer?.id ?? null,
        target_listing_id: target.id,
        from_organisation_id: organisationId,
        to_organisation_id: target.organisation_id,
        from_user_id: user.id,
        message: body.message,
        sender_contact: JSON.stringify(contact),
        state: 'pending',
        answer_note: null,
        answered_at: null,
        answered_by: null,
        // The pair's city is where the technology lands: the need's, else the enterprise sender's.
        city: need?.city ?? sender.city,
        score,
        broker_user_id: null,
        assigned_at: null,
        broker_first_response_at: null,
        contract_no: null,
        registration_no: null,
        contract_amount: null,
        contract_signed_on: null,
        contract_registered_on: null,
        contract_recorded_at: null,
        project_kind: null,
        project_title: null,
        project_input: null,
        project_formed_on: null,
        project_calc_input: null,
        project_measure_ids: null,
        project_recorded_at: null,
        application_id: null,
        application_organisation_id: null,
        created_at: at,
        updated_at: at,
      });
    } catch (e) {
      // Two concurrent expressions: the partial unique index decides.
      if ((e as { code?: string }).code === '23505')
        throw new ConflictError(
          { zh: '已对该榜单表达过意向', en: 'you already expressed interest in this listing' },
          { rule: 'duplicate' },
        );
      throw e;
    }
    await ctx.record(tx, user, 'matching.interest.express', `matching_interest:${id}`, {
      targetListingId: target.id,
      needId: need?.id ?? null,
      offerId: offer?.id ?? null,
      toOrganisationId: target.organisation_id,
      score,
    });
    await ctx.notify(tx, {
      to: { organisationId: target.organisation_id },
      kind: 'matching.interest',
      subject: {
        zh: `${sender.name} 对您的榜单“${target.title}”表达了对接意向`,
        en: `${sender.name} is interested in "${target.title}"`,
      },
      body: {
        zh: `请在 7 天内答复。接受后双方联系方式将互相可见。${score !== null ? `匹配度 ${score} 分。` : ''}`,
        en: `Please answer within 7 days. Accepting shares both contacts.${score !== null ? ` Match score ${score}.` : ''}`,
      },
      link: `/matching/interests/${id}`,
      ref: `matching_interest:${id}`,
      dedupeKey: `matching.interest:${id}`,
    });
    return interestView(ctx, user, (await txRepo.getInterest(id))!, tx);
  });
}
