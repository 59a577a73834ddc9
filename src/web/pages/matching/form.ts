/**
 * The publish form's values and schema, built on the API's own listing schemas (src/core/matching/
 * listing.ts, which the route validates with): money bands are typed in 万元 (or 元) and become fen
 * here; empty optional texts become null; only the chosen side's fields are sent.
 */
import { z } from 'zod';
import type { Reference } from '../../../core/catalogue/types.ts';
import {
  contractFields,
  contractRules,
  expressInterestSchema,
  meetingSchema,
  noteSchema,
  projectFields,
} from '../../../core/matching/engagement.ts';
import {
  type Band,
  bandSchema,
  type ListingInput,
  needInputSchema,
  offerInputSchema,
} from '../../../core/matching/listing.ts';
import { type MoneyValue, moneyField, moneyValue, optionalMoneyField } from '../../components/money.tsx';
import type { ListingView, MatchingReference } from './shared.tsx';

export type Side = 'need' | 'offer';

export interface ListingForm {
  side: Side;
  title: string;
  summary: string;
  sectors: string[];
  city: string;
  keywords: string[];
  contact: { name: string; phone: string; email: string };
  anonymous: boolean;
  validDays: number | null;
  scenario: string;
  indicators: { name: string; target: string }[];
  budget: { min: MoneyValue; max: MoneyValue };
  timelineMonths: number | null;
  ipExpectation: string;
  trl: number | null;
  ipStatus: string;
  patents: { number: string; title: string; kind: string }[];
  applications: string;
  needs: string[];
  team: string;
  transferModes: string[];
  price: { min: MoneyValue; max: MoneyValue };
}

/** A band typed in 万元: both ends empty is "not given" (null); else the API's band rule. */
const bandField = z
  .object({ min: optionalMoneyField, max: optionalMoneyField })
  .transform((b) => (b.min === null && b.max === null ? null : b))
  // The band rule of the API, on the fen the two inputs became.
  .pipe(
    bandSchema.nullable() as unknown as z.ZodType<
      Band | null,
      { min: number | null; max: number | null } | null
    >,
  );

const orNull = (s: string | null | undefined) =>
  s === undefined || s === null || s.trim() === '' ? null : s;

/** What the API receives for the chosen side (the other side's fields left out). */
function toBody(v: ListingForm): Record<string, unknown> {
  const common = {
    side: v.side,
    title: v.title,
    summary: v.summary,
    sectors: v.sectors,
    city: v.city,
    keywords: v.keywords,
    contact: { name: v.contact.name, phone: orNull(v.contact.phone), email: orNull(v.contact.email) },
    anonymous: v.anonymous,
    validDays: v.validDays,
  };
  if (v.side === 'need')
    return {
      ...common,
      scenario: orNull(v.scenario),
      indicators: v.indicators,
      budget: v.budget,
      timelineMonths: v.timelineMonths,
      ipExpectation: orNull(v.ipExpectation),
    };
  return {
    ...common,
    trl: v.trl,
    ipStatus: v.ipStatus,
    patents: v.patents.map((p) => ({ number: p.number, title: orNull(p.title), kind: p.kind })),
    applications: orNull(v.applications),
    needs: v.needs,
    team: orNull(v.team),
    transferModes: v.transferModes,
    price: v.price,
  };
}

/** The schema of one side's form: the API's schema with money typed in 万元. */
export function listingFormSchema(side: Side, ref: MatchingReference) {
  const catalogueRef = { sectors: ref.sectors, cities: ref.cities } as unknown as Reference;
  const api =
    side === 'need'
      ? needInputSchema(catalogueRef).extend({ budget: bandField })
      : offerInputSchema(catalogueRef).extend({ price: bandField });
  return z.preprocess((v) => toBody(v as ListingForm), api) as unknown as z.ZodType<
    ListingInput,
    ListingForm
  >;
}

const emptyBand = () => ({ min: moneyValue(null), max: moneyValue(null) });

