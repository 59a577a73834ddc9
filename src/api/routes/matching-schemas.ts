/**
 * Response schemas of the 双向发榜 API (src/api/routes/matching.ts): they document every field in the
 * OpenAPI document and serialise the answers (a field not listed here never leaves the server).
 */
import { z } from 'zod';
import { FUNNEL_STAGES } from '../../core/matching/funnel.ts';
import {
  ENGAGEMENT_STAGES,
  INTEREST_ACTIONS,
  INTEREST_STATES,
  LISTING_ACTIONS,
  LISTING_STATES,
} from '../../core/matching/states.ts';
import {
  FACTORS,
  IP_EXPECTATIONS,
  IP_STATUSES,
  OFFER_NEEDS,
  PATENT_KINDS,
  SIDES,
  TRANSFER_MODES,
} from '../../core/matching/vocabulary.ts';

export const text = z.object({ zh: z.string(), en: z.string() });
const fen = z.number().int().describe('amount in fen (分)');
const band = z.object({ min: fen.nullable(), max: fen.nullable() });

export const contactOut = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const lintFindingOut = z.object({
  path: z.string().describe('the field'),
  rule: z.string(),
  severity: z.enum(['error', 'warning']).describe('error blocks submission; warning is advice'),
  zh: z.string(),
  en: z.string(),
});

const needOut = z.object({
  scenario: z.string().nullable(),
  indicators: z.array(z.object({ name: z.string(), target: z.string() })),
  budget: band.nullable(),
  timelineMonths: z.number().int().nullable(),
  ipExpectation: z.enum(IP_EXPECTATIONS).nullable(),
});

const offerOut = z.object({
  trl: z.number().int(),
  ipStatus: z.enum(IP_STATUSES),
  patents: z.array(
    z.object({ number: z.string(), title: z.string().nullable(), kind: z.enum(PATENT_KINDS) }),
  ),
  applications: z.string().nullable(),
  needs: z.array(z.enum(OFFER_NEEDS)),
  team: z.string().nullable(),
  transferModes: z.array(z.enum(TRANSFER_MODES)),
  price: band.nullable(),
});

