/**
 * Stored rows → what callers see. One rule decides contact details: a listing's contact reaches its
 * own organisation and the staff who review it (officers, 技术经理人, auditors) — never the public and
 * never another organisation; an engagement shows the counterpart's contact only once accepted, to
 * everyone (the whole point of "contact details only after an expression of interest is accepted").
 */
import { addDays } from '../../core/dates.ts';
import type { LintFinding } from '../../core/matching/lint.ts';
import type { Contact, NeedDetails, OfferDetails } from '../../core/matching/listing.ts';
import {
  ENGAGEMENT_STAGE_LABELS,
  engagementStage,
  INTEREST_STATE_LABELS,
  type InterestAction,
  type InterestActor,
  type InterestState,
  interestActions,
  LISTING_STATE_LABELS,
  type ListingAction,
  type ListingState,
  listingActions,
} from '../../core/matching/states.ts';
import {
  BROKER_RESPONSE_HOURS,
  INTEREST_ANSWER_DAYS,
  PUBLISHER_KINDS,
  RENEWAL_WINDOW_DAYS,
} from '../../core/matching/vocabulary.ts';
import type { Text } from '../../core/text.ts';
import type { ListingWithOrg } from '../../storage/repositories/matching.ts';
import type { InterestRow, MatchingEventRow } from '../../storage/tables/matching.ts';
import type { SessionUser } from '../auth/types.ts';
import { isReviewer, isStaff } from './context.ts';

export interface ListingView {
  id: string;
  side: 'need' | 'offer';
  state: ListingState;
  stateLabel: Text;
  title: string;
  summary: string;
  keywords: string[];
  sectors: string[];
  city: string;
  need: NeedDetails | null;
  offer: OfferDetails | null;
  /** The publisher; null on public pages when it chose to publish anonymously. */
  organisation: { id: string; name: string; kind: string } | null;
  /** "松江某企业" / "杭州某高校": what a public page shows when the name is withheld. */
  publisherLabel: Text;
  anonymous: boolean;
  validDays: number;
  expiresOn: string | null;
  publishedAt: string | null;
  firstPublishedAt: string | null;
  renewals: number;
  /** Last day of publication is within the renewal window (or passed): the owner may renew. */
  renewable: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Private: only the publisher and staff. */
  contact: Contact | null;
  lint: LintFinding[] | null;
  reviewNote: string | null;
  reviewedBy: string | null;
  /** What the caller may do now. */
  actions: ListingAction[];
}

const KIND_WORD: Record<string, Text> = {
  enterprise: { zh: '企业', en: 'enterprise' },
  university: { zh: '高校', en: 'university' },
  research_institute: { zh: '科研院所', en: 'research institute' },
  innovation_centre: { zh: '产业协同创新中心', en: 'innovation centre' },
  cluster_carrier: { zh: '产业集群载体', en: 'cluster carrier' },
};

export function isOwner(user: SessionUser | null, row: { organisation_id: string }): boolean {
  return user?.role === 'enterprise' && user.organisationId === row.organisation_id;
}

