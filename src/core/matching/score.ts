/**
 * A pair's score, 0–100, as the sum of its factors (vocabulary.ts FACTOR_POINTS), each with the
 * reason a person reads: text relevance (BM25 share, both directions), sector, maturity against the
 * need's timeline (TRL), budget band against the offer's price, and location in the G60 corridor.
 * Each factor is rounded to whole points and the total is their sum, so the breakdown always adds up.
 * `missing` names what keeps the pair from a full score — the need's words the offer does not
 * mention, a TRL below what the timeline needs, a budget below the asking price…
 */
import { formatWan } from '../money.ts';
import type { Text } from '../text.ts';
import type { Band, MatchableListing, NeedDetails, OfferDetails } from './listing.ts';
import { FACTOR_LABELS, FACTOR_POINTS, type Factor } from './vocabulary.ts';

export interface FactorScore {
  factor: Factor;
  label: Text;
  points: number;
  max: number;
  reason: Text;
}

export interface MatchedTerm {
  /** The canonical word. */
  term: string;
  /** How the need and the offer wrote it (differs when a synonym or abbreviation matched). */
  needSaid: string[];
  offerSaid: string[];
  /** Its share of the text relevance, in percent (the matched terms' shares sum to ≤ 100). */
  share: number;
}

export interface PairScore {
  needId: string;
  offerId: string;
  score: number;
  factors: FactorScore[];
  matchedTerms: MatchedTerm[];
  missing: Text[];
}

/** How the corridor reads a city: reference.yaml role (core, member, partner, other), null if unknown. */
export type CityRole = (code: string) => { code: string; role: string; zh: string; en: string } | null;

/** The share of the BM25 ceiling at which the text factor is full (calibrated on the evaluation set). */
export const TEXT_FULL_SHARE = 0.15;

export interface TextEvidence {
  /** score / ceiling in each direction, each in [0, 1). */
  shareNeedToOffer: number;
  shareOfferToNeed: number;
  matchedTerms: MatchedTerm[];
  /** The need's important words the offer does not mention, most important first. */
  unmatchedNeedTerms: string[];
}

const round = (x: number) => Math.round(x);

function textFactor(t: TextEvidence): FactorScore {
  const share = (t.shareNeedToOffer + t.shareOfferToNeed) / 2;
  const points = round(FACTOR_POINTS.text * Math.min(1, share / TEXT_FULL_SHARE));
  const words = t.matchedTerms.slice(0, 5).map((m) => m.term);
  return {
    factor: 'text',
    label: FACTOR_LABELS.text,
    points,
    max: FACTOR_POINTS.text,
    reason:
      words.length > 0
        ? { zh: `共同关键词：${words.join('、')}`, en: `shared terms: ${words.join(', ')}` }
        : { zh: '文本几乎没有共同关键词', en: 'almost no shared terms' },
  };
}

function sectorFactor(
  need: MatchableListing,
  offer: MatchableListing,
  evidence: { need: ReadonlyMap<string, number>; offer: ReadonlyMap<string, number> },
  sectorLabel: (code: string) => Text,
): FactorScore {
  const max = FACTOR_POINTS.sector;
  const common = need.sectors.filter((s) => offer.sectors.includes(s));
  if (common.length > 0) {
    const names = common.map(sectorLabel);
    return {
      factor: 'sector',
      label: FACTOR_LABELS.sector,
      points: max,
      max,
      reason: {
        zh: `同属${names.map((n) => `“${n.zh}”`).join('、')}`,
        en: `both in ${names.map((n) => n.en).join(', ')}`,
      },
    };
  }
  // Declared sectors differ, but the text of one speaks the other's vocabulary.
  const crossed =
    need.sectors.find((s) => (evidence.offer.get(s) ?? 0) > 0) ??
    offer.sectors.find((s) => (evidence.need.get(s) ?? 0) > 0);
  if (crossed) {
    const n = sectorLabel(crossed);
    return {
      factor: 'sector',
      label: FACTOR_LABELS.sector,
      points: round(max / 2),
      max,
      reason: {
        zh: `领域标注不同，但文本涉及“${n.zh}”`,
        en: `declared sectors differ, but the text speaks of ${n.en}`,
      },
    };
  }
  return {
    factor: 'sector',
    label: FACTOR_LABELS.sector,
    points: 0,
    max,
    reason: {
      zh: `领域不同：需求为${need.sectors.map((s) => sectorLabel(s).zh).join('、')}，成果为${offer.sectors.map((s) => sectorLabel(s).zh).join('、')}`,
      en: `different sectors: need ${need.sectors.map((s) => sectorLabel(s).en).join(', ')}, offer ${offer.sectors.map((s) => sectorLabel(s).en).join(', ')}`,
    },
  };
}

