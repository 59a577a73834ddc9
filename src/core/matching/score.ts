/**
 * A pair's score, 0–100, as the sum of its factors (vocabulary.ts FACTOR_POINTS), each with the
 * reason a person reads: text relevance (BM25 share, both directions), sector, maturity against the
 * need's timeline (TRL), budget band against the offer's price, and location in the G60 corridor.
 * The four structured factors count only as far as the texts are relevant (the relevance gate: a pair
 * with nothing in common scores 0, however well its fields fit), each saying its own fit and the
 * scaling. Each factor is rounded to whole points and the total is their sum, so the breakdown always
 * adds up.
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
  /** What counts in the score: for the structured factors, `fit` scaled by the pair's relevance. */
  points: number;
  max: number;
  /** How well the structured field fits on its own, before scaling (the text factor: = points). */
  fit: number;
  /** The share (0–1) of `fit` that counts: 1 for text, the relevance gate for the others. */
  weight: number;
  /** Why: the field's own reading, then (when scaled) the scaling. */
  reason: Text;
}

/**
 * Why the structured factors count as they do: they describe whether two listings could work
 * together (same sector, mature enough, affordable, near), not whether they are about the same thing,
 * so they count only in proportion to the text relevance — fully from `full`, not at all with no
 * shared words. Without this gate an unrelated offer in the same sector, city and budget band scored
 * 50 points for the fields alone and reached the strong-match threshold with a little generic overlap.
 */
export interface RelevanceGate {
  /** The text factor's share of its maximum, 0–1. */
  relevance: number;
  /** The share at which the structured factors count fully (RELEVANCE_FULL). */
  full: number;
  /** min(1, relevance / full): the weight applied to every structured factor. */
  weight: number;
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
  gate: RelevanceGate;
  matchedTerms: MatchedTerm[];
  missing: Text[];
}

/** How the corridor reads a city: reference.yaml role (core, member, partner, other), null if unknown. */
export type CityRole = (code: string) => { code: string; role: string; zh: string; en: string } | null;

/** The share of the BM25 ceiling at which the text factor is full (calibrated on the evaluation set). */
export const TEXT_FULL_SHARE = 0.15;

/**
 * The text relevance (text points ÷ 50) from which sector, maturity, budget and location count in
 * full; below it they count in proportion. Calibrated on the evaluation set's development needs only
 * (eval/matching/README.md, "Calibration"): of 0.5–1.0 in steps of 0.1, the value with the fewest
 * notices to irrelevant pairs, then the fewest irrelevant pairs recorded, that still records ≥ 90% of
 * the grade-2 pairs. With it a pair needs text relevance ≥ 0.72 (36 of 50 text points) to reach the
 * strong-match threshold of 80, and ≥ 0.58 to be recorded at 65.
 */
export const RELEVANCE_FULL = 0.8;

export interface TextEvidence {
  /** score / ceiling in each direction, each in [0, 1). */
  shareNeedToOffer: number;
  shareOfferToNeed: number;
  matchedTerms: MatchedTerm[];
  /** The need's important words the offer does not mention, most important first. */
  unmatchedNeedTerms: string[];
}

const round = (x: number) => Math.round(x);

/** A structured factor's reading before the relevance gate. */
type Fit = Omit<FactorScore, 'fit' | 'weight'>;

/** The text relevance 0–1: the BM25 share of the ceiling, both directions averaged, full at TEXT_FULL_SHARE. */
export function textRelevance(t: TextEvidence): number {
  return Math.min(1, (t.shareNeedToOffer + t.shareOfferToNeed) / 2 / TEXT_FULL_SHARE);
}

function textFactor(t: TextEvidence, relevance: number): FactorScore {
  const points = round(FACTOR_POINTS.text * relevance);
  const words = t.matchedTerms.slice(0, 5).map((m) => m.term);
  const pct = Math.round(relevance * 100);
  return {
    factor: 'text',
    label: FACTOR_LABELS.text,
    points,
    max: FACTOR_POINTS.text,
    fit: points,
    weight: 1,
    reason:
      words.length > 0
        ? {
            zh: `共同关键词：${words.join('、')}（文本相关度 ${pct}%）`,
            en: `shared terms: ${words.join(', ')} (text relevance ${pct}%)`,
          }
        : { zh: '文本没有共同关键词（文本相关度 0%）', en: 'no shared terms (text relevance 0%)' },
  };
}