export function toListingView(
  row: ListingWithOrg,
  user: SessionUser | null,
  ctx: { today: string; cityLabel: (code: string) => Text },
): ListingView {
  const owner = isOwner(user, row);
  const staff = user !== null && isStaff(user);
  const privateView = owner || staff;
  const city = ctx.cityLabel(row.city);
  const kind = KIND_WORD[row.organisation_kind] ?? { zh: '单位', en: 'organisation' };
  const state = row.state as ListingState;
  const actions: ListingAction[] = owner
    ? listingActions(state, 'owner')
    : user && isReviewer(user)
      ? listingActions(state, 'reviewer')
      : [];
  const renewable =
    row.expires_on !== null &&
    (state === 'expired' ||
      (state === 'published' && row.expires_on <= addDays(ctx.today, RENEWAL_WINDOW_DAYS)));
  return {
    id: row.id,
    side: row.side,
    state,
    stateLabel: LISTING_STATE_LABELS[state],
    title: row.title,
    summary: row.summary,
    keywords: row.keywords,
    sectors: row.sectors,
    city: row.city,
    need: row.side === 'need' ? (row.details as NeedDetails) : null,
    offer: row.side === 'offer' ? (row.details as OfferDetails) : null,
    organisation:
      row.anonymous && !privateView
        ? null
        : { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind },
    publisherLabel: { zh: `${city.zh}某${kind.zh}`, en: `a ${kind.en} in ${city.en}` },
    anonymous: row.anonymous,
    validDays: row.valid_days,
    expiresOn: row.expires_on,
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    firstPublishedAt: row.first_published_at ? row.first_published_at.toISOString() : null,
    renewals: row.renewals,
    renewable,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    contact: privateView ? (row.contact as Contact) : null,
    lint: privateView ? (row.lint as LintFinding[]) : null,
    reviewNote: privateView ? row.review_note : null,
    reviewedBy: staff ? row.reviewed_by : null,
    actions: actions.filter((a) => a !== 'renew' || renewable),
  };
}

/** A listing as a line in an engagement (no contact, ever). */
export interface ListingRef {
  id: string;
  side: 'need' | 'offer';
  title: string;
  state: string;
  city: string;
  sectors: string[];
}

export const toListingRef = (row: ListingWithOrg): ListingRef => ({
  id: row.id,
  side: row.side,
  title: row.title,
  state: row.state,
  city: row.city,
  sectors: row.sectors,
});

export interface InterestView {
  id: string;
  state: InterestState;
  stateLabel: Text;
  stage: ReturnType<typeof engagementStage>;
  stageLabel: Text;
  need: ListingRef | null;
  offer: ListingRef | null;
  targetListingId: string;
  from: { organisationId: string; name: string };
  to: { organisationId: string; name: string };
  /** How the caller relates to it: sender, receiver, broker (assigned) or staff. */
  perspective: 'sender' | 'receiver' | 'broker' | 'staff';
  message: string;
  score: number | null;
  createdAt: string;
  /** The receiver is asked to answer by this date (INTEREST_ANSWER_DAYS). */
  answerBy: string;
  answeredAt: string | null;
  answerNote: string | null;
  /** The other side's contact: null until the interest is accepted. */
  counterpartContact: Contact | null;
  /** Both contacts, for the assigned broker and staff, once accepted. */
  contacts: { from: Contact; to: Contact } | null;
  broker: { id: string; displayName: string } | null;
  assignedAt: string | null;
  /** The broker's first follow-up is due by then (BROKER_RESPONSE_HOURS after the assignment). */
  brokerRespondBy: string | null;
  brokerRespondedAt: string | null;
  meetings: number;
  contract: {
    contractNo: string;
    registrationNo: string | null;
    amount: number;
    signedOn: string;
    registeredOn: string | null;
  } | null;
  project: {
    kind: 'iur_project' | 'consortium';
    title: string;
    input: number;
    formedOn: string;
    measureIds: string[];
    /** The calculator input (POST /api/calc) the self-check opens with; POST …/application makes a draft of it. */
    selfCheckInput: unknown;
    applicationId: string | null;
  } | null;
  timeline: {
    kind: 'meeting' | 'note' | 'assign' | 'release';
    onDate: string | null;
    text: string | null;
    actorRole: string;
    at: string;
  }[];
  actions: InterestAction[];
  version: number;
}

export function perspectiveOf(user: SessionUser, row: InterestRow): InterestActor[] {
  const out: InterestActor[] = [];
  if (user.role === 'enterprise' && user.organisationId === row.from_organisation_id) out.push('sender');
  if (user.role === 'enterprise' && user.organisationId === row.to_organisation_id) out.push('receiver');
  if (user.role === 'broker' && row.broker_user_id === user.id) out.push('broker');
  return out;
}