/**
 * The TRL a need's timeline calls for: done within 6 months needs a product-ready technology (TRL7),
 * 12 months a piloted one (TRL6), 24 months one validated in a relevant environment (TRL5), 36 months
 * a laboratory prototype (TRL4); longer horizons take earlier research (TRL3).
 */
export function requiredTrl(timelineMonths: number): number {
  if (timelineMonths <= 6) return 7;
  if (timelineMonths <= 12) return 6;
  if (timelineMonths <= 24) return 5;
  if (timelineMonths <= 36) return 4;
  return 3;
}

function maturityFactor(need: NeedDetails, offer: OfferDetails): FactorScore {
  const max = FACTOR_POINTS.maturity;
  const base = { factor: 'maturity' as const, label: FACTOR_LABELS.maturity, max };
  if (need.timelineMonths === null) {
    return {
      ...base,
      points: round(max / 2),
      reason: {
        zh: `需求未给出周期；成果为 TRL${offer.trl}`,
        en: `no timeline given; the offer is TRL${offer.trl}`,
      },
    };
  }
  const needed = requiredTrl(need.timelineMonths);
  const gap = needed - offer.trl;
  const points = gap <= 0 ? max : gap === 1 ? round(max * 0.6) : gap === 2 ? round(max * 0.2) : 0;
  return {
    ...base,
    points,
    reason:
      gap <= 0
        ? {
            zh: `成果 TRL${offer.trl}，满足 ${need.timelineMonths} 个月周期所需的 TRL${needed}`,
            en: `TRL${offer.trl} meets the TRL${needed} a ${need.timelineMonths}-month timeline needs`,
          }
        : {
            zh: `成果 TRL${offer.trl}，${need.timelineMonths} 个月内完成通常需要 TRL${needed} 以上`,
            en: `TRL${offer.trl}; a ${need.timelineMonths}-month timeline usually needs TRL${needed} or more`,
          },
  };
}

const wan = (fen: number | null) => (fen === null ? '—' : formatWan(fen));

function bandText(b: Band): string {
  if (b.min !== null && b.max !== null) return `${wan(b.min)}–${wan(b.max)}`;
  if (b.max !== null) return `≤${wan(b.max)}`;
  return `≥${wan(b.min)}`;
}

function budgetFactor(need: NeedDetails, offer: OfferDetails): FactorScore {
  const max = FACTOR_POINTS.budget;
  const base = { factor: 'budget' as const, label: FACTOR_LABELS.budget, max };
  const b = need.budget;
  const p = offer.price;
  if (!b || !p) {
    return {
      ...base,
      points: round(max / 2),
      reason: !b
        ? { zh: '需求未给出预算，待洽谈', en: 'the need gives no budget: to be negotiated' }
        : {
            zh: `需求预算 ${bandText(b)}；成果未标价，待洽谈`,
            en: 'the offer names no price: to be negotiated',
          },
    };
  }
  const budgetTop = b.max ?? Number.MAX_SAFE_INTEGER;
  const budgetBottom = b.min ?? 0;
  const priceBottom = p.min ?? 0;
  const priceTop = p.max ?? Number.MAX_SAFE_INTEGER;
  if (budgetTop >= priceBottom && priceTop >= budgetBottom) {
    return {
      ...base,
      points: max,
      reason: {
        zh: `预算 ${bandText(b)} 与期望金额 ${bandText(p)} 有交集`,
        en: `budget ${bandText(b)} overlaps the asking ${bandText(p)}`,
      },
    };
  }
  if (budgetTop < priceBottom) {
    // Within half of the asking price there is room to negotiate; below, little.
    const close = budgetTop * 2 >= priceBottom;
    return {
      ...base,
      points: close ? round(max / 2) : 0,
      reason: {
        zh: `预算上限 ${wan(budgetTop)} 低于期望金额 ${bandText(p)}`,
        en: `budget ceiling ${wan(budgetTop)} is below the asking ${bandText(p)}`,
      },
    };
  }
  return {
    ...base,
    points: round(max * 0.8),
    reason: {
      zh: `预算 ${bandText(b)} 高于期望金额 ${bandText(p)}`,
      en: `budget ${bandText(b)} exceeds the asking ${bandText(p)}`,
    },
  };
}