export function emptyListingForm(side: Side, ref: MatchingReference): ListingForm {
  return {
    side,
    title: '',
    summary: '',
    sectors: [],
    city: 'songjiang',
    keywords: [],
    contact: { name: '', phone: '', email: '' },
    anonymous: false,
    validDays: ref.validity.defaultDays,
    scenario: '',
    indicators: [],
    budget: emptyBand(),
    timelineMonths: null,
    ipExpectation: '',
    trl: null,
    ipStatus: '',
    patents: [],
    applications: '',
    needs: [],
    team: '',
    transferModes: [],
    price: emptyBand(),
  };
}

export function formFromListing(l: ListingView, ref: MatchingReference): ListingForm {
  const f = emptyListingForm(l.side, ref);
  const band = (b: { min: number | null; max: number | null } | null) =>
    b ? { min: moneyValue(b.min), max: moneyValue(b.max) } : emptyBand();
  Object.assign(f, {
    title: l.title,
    summary: l.summary,
    sectors: l.sectors,
    city: l.city,
    keywords: l.keywords,
    contact: {
      name: l.contact?.name ?? '',
      phone: l.contact?.phone ?? '',
      email: l.contact?.email ?? '',
    },
    anonymous: l.anonymous,
    validDays: l.validDays,
  });
  if (l.need)
    Object.assign(f, {
      scenario: l.need.scenario ?? '',
      indicators: l.need.indicators,
      budget: band(l.need.budget),
      timelineMonths: l.need.timelineMonths,
      ipExpectation: l.need.ipExpectation ?? '',
    });
  if (l.offer)
    Object.assign(f, {
      trl: l.offer.trl,
      ipStatus: l.offer.ipStatus,
      patents: l.offer.patents.map((p) => ({ number: p.number, title: p.title ?? '', kind: p.kind })),
      applications: l.offer.applications ?? '',
      needs: l.offer.needs,
      team: l.offer.team ?? '',
      transferModes: l.offer.transferModes,
      price: band(l.offer.price),
    });
  return f;
}

// ——— engagement forms ————————————————————————————————————————————————————————
// Built on the API's own request schemas (src/core/matching/engagement.ts), so the browser checks what
// the server will: blanks become null, amounts are typed in 万元.

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/** POST /api/matching/interests (expressInterestSchema). */
const interestSchema = expressInterestSchema.extend({
  ownListingId: z.preprocess(blankToNull, expressInterestSchema.shape.ownListingId),
  contact: z.preprocess((c) => {
    const o = (c ?? {}) as Record<string, unknown>;
    return { name: o.name, phone: blankToNull(o.phone), email: blankToNull(o.email) };
  }, expressInterestSchema.shape.contact),
});
export type InterestFormValues = {
  listingId: string;
  ownListingId: string;
  message: string;
  contact: { name: string; phone: string; email: string };
};

export const interestForm = interestSchema as unknown as z.ZodType<
  z.output<typeof interestSchema>,
  InterestFormValues
>;

/** POST …/notes: a broker's follow-up. */
export const noteForm = noteSchema;

/** POST …/meetings. */
export const meetingForm = meetingSchema;

/** POST …/contract: the amount typed in 万元, blank registration fields as null. */
const contractSchema = contractRules(
  contractFields.extend({
    registrationNo: z.preprocess(blankToNull, contractFields.shape.registrationNo),
    amount: moneyField.pipe(contractFields.shape.amount),
    registeredOn: z.preprocess(blankToNull, contractFields.shape.registeredOn),
  }),
);

export const contractForm = contractSchema as unknown as z.ZodType<
  z.output<typeof contractSchema>,
  { contractNo: string; registrationNo: string; amount: MoneyValue; signedOn: string; registeredOn: string }
>;

/** POST …/project: kind, title, the project's input in 万元, the date formed (the form asks for it). */
export const projectForm = projectFields.extend({
  input: moneyField.pipe(projectFields.shape.input),
  formedOn: projectFields.shape.formedOn.unwrap(),
});
