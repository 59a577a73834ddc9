/** Lint, funnel maths, ranking metrics, group links and the state machines of listings and engagements. */
import { describe, expect, it } from 'vitest';
import { groupKeys, sameGroupIn } from '../groups.ts';
import { dcgAt, evaluateRankings, ndcgAt, precisionAt, recallAt } from './evaluate.ts';
import { conversionBp, funnel, periodOf, periodsBetween } from './funnel.ts';
import { containsContact, lintListing, patentCheckDigit } from './lint.ts';
import type { NeedInput, OfferInput } from './listing.ts';
import {
  engagementStage,
  interestActions,
  listingActions,
  nextInterestState,
  nextListingState,
} from './states.ts';

const contact = { name: '张', phone: '021-57001234', email: null };
const baseNeed: NeedInput = {
  side: 'need',
  title: '极片缺陷视觉检测',
  summary:
    '极片涂布后存在漏箔、划痕、气泡等缺陷，人工抽检漏检率高，希望引入深度学习视觉检测系统在线检测并分类，缺陷样本较少，需适配现有产线节拍与MES系统对接，形成质量追溯数据。',
  keywords: [],
  sectors: ['ai'],
  city: 'songjiang',
  contact,
  anonymous: false,
  validDays: 180,
  scenario: '涂布工序',
  indicators: [{ name: '检出率', target: '≥99%' }],
  budget: { min: 1, max: 2 },
  timelineMonths: 9,
  ipExpectation: 'licence',
};
const baseOffer: OfferInput = {
  side: 'offer',
  title: '小样本表面缺陷检测',
  summary: baseNeed.summary,
  keywords: [],
  sectors: ['ai'],
  city: 'songjiang',
  contact,
  anonymous: false,
  validDays: 180,
  trl: 7,
  ipStatus: 'granted_patent',
  patents: [{ number: 'ZL201710601862.3', title: null, kind: 'invention' }],
  applications: '锂电',
  needs: ['market'],
  team: '5 人',
  transferModes: ['licence'],
  price: null,
};
const rules = (l: NeedInput | OfferInput) => lintListing(l).map((f) => `${f.path}:${f.rule}`);

describe('listing lint', () => {
  it('is silent on a specific listing, and names each missing specific on a vague one', () => {
    expect(rules(baseNeed)).toEqual([]);
    expect(rules(baseOffer)).toEqual([]);
    expect(
      rules({
        ...baseNeed,
        summary: '需要国际领先的检测技术',
        indicators: [{ name: '精度', target: '越高越好' }],
        budget: null,
        timelineMonths: null,
        scenario: null,
        ipExpectation: null,
      }),
    ).toEqual([
      'summary:summary_short',
      'summary:vague_claim',
      'indicators.0.target:indicator_not_quantified',
      'budget:no_budget',
      'timelineMonths:no_timeline',
      'scenario:no_scenario',
      'ipExpectation:no_ip_expectation',
    ]);
    expect(rules({ ...baseNeed, indicators: [] })).toEqual(['indicators:no_indicator']);
    expect(rules({ ...baseOffer, patents: [], team: null, applications: null, needs: [] })).toEqual([
      'patents:patents_missing',
      'team:no_team',
      'applications:no_applications',
      'needs:no_needs',
    ]);
  });

  it('finds contact details in public text, and checks patent check digits (2 3 4 5 6 7 8 9 … mod 11)', () => {
    for (const s of ['电话13800138000', '座机 021-57001234', 'mail: a.b@c.cn', '微信：sjkj2026'])
      expect(containsContact(s)).toBe(true);
    for (const s of ['耐温300℃', '2026年6月', '成本降低60%', '型号 ZL201710601862'])
      expect(containsContact(s)).toBe(false);
    expect(patentCheckDigit('201710601862')).toBe('3');
    expect(patentCheckDigit('95115608')).toBe('X');
    expect(
      rules({ ...baseOffer, patents: [{ number: 'ZL201710601862.4', title: null, kind: 'invention' }] }),
    ).toEqual(['patents.0.number:patent_check_digit']);
    expect(rules({ ...baseNeed, title: '联系 13800138000' })[0]).toBe('title:contact_in_text');
  });
});

