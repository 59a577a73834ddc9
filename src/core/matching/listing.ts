/**
 * A listing as its publisher writes it: a need (需求榜: problem, scenario, indicators, budget band,
 * timeline, sector, city, IP expectation) or an offer (成果榜: technology, TRL 1–9, IP status with
 * patent numbers, what it still needs, team). One zod schema per side, built from the reference
 * lists so an unknown sector or city is refused with its path; the API body and OpenAPI come from it.
 * Money is integer fen (src/core/money.ts); people type 万元 in the web and it converts there.
 */
import { z } from 'zod';
import type { Reference } from '../catalogue/types.ts';
import { bilingual, safeText } from '../validation.ts';
import {
  IP_EXPECTATIONS,
  IP_STATUSES,
  LISTING_VALIDITY,
  OFFER_NEEDS,
  PATENT_KINDS,
  type Side,
  TRANSFER_MODES,
} from './vocabulary.ts';

/**
 * Free text of a listing: the platform's one text rule (safeText: trimmed, bounded, no NUL, no lone
 * surrogate, no control characters; line breaks only where `multiline`).
 */
export function listingText(min: number, max: number, multiline = false) {
  return safeText({ min, max, multiline });
}

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('amount in fen (分)');

/** A money band in fen; either end may be left out, but not both, and min ≤ max. */
export const bandSchema = z
  .object({ min: fen.nullable().default(null), max: fen.nullable().default(null) })
  .strict()
  .refine((b) => b.min !== null || b.max !== null, {
    ...bilingual('请至少填写下限或上限', 'give at least a lower or an upper bound', 'band_empty'),
  })
  .refine((b) => b.min === null || b.max === null || b.min <= b.max, {
    ...bilingual('下限不得高于上限', 'the lower bound must not exceed the upper', 'band_order'),
    path: ['max'],
  });
export type Band = z.output<typeof bandSchema>;

/** Contact details: private, shown only to the publisher, officers and a counterpart whose interest was accepted. */
export const contactSchema = z
  .object({
    name: listingText(1, 50),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{7,20}$/, bilingual('电话号码格式不正确', 'not a phone number', 'phone'))
      .nullable()
      .default(null),
    email: z
      .email(bilingual('邮箱格式不正确', 'not an e-mail address', 'email'))
      .max(200)
      .nullable()
      .default(null),
  })
  .strict()
  .refine((c) => c.phone !== null || c.email !== null, {
    ...bilingual('请至少填写电话或邮箱', 'give a phone number or an e-mail address', 'contact_required'),
    path: ['phone'],
  });
export type Contact = z.output<typeof contactSchema>;

export const indicatorSchema = z
  .object({
    name: listingText(1, 60).describe('e.g. 耐温, 定位精度, 良率'),
    target: listingText(1, 100).describe('e.g. ≥300℃, ≤0.05 mm, 99.5%'),
  })
  .strict();

export const patentSchema = z
  .object({
    number: z
      .string()
      .trim()
      .max(30)
      .regex(
        /^(ZL|CN)?\s?[0-9]{8,12}(\.[0-9X])?[A-Z]?[0-9]?$/i,
        bilingual(
          '专利号格式不正确（如 ZL202310123456.7 或 CN116123456A）',
          'not a patent number (e.g. ZL202310123456.7 or CN116123456A)',
          'patent_number',
        ),
      ),
    title: listingText(1, 100).nullable().default(null),
    kind: z.enum(PATENT_KINDS).default('invention'),
  })
  .strict();
export type Patent = z.output<typeof patentSchema>;

function codes(list: { code: string }[]) {
  return z.enum(list.map((x) => x.code) as [string, ...string[]]);
}

function common(ref: Reference) {
  return {
    title: listingText(4, 60).describe('标题'),
    summary: listingText(10, 3000, true).describe('需求：问题描述 / 成果：技术简介'),
    sectors: z.array(codes(ref.sectors)).min(1).max(3).describe('产业领域 (reference.yaml codes)'),
    city: codes(ref.cities).describe('需求：项目落地城市 / 成果：所在城市'),
    keywords: z.array(listingText(1, 20)).max(10).default([]).describe('关键词（可选）'),
    contact: contactSchema,
    anonymous: z.boolean().default(false).describe('公开页面不显示单位名称（显示“某企业/某高校”）'),
    validDays: z
      .number()
      .int()
      .min(LISTING_VALIDITY.minDays)
      .max(LISTING_VALIDITY.maxDays)
      .default(LISTING_VALIDITY.defaultDays)
      .describe('发布有效期（天）'),
  };
}