function locationFactor(need: MatchableListing, offer: MatchableListing, cityRole: CityRole): FactorScore {
  const max = FACTOR_POINTS.location;
  const base = { factor: 'location' as const, label: FACTOR_LABELS.location, max };
  const a = cityRole(need.city);
  const b = cityRole(offer.city);
  const inCorridor = (r: { role: string } | null) => r?.role === 'core' || r?.role === 'member';
  const names = `${a?.zh ?? need.city}—${b?.zh ?? offer.city}`;
  const namesEn = `${a?.en ?? need.city}–${b?.en ?? offer.city}`;
  if (need.city === offer.city || (inCorridor(a) && inCorridor(b)))
    return {
      ...base,
      points: max,
      reason: { zh: `${names}，同在G60科创走廊九城市`, en: `${namesEn}: both in the nine G60 cities` },
    };
  if ((inCorridor(a) || a?.role === 'partner') && (inCorridor(b) || b?.role === 'partner'))
    return {
      ...base,
      points: round(max * 0.8),
      reason: { zh: `${names}，含G60战略合作城市`, en: `${namesEn}: includes a G60 partner city` },
    };
  const abroad = a?.code === 'overseas' || b?.code === 'overseas';
  return {
    ...base,
    points: abroad ? round(max * 0.2) : round(max * 0.4),
    reason: { zh: `${names}，有一方不在G60科创走廊`, en: `${namesEn}: one side is outside the corridor` },
  };
}

export function scorePair(
  need: MatchableListing,
  offer: MatchableListing,
  text: TextEvidence,
  evidence: { need: ReadonlyMap<string, number>; offer: ReadonlyMap<string, number> },
  ctx: { cityRole: CityRole; sectorLabel: (code: string) => Text },
): PairScore {
  if (!need.need || !offer.offer) throw new TypeError('scorePair takes a need and an offer');
  const factors = [
    textFactor(text),
    sectorFactor(need, offer, evidence, ctx.sectorLabel),
    maturityFactor(need.need, offer.offer),
    budgetFactor(need.need, offer.offer),
    locationFactor(need, offer, ctx.cityRole),
  ];
  const missing: Text[] = [];
  if (text.unmatchedNeedTerms.length > 0) {
    const w = text.unmatchedNeedTerms.slice(0, 4);
    missing.push({
      zh: `需求提到、成果未涉及：${w.join('、')}`,
      en: `the need mentions, the offer does not: ${w.join(', ')}`,
    });
  }
  for (const f of factors.slice(1))
    if (f.points < f.max && !(f.factor === 'budget' && f.points >= f.max * 0.8)) missing.push(f.reason);
  if (offer.offer.needs.includes('funding') && !need.need.budget)
    missing.push({
      zh: '成果需要资金支持，需求未给出预算',
      en: 'the offer needs funding; the need gives no budget',
    });
  if (offer.offer.needs.includes('pilot_site'))
    missing.push({
      zh: '成果需要中试场地，可在洽谈中确认',
      en: 'the offer needs a pilot site: confirm when you meet',
    });
  return {
    needId: need.id,
    offerId: offer.id,
    score: factors.reduce((s, f) => s + f.points, 0),
    factors,
    matchedTerms: text.matchedTerms,
    missing,
  };
}