describe('funnel maths', () => {
  it('buckets by month, quarter and year, listing empty periods', () => {
    expect(periodOf('2026-11-30', 'quarter')).toBe('2026-Q4');
    expect(periodsBetween('2026-11-15', '2027-02-01', 'month')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(periodsBetween('2026-02-01', '2026-12-31', 'quarter')).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(periodsBetween('2025-06-01', '2026-01-01', 'year')).toEqual(['2025', '2026']);
  });

  it('counts stages, sums contract fen exactly, converts in basis points rounded down', () => {
    const f = funnel(
      [
        { stage: 'listings', date: '2026-07-02', city: 'songjiang' },
        { stage: 'listings', date: '2026-07-03', city: 'hangzhou' },
        { stage: 'listings', date: '2026-07-09', city: 'songjiang' },
        { stage: 'matches', date: '2026-07-03', city: 'songjiang' },
        { stage: 'contacts', date: '2026-08-01', city: 'songjiang' },
        { stage: 'contracts', date: '2026-08-20', city: 'songjiang', amount: 123_456_789 },
        { stage: 'contracts', date: '2026-08-21', city: 'hangzhou', amount: 1 },
        { stage: 'funded', date: '2026-06-30', city: 'songjiang' },
      ],
      { from: '2026-07-01', to: '2026-08-31', by: 'month' },
    );
    expect(
      f.rows.map((r) => [r.period, r.listings, r.matches, r.contacts, r.contracts, r.contractAmount]),
    ).toEqual([
      ['2026-07', 3, 1, 0, 0, 0],
      ['2026-08', 0, 0, 1, 2, 123_456_790],
    ]);
    expect(f.rows[0]!.conversion).toEqual({ matches: 3333, contacts: 0, contracts: null, funded: null });
    expect(f.total).toMatchObject({ listings: 3, contracts: 2, funded: 0, contractAmount: 123_456_790 });
    const byCity = funnel([{ stage: 'listings', date: '2026-07-02', city: 'songjiang' }], {
      from: '2026-07-01',
      to: '2026-09-30',
      by: 'quarter',
      byCity: true,
    });
    expect(byCity.rows).toHaveLength(1);
    expect(byCity.rows[0]).toMatchObject({ period: '2026-Q3', city: 'songjiang' });
    expect(conversionBp(2, 3)).toBe(6666);
  });
});

describe('ranking metrics', () => {
  const rel = new Map([
    ['a', 2],
    ['b', 1],
  ]);
  it('match hand values', () => {
    expect(precisionAt(['x', 'a', 'y', 'b', 'z'], rel, 5)).toBe(0.4);
    expect(recallAt(['x', 'a'], rel, 10)).toBe(0.5);
    // DCG = (2²−1)/log2(2) + (2¹−1)/log2(3) = 3 + 0.63093 = 3.63093 (ideal order a, b).
    expect(dcgAt([2, 1], 10)).toBeCloseTo(3.63093, 5);
    expect(ndcgAt(['a', 'b'], rel, 10)).toBe(1);
    // b then a: (1 + 3/log2 3) / 3.63093 = (1 + 1.89279) / 3.63093 = 0.79670
    expect(ndcgAt(['b', 'a'], rel, 10)).toBeCloseTo(0.7967, 4);
    const m = evaluateRankings(
      new Map([
        ['q', ['a']],
        ['q2', []],
      ]),
      new Map([
        ['q', rel],
        ['q2', new Map([['c', 0]])],
      ]),
    );
    expect(m.queries).toBe(1);
  });
});

describe('groups of organisations', () => {
  it('joins parents, shareholders and their chains, in either direction', () => {
    const links = [
      { uscc: 'B', relatedUscc: 'A', relation: 'parent' as const },
      { uscc: 'C', relatedUscc: 'B', relation: 'shareholder' as const },
      { uscc: 'E', relatedUscc: 'D', relation: 'parent' as const },
    ];
    expect(sameGroupIn(links, 'A', 'C')).toBe(true);
    expect(sameGroupIn(links, 'C', 'A')).toBe(true);
    expect(sameGroupIn(links, 'A', 'E')).toBe(false);
    expect(sameGroupIn(links, 'X', 'X')).toBe(true);
    const keys = groupKeys(links, ['Z']);
    expect(keys.get('C')).toBe('A');
    expect(keys.get('Z')).toBe('Z');
  });
});

describe('state machines', () => {
  it('moves a listing through review, expiry and renewal, with the right actor', () => {
    expect(nextListingState('draft', 'submit', 'owner')).toMatchObject({ ok: true, to: 'pending_review' });
    expect(nextListingState('pending_review', 'publish', 'owner')).toMatchObject({
      ok: false,
      rule: 'wrong_actor',
    });
    expect(nextListingState('pending_review', 'return', 'reviewer')).toMatchObject({
      ok: false,
      rule: 'reason_required',
    });
    expect(nextListingState('published', 'edit', 'owner')).toMatchObject({ ok: true, to: 'pending_review' });
    expect(nextListingState('returned', 'edit', 'owner')).toMatchObject({ ok: true, to: 'returned' });
    expect(nextListingState('published', 'expire', 'system')).toMatchObject({ ok: true, to: 'expired' });
    expect(nextListingState('expired', 'renew', 'owner')).toMatchObject({ ok: true, to: 'published' });
    expect(nextListingState('rejected', 'submit', 'owner')).toMatchObject({
      ok: false,
      rule: 'not_allowed_in_state',
    });
    expect(listingActions('pending_review', 'reviewer')).toEqual(['publish', 'return', 'reject']);
  });

  it('lets only the receiver answer, and requires a contract before a project', () => {
    expect(nextInterestState('pending', 'accept', ['sender'], { contract: false })).toMatchObject({
      ok: false,
      rule: 'wrong_actor',
    });
    expect(nextInterestState('pending', 'accept', ['receiver'], { contract: false })).toMatchObject({
      ok: true,
      to: 'accepted',
    });
    expect(nextInterestState('accepted', 'form_project', ['broker'], { contract: false })).toMatchObject({
      ok: false,
      rule: 'milestone_missing',
    });
    expect(nextInterestState('declined', 'record_meeting', ['sender'], { contract: false })).toMatchObject({
      ok: false,
    });
    expect(interestActions('accepted', ['sender'], { contract: true, project: false })).toEqual([
      'record_meeting',
      'form_project',
    ]);
    expect(
      engagementStage({ state: 'accepted', meetings: 2, contract: true, project: false, funded: false }),
    ).toBe('contract');
  });
});
