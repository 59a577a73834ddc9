/** A pair's score: each factor at its boundaries, the breakdown adding up, what is missing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatchableListing, NeedDetails, OfferDetails } from './listing.ts';
import {
  type CityRole,
  RELEVANCE_FULL,
  requiredTrl,
  scorePair,
  TEXT_FULL_SHARE,
  type TextEvidence,
} from './score.ts';
import { MATCH_THRESHOLD, STRONG_MATCH_THRESHOLD } from './vocabulary.ts';

const WAN = 1_000_000;
const roles: Record<string, string> = {
  songjiang: 'core',
  hangzhou: 'member',
  kunming: 'partner',
  beijing: 'other',
  overseas: 'other',
};
const cityRole: CityRole = (code) => (roles[code] ? { code, role: roles[code]!, zh: code, en: code } : null);
const sectorLabel = (code: string) => ({ zh: code, en: code });

const needDetails: NeedDetails = {
  scenario: null,
  indicators: [],
  budget: { min: 100 * WAN, max: 300 * WAN },
  timelineMonths: 12,
  ipExpectation: null,
};
const offerDetails: OfferDetails = {
  trl: 6,
  ipStatus: 'know_how',
  patents: [],
  applications: null,
  needs: [],
  team: null,
  transferModes: [],
  price: { min: 200 * WAN, max: 400 * WAN },
};
const need = (over: Partial<NeedDetails> = {}, l: Partial<MatchableListing> = {}): MatchableListing => ({
  id: 'n',
  side: 'need',
  organisationId: 'a',
  title: '',
  summary: '',
  keywords: [],
  sectors: ['ai'],
  city: 'songjiang',
  expiresOn: null,
  need: { ...needDetails, ...over },
  ...l,
});
const offer = (over: Partial<OfferDetails> = {}, l: Partial<MatchableListing> = {}): MatchableListing => ({
  id: 'o',
  side: 'offer',
  organisationId: 'b',
  title: '',
  summary: '',
  keywords: [],
  sectors: ['ai'],
  city: 'hangzhou',
  expiresOn: null,
  offer: { ...offerDetails, ...over },
  ...l,
});
const text = (share: number, unmatched: string[] = []): TextEvidence => ({
  shareNeedToOffer: share,
  shareOfferToNeed: share,
  matchedTerms: [{ term: '机器视觉', needSaid: ['视觉检测'], offerSaid: ['机器视觉'], share: 100 }],
  unmatchedNeedTerms: unmatched,
});
const noEvidence = { need: new Map<string, number>(), offer: new Map<string, number>() };
const score = (n: MatchableListing, o: MatchableListing, t = text(TEXT_FULL_SHARE), ev = noEvidence) =>
  scorePair(n, o, t, ev, { cityRole, sectorLabel });
const points = (s: ReturnType<typeof score>, f: string) => s.factors.find((x) => x.factor === f)!.points;

describe('scorePair', () => {
  it('gives 100 to a pair that fits on every factor, and the breakdown adds up', () => {
    const s = score(need(), offer());
    expect(s.score).toBe(100);
    expect(s.factors.map((f) => f.max)).toEqual([50, 15, 15, 10, 10]);
    expect(s.factors.reduce((x, f) => x + f.points, 0)).toBe(s.score);
    expect(s.missing).toEqual([]);
  });

  it('scales the text factor with the BM25 share up to TEXT_FULL_SHARE', () => {
    expect(points(score(need(), offer(), text(0)), 'text')).toBe(0);
    expect(points(score(need(), offer(), text(TEXT_FULL_SHARE / 2)), 'text')).toBe(25);
    expect(points(score(need(), offer(), text(TEXT_FULL_SHARE * 3)), 'text')).toBe(50);
  });

  it('reads the TRL a timeline needs, one boundary per step', () => {
    expect([6, 7, 12, 13, 24, 25, 36, 37].map(requiredTrl)).toEqual([7, 6, 6, 5, 5, 4, 4, 3]);
    expect(points(score(need({ timelineMonths: 12 }), offer({ trl: 6 })), 'maturity')).toBe(15);
    expect(points(score(need({ timelineMonths: 12 }), offer({ trl: 5 })), 'maturity')).toBe(9);
    expect(points(score(need({ timelineMonths: 12 }), offer({ trl: 4 })), 'maturity')).toBe(3);
    const low = score(need({ timelineMonths: 6 }), offer({ trl: 3 }));
    expect(points(low, 'maturity')).toBe(0);
    expect(low.missing.map((m) => m.zh).join()).toContain('TRL7');
    expect(points(score(need({ timelineMonths: null }), offer()), 'maturity')).toBe(8);
  });

  it('compares the budget band with the asking price', () => {
    expect(points(score(need({ budget: null }), offer()), 'budget')).toBe(5);
    expect(points(score(need(), offer({ price: null })), 'budget')).toBe(5);
    expect(
      points(
        score(
          need({ budget: { min: null, max: 150 * WAN } }),
          offer({ price: { min: 200 * WAN, max: null } }),
        ),
        'budget',
      ),
    ).toBe(5);
    const far = score(
      need({ budget: { min: null, max: 50 * WAN } }),
      offer({ price: { min: 200 * WAN, max: 400 * WAN } }),
    );
    expect(points(far, 'budget')).toBe(0);
    expect(far.missing.map((m) => m.zh).join()).toContain('预算上限 50万元 低于期望金额 200万元–400万元');
    expect(points(score(need({ budget: { min: 500 * WAN, max: 900 * WAN } }), offer()), 'budget')).toBe(8);
  });

  it('reads location through the corridor’s city roles', () => {
    expect(points(score(need(), offer({}, { city: 'hangzhou' })), 'location')).toBe(10);
    expect(points(score(need(), offer({}, { city: 'kunming' })), 'location')).toBe(8);
    expect(points(score(need(), offer({}, { city: 'beijing' })), 'location')).toBe(4);
    expect(points(score(need(), offer({}, { city: 'overseas' })), 'location')).toBe(2);
  });

  it('gives half the sector points when the text speaks the other’s sector, none otherwise', () => {
    expect(
      points(score(need({}, { sectors: ['ai'] }), offer({}, { sectors: ['new_materials'] })), 'sector'),
    ).toBe(0);
    const crossed = score(
      need({}, { sectors: ['ai'] }),
      offer({}, { sectors: ['new_materials'] }),
      text(0.2),
      {
        need: new Map(),
        offer: new Map([['ai', 2]]),
      },
    );
    expect(points(crossed, 'sector')).toBe(8);
  });

  it('names the need’s words the offer lacks and what the offer still needs', () => {
    const s = score(
      need({ budget: null }),
      offer({ needs: ['funding', 'pilot_site'] }),
      text(0.1, ['良率', '寿命']),
    );
    const missing = s.missing.map((m) => m.zh).join('\n');
    expect(missing).toContain('需求提到、成果未涉及：良率、寿命');
    expect(missing).toContain('成果需要资金支持，需求未给出预算');
    expect(missing).toContain('中试场地');
  });

  it('counts the fields only as far as the texts are about the same thing (relevance gate)', () => {
    // Same sector, both in the corridor, budget and TRL fit: every field is full.
    const fits = (s: ReturnType<typeof score>) => s.factors.slice(1).map((f) => f.fit);
    const none = score(need(), offer(), { ...text(0), matchedTerms: [] });
    expect(fits(none)).toEqual([15, 15, 10, 10]);
    expect(none.factors.map((f) => f.points)).toEqual([0, 0, 0, 0, 0]);
    expect(none.score).toBe(0);
    expect(none.gate.weight).toBe(0);
    // The reported case: generic overlap worth 32 text points used to score 32 + 50 = 82 and notify.
    const generic = score(need(), offer(), text(0.64 * TEXT_FULL_SHARE));
    expect(points(generic, 'text')).toBe(32);
    expect(generic.score).toBeLessThan(STRONG_MATCH_THRESHOLD);
    expect(generic.score).toBe(32 + Math.round(15 * 0.8) * 2 + Math.round(10 * 0.8) * 2);
    // From RELEVANCE_FULL on the fields count in full.
    expect(score(need(), offer(), text(RELEVANCE_FULL * TEXT_FULL_SHARE)).score).toBe(40 + 50);
  });

  it('explains the gate: each scaled factor says its own fit and the scaling, the pair says why', () => {
    const s = score(need(), offer({ trl: 5 }), text(0.4 * TEXT_FULL_SHARE));
    const maturity = s.factors.find((f) => f.factor === 'maturity')!;
    expect(maturity).toMatchObject({ fit: 9, weight: 0.5, points: 5, max: 15 });
    expect(maturity.reason.zh).toContain('成果 TRL5');
    expect(maturity.reason.zh).toContain('按文本相关度计 50%：9 → 5');
    expect(maturity.reason.en).toContain('counted at 50% for text relevance: 9 → 5');
    expect(s.factors[0]!.reason.zh).toContain('文本相关度 40%');
    expect(s.gate).toMatchObject({ relevance: 0.4, full: RELEVANCE_FULL, weight: 0.5 });
    expect(s.gate.reason.zh).toContain('按 50% 计分');
    // What is missing names the field's own shortfall once, and the gate once.
    const missing = s.missing.map((m) => m.zh);
    expect(missing.filter((m) => m.includes('TRL5'))).toHaveLength(1);
    expect(missing.some((m) => m.includes('按文本相关度计'))).toBe(false);
    expect(missing).toContain(s.gate.reason.zh);
    // In full, nothing is scaled and nothing about the gate is missing.
    const full = score(need(), offer());
    expect(full.factors.every((f) => f.weight === 1 && f.fit === f.points)).toBe(true);
    expect(full.missing).toEqual([]);
  });

  it('never lets the fields alone reach a threshold, whatever they are (property)', () => {
    const cities = Object.keys(roles);
    const band = fc.option(
      fc
        .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }))
        .map(([a, b]) => ({ min: Math.min(a, b) * WAN, max: Math.max(a, b) * WAN })),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        fc.integer({ min: 1, max: 9 }),
        band,
        band,
        fc.constantFrom(...cities),
        fc.constantFrom(...cities),
        fc.constantFrom('ai', 'new_materials'),
        (a, b, timelineMonths, trl, budget, price, needCity, offerCity, sector) => {
          const t: TextEvidence = {
            shareNeedToOffer: a,
            shareOfferToNeed: b,
            matchedTerms: [],
            unmatchedNeedTerms: [],
          };
          const s = score(
            need({ timelineMonths, budget }, { city: needCity }),
            offer({ trl, price }, { city: offerCity, sectors: [sector] }),
            t,
          );
          const relevance = Math.min(1, (a + b) / 2 / TEXT_FULL_SHARE);
          expect(s.score).toBe(s.factors.reduce((x, f) => x + f.points, 0));
          expect(s.score).toBeLessThanOrEqual(100);
          // Score ≤ 50·r + 50·min(1, r / RELEVANCE_FULL) (+2 for rounding five factors).
          expect(s.score).toBeLessThanOrEqual(
            50 * relevance + 50 * Math.min(1, relevance / RELEVANCE_FULL) + 2,
          );
          if (relevance === 0) expect(s.score).toBe(0);
          if (s.score >= STRONG_MATCH_THRESHOLD) expect(relevance).toBeGreaterThan(0.7);
          if (s.score >= MATCH_THRESHOLD) expect(relevance).toBeGreaterThan(0.55);
        },
      ),
      { numRuns: 500 },
    );
  });
});
