/** A pair's score: each factor at its boundaries, the breakdown adding up, what is missing. */
import { describe, expect, it } from 'vitest';
import type { MatchableListing, NeedDetails, OfferDetails } from './listing.ts';
import { type CityRole, requiredTrl, scorePair, TEXT_FULL_SHARE, type TextEvidence } from './score.ts';

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
});