export const listingOut = z.object({
  id: z.string(),
  side: z.enum(SIDES),
  state: z.enum(LISTING_STATES),
  stateLabel: text,
  title: z.string(),
  summary: z.string(),
  keywords: z.array(z.string()),
  sectors: z.array(z.string()),
  city: z.string(),
  need: needOut.nullable().describe('the need’s fields (side need)'),
  offer: offerOut.nullable().describe('the offer’s fields (side offer)'),
  organisation: z
    .object({ id: z.string(), name: z.string(), kind: z.string() })
    .nullable()
    .describe('null on public views of an anonymous listing'),
  publisherLabel: text.describe('"松江某企业": shown instead of the name when anonymous'),
  anonymous: z.boolean(),
  validDays: z.number().int(),
  expiresOn: z.string().nullable().describe('last day of publication (inclusive)'),
  publishedAt: z.string().nullable(),
  firstPublishedAt: z.string().nullable(),
  renewals: z.number().int(),
  renewable: z.boolean().describe('within the renewal window or expired: the owner may renew'),
  version: z.number().int().describe('send it back with a change (optimistic locking)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  contact: contactOut.nullable().describe('private: only the publisher and staff; never on public endpoints'),
  lint: z.array(lintFindingOut).nullable().describe('publisher and staff only'),
  reviewNote: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  actions: z.array(z.enum(LISTING_ACTIONS)).describe('what the caller may do now'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export const factorOut = z.object({
  factor: z.enum(FACTORS),
  label: text,
  points: z.number().int().describe('what counts in the score: fit × weight, rounded'),
  max: z.number().int(),
  fit: z.number().int().describe('how well the field fits on its own, before the relevance gate'),
  weight: z
    .number()
    .describe('0–1: the share of fit that counts (1 for text; the relevance gate for the others)'),
  reason: text.describe('why: the field’s own reading, then the scaling when weight < 1'),
});

export const matchOut = z.object({
  needId: z.string(),
  offerId: z.string(),
  score: z.number().int().describe('0–100, the sum of the factors’ points'),
  factors: z.array(factorOut),
  gate: z
    .object({
      relevance: z.number().describe('text relevance 0–1 (text points ÷ 50)'),
      full: z.number().describe('relevance from which the structured factors count in full'),
      weight: z.number().describe('min(1, relevance ÷ full), applied to sector, maturity, budget, location'),
      reason: text,
    })
    .describe(
      'why the structured factors count as they do: only as far as the texts are about the same thing',
    ),
  matchedTerms: z.array(
    z.object({
      term: z.string().describe('canonical word'),
      needSaid: z.array(z.string()).describe('how the need wrote it (differs when a synonym matched)'),
      offerSaid: z.array(z.string()),
      share: z.number().int().describe('% of the text relevance'),
    }),
  ),
  missing: z.array(text).describe('what keeps the pair from a full score'),
  counterpart: listingOut.describe('the other side’s listing, public view (no contact)'),
  recordedAt: z.string().nullable().describe('when the pair was first recorded as a match'),
});

const listingRef = z.object({
  id: z.string(),
  side: z.enum(SIDES),
  title: z.string(),
  state: z.string(),
  city: z.string(),
  sectors: z.array(z.string()),
});

export const interestOut = z.object({
  id: z.string(),
  state: z.enum(INTEREST_STATES),
  stateLabel: text,
  stage: z.enum(ENGAGEMENT_STAGES).describe('the furthest stage reached'),
  stageLabel: text,
  need: listingRef.nullable(),
  offer: listingRef.nullable(),
  targetListingId: z.string(),
  from: z.object({ organisationId: z.string(), name: z.string() }),
  to: z.object({ organisationId: z.string(), name: z.string() }),
  perspective: z.enum(['sender', 'receiver', 'broker', 'staff']),
  message: z.string(),
  score: z.number().int().nullable().describe('the pair’s score when both listings are named'),
  createdAt: z.string(),
  answerBy: z.string().describe('the receiver is asked to answer by this date'),
  answeredAt: z.string().nullable(),
  answerNote: z.string().nullable(),
  counterpartContact: contactOut.nullable().describe('the other side’s contact: null until accepted'),
  contacts: z
    .object({ from: contactOut, to: contactOut })
    .nullable()
    .describe('both contacts, for the broker and staff, once accepted'),
  broker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  assignedAt: z.string().nullable(),
  brokerRespondBy: z.string().nullable(),
  brokerRespondedAt: z.string().nullable(),
  meetings: z.number().int(),
  contract: z
    .object({
      contractNo: z.string(),
      registrationNo: z.string().nullable().describe('技术合同认定登记号'),
      amount: fen,
      signedOn: z.string(),
      registeredOn: z.string().nullable(),
    })
    .nullable(),
  project: z
    .object({
      kind: z.enum(['iur_project', 'consortium']),
      title: z.string(),
      input: fen,
      formedOn: z.string(),
      measureIds: z.array(z.string()).describe('measures the project may claim (000·五; 000·三, 001·四)'),
      selfCheckInput: z.unknown().describe('the calculator input (POST /api/calc) the self-check opens with'),
      applicationId: z.string().nullable(),
    })
    .nullable(),
  timeline: z.array(
    z.object({
      kind: z.enum(['meeting', 'note', 'assign', 'release']),
      onDate: z.string().nullable(),
      text: z.string().nullable(),
      actorRole: z.string(),
      at: z.string(),
    }),
  ),
  actions: z.array(z.enum(INTEREST_ACTIONS)).describe('what the caller may do now'),
  version: z.number().int(),
});

export const queueItemOut = interestOut.extend({
  elapsedHours: z.number().int(),
  overdue: z.boolean(),
  overdueReason: z.enum(['broker_response', 'answer']).nullable(),
});

const conversion = z
  .object({
    matches: z.number().int().nullable(),
    contacts: z.number().int().nullable(),
    contracts: z.number().int().nullable(),
    funded: z.number().int().nullable(),
  })
  .describe(
    'each stage over the one before, in basis points (10000 = 100%); null when the stage before is 0',
  );

export const funnelRowOut = z.object({
  period: z.string(),
  city: z.string().nullable(),
  listings: z.number().int(),
  matches: z.number().int(),
  contacts: z.number().int(),
  contracts: z.number().int(),
  contractAmount: fen,
  funded: z.number().int(),
  conversion,
});

export const funnelOut = z.object({
  stages: z.array(z.object({ code: z.enum(FUNNEL_STAGES), label: text })),
  rows: z.array(funnelRowOut),
  total: funnelRowOut,
});