export function relevanceGate(relevance: number, full = RELEVANCE_FULL): RelevanceGate {
  const weight = full <= 0 ? 1 : Math.min(1, relevance / full);
  const pct = (x: number) => Math.round(x * 100);
  return {
    relevance,
    full,
    weight,
    reason:
      weight >= 1
        ? {
            zh: `文本相关度 ${pct(relevance)}%，不低于 ${pct(full)}%：领域、成熟度、预算、区域全额计分`,
            en: `text relevance ${pct(relevance)}% ≥ ${pct(full)}%: sector, maturity, budget and location count in full`,
          }
        : {
            zh: `文本相关度 ${pct(relevance)}%，低于 ${pct(full)}%：领域、成熟度、预算、区域按 ${pct(weight)}% 计分（内容不相关时，条件再合适也不算匹配）`,
            en: `text relevance ${pct(relevance)}% < ${pct(full)}%: sector, maturity, budget and location count at ${pct(weight)}% (fields that fit do not make unrelated listings a match)`,
          },
  };
}

/** A structured factor as it counts: its fit scaled by the gate, the scaling said in the reason. */
function gated(f: Omit<FactorScore, 'fit' | 'weight'>, gate: RelevanceGate): FactorScore {
  const points = round(f.points * gate.weight);
  if (gate.weight >= 1) return { ...f, fit: f.points, weight: 1 };
  const pct = Math.round(gate.weight * 100);
  return {
    ...f,
    points,
    fit: f.points,
    weight: gate.weight,
    reason: {
      zh: `${f.reason.zh}；按文本相关度计 ${pct}%：${f.points} → ${points}`,
      en: `${f.reason.en}; counted at ${pct}% for text relevance: ${f.points} → ${points}`,
    },
  };
}

function sectorFactor(
  need: MatchableListing,
  offer: MatchableListing,
  evidence: { need: ReadonlyMap<string, number>; offer: ReadonlyMap<string, number> },
  sectorLabel: (code: string) => Text,
): Fit {
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

function maturityFactor(need: NeedDetails, offer: OfferDetails): Fit {
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

function budgetFactor(need: NeedDetails, offer: OfferDetails): Fit {
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

function locationFactor(need: MatchableListing, offer: MatchableListing, cityRole: CityRole): Fit {
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
  ctx: { cityRole: CityRole; sectorLabel: (code: string) => Text; relevanceFull?: number },
): PairScore {
  if (!need.need || !offer.offer) throw new TypeError('scorePair takes a need and an offer');
  const relevance = textRelevance(text);
  const gate = relevanceGate(relevance, ctx.relevanceFull);
  const fits = [
    sectorFactor(need, offer, evidence, ctx.sectorLabel),
    maturityFactor(need.need, offer.offer),
    budgetFactor(need.need, offer.offer),
    locationFactor(need, offer, ctx.cityRole),
  ];
  const factors = [textFactor(text, relevance), ...fits.map((f) => gated(f, gate))];
  const missing: Text[] = [];
  if (text.unmatchedNeedTerms.length > 0) {
    const w = text.unmatchedNeedTerms.slice(0, 4);
    missing.push({
      zh: `需求提到、成果未涉及：${w.join('、')}`,
      en: `the need mentions, the offer does not: ${w.join(', ')}`,
    });
  }
  // What the fields lack on their own (the relevance gate is said once, below, not per factor).
  for (const f of fits)
    if (f.points < f.max && !(f.factor === 'budget' && f.points >= f.max * 0.8)) missing.push(f.reason);
  if (gate.weight < 1) missing.push(gate.reason);
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
    gate,
    matchedTerms: text.matchedTerms,
    missing,
  };
}
