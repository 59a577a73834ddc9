/**
 * The 揭榜挂帅 core as the texts read: the grant ceiling through the catalogue engine (000·二 / 001·二,
 * "不超过揭榜额 30%、最高 2000 万元" is a ceiling), tranches per milestone (根据项目投入，分阶段给予), scoring
 * and ranking reproducible from the sheets, conflicts of interest. Property tests for the invariants:
 * never pay more than approved nor above 30% of verified input; tranches sum to the approved amount.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadChallengePolicy } from '../src/catalogue/load-challenges.ts';
import { conflictsOf, separationRefusal } from '../src/core/challenges/conflicts.ts';
import { bidEntitlement } from '../src/core/challenges/grant.ts';
import { checkSheet, rankBids, type ScoreSheet } from '../src/core/challenges/scoring.ts';
import {
  planTranches,
  releaseVerdict,
  stopAfterFailure,
  type TrancheState,
} from '../src/core/challenges/tranches.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { sumFen, wanToFen } from '../src/core/money.ts';
import { testCatalogue } from './support/fixtures.ts';

const catalogue = testCatalogue();
const engine = createEngine(catalogue);
const policy = loadChallengePolicy(catalogue);
const songjiang = policy.byMeasure.get('000·二')!;
const corridor = policy.byMeasure.get('001·二')!;
const wan = wanToFen;

const jiaxingCentre = { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' } as const;

describe('grant ceiling through the catalogue (000·二: 不超过揭榜额 30%、最高 2000 万元)', () => {
  it.each([
    // 揭榜额 (万元), ceiling (万元)
    [1000, 300],
    [5000, 1500],
    [6666, 1999.8],
    [6667, 2000],
    [10000, 2000],
  ])('揭榜额 %s 万元 → 最高 %s 万元, from 0 (the officer decides within)', (bid, ceiling) => {
    const e = bidEntitlement(engine, songjiang, {
      applicant: { ...jiaxingCentre, sectors: [], qualifications: [], licences: [] },
      bidAmount: wan(bid),
      date: '2026-09-01',
    });
    expect(e.eligible).toBe(true);
    expect(e.amount).toEqual({ min: 0, max: wan(ceiling) });
  });

  it('refuses a bidder outside the nine cities under 000·二, saying why', () => {
    const e = bidEntitlement(engine, songjiang, {
      applicant: { kind: 'enterprise', city: 'beijing', sectors: [], qualifications: [], licences: [] },
      bidAmount: wan(1000),
      date: '2026-09-01',
    });
    expect(e.eligible).toBe(false);
    expect(e.reasons.map((r) => r.zh).join()).toContain('✗');
  });

  it('001·二 is a draft: nothing until adopted, the same ceiling when simulated as adopted', () => {
    const applicant = {
      kind: 'enterprise',
      city: 'beijing',
      sectors: [],
      qualifications: [],
      licences: [],
    };
    const now = bidEntitlement(engine, corridor, { applicant, bidAmount: wan(1000), date: '2026-09-01' });
    expect(now.eligible).toBe(false);
    expect(now.outcome).toBe('not_in_force');
    const adopted = bidEntitlement(engine, corridor, {
      applicant,
      bidAmount: wan(1000),
      date: '2026-09-01',
      adopt: { '001': '2026-07-01' },
    });
    expect(adopted.eligible).toBe(true);
    expect(adopted.amount?.max).toBe(wan(300));
  });

  it('less what the same project already received', () => {
    const e = bidEntitlement(engine, songjiang, {
      applicant: { ...jiaxingCentre, sectors: [], qualifications: [], licences: [] },
      bidAmount: wan(5000),
      date: '2026-09-01',
      history: [{ measureId: '000·二', amount: wan(500), date: '2026-03-01', matterId: 'challenge-bid' }],
    });
    expect(e.amount?.max).toBe(wan(1000));
  });
});

describe('tranches (根据项目投入，分阶段给予)', () => {
  const rate = songjiang.rate;

  it('split the approved amount by planned input; the last takes the remainder', () => {
    expect(planTranches(wan(1000), [wan(1000), wan(2000), wan(1000)])).toEqual([
      wan(250),
      wan(500),
      wan(250),
    ]);
    expect(planTranches(100, [1, 1, 1])).toEqual([33, 33, 34]);
  });

  const t = (
    amount: number,
    accepted: boolean,
    verifiedInput: number | null,
    paid = false,
  ): TrancheState => ({
    amount,
    accepted,
    verifiedInput,
    paid,
  });

  it.each([
    ['accepted, input verified covers it', [t(wan(300), true, wan(1000))], 0, 'ok'],
    ['not yet accepted', [t(wan(300), false, null)], 0, 'not_accepted'],
    ['verified input short of 30%', [t(wan(300), true, wan(999))], 0, 'input_short'],
    [
      'earlier tranche unpaid',
      [t(wan(300), true, wan(1000)), t(wan(300), true, wan(1000))],
      1,
      'earlier_unpaid',
    ],
    ['already paid', [t(wan(300), true, wan(1000), true)], 0, 'already_paid'],
    [
      'shortfall at stage 1 made up by stage 2’s verified input (cumulative)',
      [t(wan(300), true, wan(500), true), t(wan(300), true, wan(1500))],
      1,
      'ok',
    ],
  ] as const)('%s', (_name, tranches, index, expected) => {
    const v = releaseVerdict(wan(600), rate, tranches, index);
    expect(v.ok ? 'ok' : v.rule).toBe(expected);
  });

  it('a failed final acceptance stops what is unpaid and reports what was released', () => {
    expect(stopAfterFailure([t(10, true, 100, true), t(20, false, null), t(30, false, null)])).toEqual({
      stopped: [1, 2],
      released: 10,
    });
  });

  it('property: tranches sum to the approved amount, none negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: wan(2000) }),
        fc.array(fc.integer({ min: 1, max: wan(100_000) }), { minLength: 1, maxLength: 8 }),
        (approved, planned) => {
          const tr = planTranches(approved, planned);
          expect(sumFen(tr)).toBe(approved);
          expect(tr.every((x) => x >= 0)).toBe(true);
        },
      ),
    );
  });

  it('property: releasing in any order never pays above the approved amount nor 30% of verified input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: wan(2000) }),
        fc.array(
          fc.record({
            planned: fc.integer({ min: 1, max: wan(5000) }),
            verified: fc.integer({ min: 0, max: wan(5000) }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.nat(5), { maxLength: 20 }),
        (approved, ms, attempts) => {
          const amounts = planTranches(
            approved,
            ms.map((m) => m.planned),
          );
          const state: TrancheState[] = amounts.map((amount, i) => ({
            amount,
            accepted: true,
            verifiedInput: ms[i]!.verified,
            paid: false,
          }));
          for (const a of [...attempts, 0, 1, 2, 3, 4, 5]) {
            if (a >= state.length) continue;
            const v = releaseVerdict(approved, rate, state, a);
            if (v.ok) state[a]!.paid = true;
          }
          const paid = sumFen(state.filter((s) => s.paid).map((s) => s.amount));
          expect(paid).toBeLessThanOrEqual(approved);
          // Each paid prefix is within 30% of the input verified up to it.
          let released = 0;
          let verified = 0;
          for (const s of state) {
            verified += s.verifiedInput ?? 0;
            if (!s.paid) break;
            released += s.amount;
            expect(released * 10_000).toBeLessThanOrEqual(verified * rate);
          }
        },
      ),
    );
  });
});

describe('阅卷: score sheets and a reproducible ranking', () => {
  const criteria = policy.judging.criteria;
  const sheet = (judgeId: string, bidId: string, [a, b, c, d, e]: number[]): ScoreSheet => ({
    judgeId,
    bidId,
    scores: { technical_route: a!, team: b!, input: c!, milestones: d!, price: e! },
  });

  it('names each bad score by its criterion', () => {
    const issues = checkSheet(criteria, 100, {
      technical_route: 101,
      team: 1.5,
      input: 1,
      milestones: 1,
      colour: 3,
    });
    expect(issues.map((i) => `${i.path}:${i.rule}`)).toEqual([
      'scores.technical_route:out_of_range',
      'scores.team:out_of_range',
      'scores.price:missing',
      'scores.colour:unknown_criterion',
    ]);
  });

  const bids = [
    { id: 'A', amount: wan(3000), finalAt: '2026-09-10T01:00:00Z' },
    { id: 'B', amount: wan(2800), finalAt: '2026-09-11T01:00:00Z' },
    { id: 'C', amount: wan(2800), finalAt: '2026-09-09T01:00:00Z' },
    { id: 'D', amount: wan(1000), finalAt: '2026-09-09T01:00:00Z' },
  ];
  const judges = new Set(['j1', 'j2', 'j3', 'blocked']);

  it('ranks by the weighted mean, breaks ties in the list’s order, leaves a bid without quorum unranked', () => {
    const sheets = [
      ...['j1', 'j2', 'j3'].map((j) => sheet(j, 'A', [90, 80, 80, 80, 70])), // 80
      ...['j1', 'j2', 'j3'].map((j) => sheet(j, 'B', [80, 80, 80, 80, 80])), // 80, weaker route
      ...['j1', 'j2', 'j3'].map((j) => sheet(j, 'C', [80, 80, 80, 80, 80])), // = B, cheaper? same; earlier
      sheet('j1', 'D', [100, 100, 100, 100, 100]),
      sheet('outsider', 'A', [0, 0, 0, 0, 0]),
    ];
    const r = rankBids({
      criteria,
      quorum: 3,
      tieBreaks: ['criteria_by_weight', 'lower_bid_amount', 'earlier_final_version'],
      bids,
      sheets,
      judges,
    });
    expect(r.ranked.map((x) => [x.bidId, x.rank, x.totalText, x.decidedBy])).toEqual([
      ['A', 1, '80.00', null],
      ['C', 2, '80.00', 'criteria_by_weight'],
      ['B', 3, '80.00', 'earlier_final_version'],
    ]);
    expect(r.unranked.map((x) => [x.bidId, x.judges])).toEqual([['D', 1]]);
  });

  it('reports bids still tied after every tie-break as tied, with one rank', () => {
    const sheets = ['j1', 'j2', 'j3'].flatMap((j) => [
      sheet(j, 'B', [1, 2, 3, 4, 5]),
      sheet(j, 'C', [1, 2, 3, 4, 5]),
    ]);
    const r = rankBids({ criteria, quorum: 3, tieBreaks: ['lower_bid_amount'], bids, sheets, judges });
    expect(r.ranked.map((x) => [x.bidId, x.rank, x.tied])).toEqual([
      ['B', 1, true],
      ['C', 1, true],
    ]);
  });

  it('property: the ranking does not depend on the order sheets and bids are stored in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }), {
          minLength: 12,
          maxLength: 12,
        }),
        fc.integer(),
        (scores, seed) => {
          const sheets = scores.map((s, i) => sheet(`j${(i % 3) + 1}`, bids[Math.floor(i / 3)]!.id, s));
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x, i) => ({ x, k: (i * 7919 + seed) % 104729 }))
              .sort((a, b) => a.k - b.k)
              .map((y) => y.x);
          const args = { criteria, quorum: 3, tieBreaks: policy.judging.tieBreaks, judges };
          const one = rankBids({ ...args, bids, sheets }).ranked.map((x) => [x.bidId, x.rank]);
          const two = rankBids({
            ...args,
            bids: shuffle([...bids]),
            sheets: shuffle([...sheets]),
          }).ranked.map((x) => [x.bidId, x.rank]);
          expect(two).toEqual(one);
        },
      ),
    );
  });
});

describe('回避: conflicts of interest and separated approvals', () => {
  const parties = [
    { organisationId: 'poser', groupKey: 'G-poser', role: 'poser' as const, name: '出题企业' },
    { organisationId: 'bidder', groupKey: 'G-bidder', role: 'bidder' as const },
    { organisationId: 'partner', groupKey: 'G-partner', role: 'partner' as const },
  ];
  it.each([
    [
      'works for the bidder',
      { organisationId: 'bidder', groupKey: 'G-bidder', declared: [] },
      ['same_organisation'],
    ],
    [
      'employer in the poser’s group',
      { organisationId: 'sub', groupKey: 'G-poser', declared: [] },
      ['same_group'],
    ],
    [
      'declared a relation with a partner',
      {
        organisationId: 'uni',
        groupKey: 'G-uni',
        declared: [{ organisationId: 'partner', note: '曾任顾问' }],
      },
      ['declared'],
    ],
    ['independent', { organisationId: 'uni', groupKey: 'G-uni', declared: [] }, []],
    ['no employer on record', { organisationId: null, groupKey: null, declared: [] }, []],
  ])('a judge who %s', (_n, judge, reasons) => {
    expect(conflictsOf({ userId: 'u', ...judge }, parties).map((c) => c.reason)).toEqual(reasons);
  });

  it('a scorer of the poser is held to the same rules against the bidders, and named as such', () => {
    // The service leaves the poser out of a poser scorer's parties (they score for it by design).
    const bidders = parties.filter((p) => p.role !== 'poser');
    const scorer = { userId: 'u', organisationId: 'poser', declared: [], kind: 'poser' as const };
    expect(conflictsOf({ ...scorer, groupKey: 'G-poser' }, bidders)).toEqual([]);
    const sameGroup = conflictsOf({ ...scorer, groupKey: 'G-bidder' }, bidders);
    expect(sameGroup.map((c) => [c.reason, c.organisationId])).toEqual([['same_group', 'bidder']]);
    expect(sameGroup[0]!.text.zh).toMatch(/^出题方阅卷人所在单位与揭榜方属于同一集团/);
    const partner = conflictsOf({ ...scorer, organisationId: 'partner', groupKey: 'G-partner' }, bidders);
    expect(partner.map((c) => c.reason)).toEqual(['same_organisation']);
  });

  it('who scored may not confirm the award', () => {
    expect(separationRefusal('u1', ['u1', 'u2'])).not.toBeNull();
    expect(separationRefusal('u3', ['u1', 'u2'])).toBeNull();
  });
});