export function toInterestView(
  row: InterestRow,
  user: SessionUser,
  x: {
    need: ListingWithOrg | null;
    offer: ListingWithOrg | null;
    target: ListingWithOrg;
    names: Map<string, string>;
    broker: { id: string; displayName: string } | null;
    events: MatchingEventRow[];
    funded: boolean;
  },
): InterestView {
  const by = perspectiveOf(user, row);
  const accepted = row.state === 'accepted';
  const targetContact = x.target.contact as Contact;
  const senderContact = row.sender_contact as Contact;
  const perspective = by.includes('sender')
    ? 'sender'
    : by.includes('receiver')
      ? 'receiver'
      : by.includes('broker')
        ? 'broker'
        : 'staff';
  const done = { contract: row.contract_no !== null, project: row.project_kind !== null };
  return {
    id: row.id,
    state: row.state as InterestState,
    stateLabel: INTEREST_STATE_LABELS[row.state as InterestState],
    stage: engagementStage({
      state: row.state as InterestState,
      meetings: row.meetings,
      contract: done.contract,
      project: done.project,
      funded: x.funded,
    }),
    stageLabel:
      ENGAGEMENT_STAGE_LABELS[
        engagementStage({
          state: row.state as InterestState,
          meetings: row.meetings,
          contract: done.contract,
          project: done.project,
          funded: x.funded,
        })
      ],
    need: x.need ? toListingRef(x.need) : null,
    offer: x.offer ? toListingRef(x.offer) : null,
    targetListingId: row.target_listing_id,
    from: { organisationId: row.from_organisation_id, name: x.names.get(row.from_organisation_id) ?? '' },
    to: { organisationId: row.to_organisation_id, name: x.names.get(row.to_organisation_id) ?? '' },
    perspective,
    message: row.message,
    score: row.score,
    createdAt: row.created_at.toISOString(),
    answerBy: addDays(row.created_at.toISOString().slice(0, 10), INTEREST_ANSWER_DAYS),
    answeredAt: row.answered_at ? row.answered_at.toISOString() : null,
    answerNote: row.answer_note,
    counterpartContact: !accepted
      ? null
      : perspective === 'sender'
        ? targetContact
        : perspective === 'receiver'
          ? senderContact
          : null,
    contacts:
      accepted && (perspective === 'broker' || perspective === 'staff')
        ? { from: senderContact, to: targetContact }
        : null,
    broker: x.broker,
    assignedAt: row.assigned_at ? row.assigned_at.toISOString() : null,
    brokerRespondBy: row.assigned_at
      ? new Date(row.assigned_at.getTime() + BROKER_RESPONSE_HOURS * 3_600_000).toISOString()
      : null,
    brokerRespondedAt: row.broker_first_response_at ? row.broker_first_response_at.toISOString() : null,
    meetings: row.meetings,
    contract:
      row.contract_no !== null
        ? {
            contractNo: row.contract_no,
            registrationNo: row.registration_no,
            amount: row.contract_amount!,
            signedOn: row.contract_signed_on!,
            registeredOn: row.contract_registered_on,
          }
        : null,
    project:
      row.project_kind !== null
        ? {
            kind: row.project_kind,
            title: row.project_title ?? '',
            input: row.project_input!,
            formedOn: row.project_formed_on!,
            measureIds: row.project_measure_ids ?? [],
            // The enterprise's registry profile is in it: only the parties and staff read engagements.
            selfCheckInput: row.project_calc_input,
            applicationId: row.application_id,
          }
        : null,
    timeline: x.events.map((e) => ({
      kind: e.kind,
      onDate: e.on_date,
      text: e.text,
      actorRole: e.actor_role,
      at: e.at.toISOString(),
    })),
    actions: interestActions(row.state as InterestState, by, done),
    version: row.version,
  };
}

/** Whether an organisation kind may publish a side (PUBLISHER_KINDS). */
export const mayPublish = (side: 'need' | 'offer', kind: string) => PUBLISHER_KINDS[side].includes(kind);