export function needDetailsShape() {
  return {
    scenario: listingText(1, 1000, true).nullable().default(null).describe('应用场景'),
    indicators: z.array(indicatorSchema).max(20).default([]).describe('技术指标'),
    budget: bandSchema.nullable().default(null).describe('预算区间（分）'),
    timelineMonths: z.number().int().min(1).max(60).nullable().default(null).describe('期望完成周期（月）'),
    ipExpectation: z.enum(IP_EXPECTATIONS).nullable().default(null).describe('知识产权期望'),
  };
}

export function offerDetailsShape() {
  return {
    trl: z.number().int().min(1).max(9).describe('技术成熟度 TRL 1–9'),
    ipStatus: z.enum(IP_STATUSES).describe('知识产权状态'),
    patents: z.array(patentSchema).max(30).default([]).describe('专利（号）'),
    applications: listingText(1, 1000, true).nullable().default(null).describe('应用领域与场景'),
    needs: z
      .array(z.enum(OFFER_NEEDS))
      .max(OFFER_NEEDS.length)
      .default([])
      .describe('尚需：中试场地、资金、合作伙伴…'),
    team: listingText(1, 1000, true).nullable().default(null).describe('团队'),
    transferModes: z
      .array(z.enum(TRANSFER_MODES))
      .max(TRANSFER_MODES.length)
      .default([])
      .describe('转化方式'),
    price: bandSchema.nullable().default(null).describe('期望转化金额区间（分）'),
  };
}

export function needInputSchema(ref: Reference) {
  return z.object({ side: z.literal('need'), ...common(ref), ...needDetailsShape() }).strict();
}

export function offerInputSchema(ref: Reference) {
  return z.object({ side: z.literal('offer'), ...common(ref), ...offerDetailsShape() }).strict();
}

export function listingInputSchema(ref: Reference) {
  return z.discriminatedUnion('side', [needInputSchema(ref), offerInputSchema(ref)]);
}

export type NeedInput = z.output<ReturnType<typeof needInputSchema>>;
export type OfferInput = z.output<ReturnType<typeof offerInputSchema>>;
export type ListingInput = NeedInput | OfferInput;

export type NeedDetails = Pick<
  NeedInput,
  'scenario' | 'indicators' | 'budget' | 'timelineMonths' | 'ipExpectation'
>;
export type OfferDetails = Pick<
  OfferInput,
  'trl' | 'ipStatus' | 'patents' | 'applications' | 'needs' | 'team' | 'transferModes' | 'price'
>;

/** The side-specific part of an input (stored as one JSON column). */
export function detailsOf(input: ListingInput): NeedDetails | OfferDetails {
  if (input.side === 'need') {
    const { scenario, indicators, budget, timelineMonths, ipExpectation } = input;
    return { scenario, indicators, budget, timelineMonths, ipExpectation };
  }
  const { trl, ipStatus, patents, applications, needs, team, transferModes, price } = input;
  return { trl, ipStatus, patents, applications, needs, team, transferModes, price };
}

/**
 * What the matcher and the lint read of a listing: the public text and structured fields, never the
 * contact. `organisationId` and `group` let the matcher leave out pairs within one group.
 */
export interface MatchableListing {
  id: string;
  side: Side;
  organisationId: string;
  title: string;
  summary: string;
  keywords: string[];
  sectors: string[];
  city: string;
  /** Last day the listing is published (inclusive); null while unpublished. */
  expiresOn: string | null;
  need?: NeedDetails;
  offer?: OfferDetails;
}

/** The listing's text as the matcher reads it: title and keywords weigh double. */
export function listingTextParts(l: MatchableListing): { strong: string[]; body: string[] } {
  const body = [l.summary];
  if (l.need) {
    if (l.need.scenario) body.push(l.need.scenario);
    for (const i of l.need.indicators) body.push(`${i.name} ${i.target}`);
  }
  if (l.offer) {
    if (l.offer.applications) body.push(l.offer.applications);
    for (const p of l.offer.patents) if (p.title) body.push(p.title);
  }
  return { strong: [l.title, ...l.keywords], body };
}
