import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/load.ts';
import { catalogueWith001InForce } from '../catalogue/testing.ts';
import { createEngine } from './engine/calculate.ts';
import type { CeyuanError, InputError } from './errors.ts';
import {
  activeGrants,
  type BudgetLine,
  checkApproval,
  checkBudget,
  checkRecoveryAmount,
  decidePayment,
  decideReceipt,
  entitlement,
  findOverlap,
  fundFigures,
  fundLines,
  grantHistory,
  historyForDecision,
  type LedgerEntry,
  overlapQuery,
  planStages,
  recoveryBalance,
  reviewOverlaps,
  type StageState,
} from './ledger.ts';
import { sumFen, wanToFen } from './money.ts';

const engine = createEngine(loadCatalogue());

const ORG = 'org-1';
const today = '2026-09-10';

const challenger = { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' };
const challenge = (id: string, bid = wanToFen(5000)) => ({
  id,
  type: 'challenge',
  date: '2026-09-01',
  challengeLists: ['songjiang_demand'],
  figures: { bidAmount: bid },
});
const university = { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'suzhou' };
const iur = (id: string) => ({
  id,
  type: 'iur_project',
  date: '2026-07-15',
  partners: [{ kind: 'university', city: 'songjiang' }],
  figures: { projectInput: wanToFen(800) },
});

let seq = 0;
function entry(over: Partial<LedgerEntry>): LedgerEntry {
  return {
    id: `e${++seq}`,
    kind: 'grant',
    organisationId: ORG,
    applicationId: 'app-old',
    measureId: '000·二',
    fund: '000',
    overlapGroup: 'challenge',
    matterId: 'm-old',
    amount: wanToFen(100),
    date: '2026-08-01',
    year: 2026,
    reverses: null,
    ...over,
  };
}

const budget = (amount: number | null, committed = 0): BudgetLine => ({
  fund: '000',
  year: 2026,
  amount,
  committed,
});

function errorOf(fn: () => unknown): CeyuanError | undefined {
  try {
    fn();
  } catch (e) {
    return e as CeyuanError;
  }
  return undefined;
}

function codeOf(fn: () => unknown): string | undefined {
  return errorOf(fn)?.code;
}

function approve(over: Partial<Parameters<typeof checkApproval>[0]> = {}) {
  return checkApproval({
    engine,
    organisationId: ORG,
    applicationId: 'app-new',
    measureId: '000·二',
    applicant: challenger,
    matter: challenge('m1'),
    matterId: 'm1',
    today,
    entries: [],
    amount: wanToFen(1500),
    budget: budget(wanToFen(10_000)),
    ...over,
  });
}

describe('ledger → history', () => {
  it('reversed grants no longer count; payments never do', () => {
    const g1 = entry({});
    const g2 = entry({ matterId: 'm2' });
    const rev = entry({ kind: 'reversal', reverses: g1.id });
    const pay = entry({ kind: 'payment', matterId: 'm2' });
    expect(activeGrants([g1, g2, rev, pay]).map((e) => e.id)).toEqual([g2.id]);
    expect(grantHistory([g1, g2, rev, pay])).toEqual([
      { measureId: '000·二', amount: g2.amount, date: g2.date, matterId: 'm2' },
    ]);
  });

  it('pulls later-dated grants back to the decision date, except other years under an annual cap', () => {
    const once = engine.catalogue.byId.get('000·九·开办')!;
    const annual = engine.catalogue.byId.get('000·十二')!;
    const h = [
      { measureId: 'x', amount: 1, date: '2026-12-01', matterId: 'a' },
      { measureId: 'x', amount: 1, date: '2027-02-01', matterId: 'b' },
      { measureId: 'x', amount: 1, date: '2026-01-01', matterId: 'c' },
    ];
    expect(historyForDecision(once, h, '2026-08-01').map((g) => g.date)).toEqual([
      '2026-08-01',
      '2026-08-01',
      '2026-01-01',
    ]);
    expect(historyForDecision(annual, h, '2026-08-01').map((g) => g.date)).toEqual([
      '2026-08-01',
      '2027-02-01',
      '2026-01-01',
    ]);
  });
});

describe('approval checks', () => {
  it('accepts the ceiling and stores the engine evaluation', () => {
    const result = approve();
    expect(result.evaluation.amount).toEqual({ min: 0, max: wanToFen(1500) });
    expect(result.evaluation.headline?.zh).toBe('最高可获¥15,000,000.00');
    expect(result.evaluation.clause.citation.zh).toContain('第二条');
    expect(result.input.matters[0]!.id).toBe('m1');
  });

  it('refuses an amount outside the computed range with a clear error', () => {
    const err = errorOf(() => approve({ amount: wanToFen(1600) }))!;
    expect(err.code).toBe('OUT_OF_RANGE');
    expect(err.text.zh).toContain('超出');
    expect(err.text.zh).toContain('¥15,000,000.00');
    expect(err.text.en).toContain('outside the range');
    expect(codeOf(() => approve({ amount: 0 }))).toBe('OUT_OF_RANGE');
  });

  it('the ceiling is decided within: below it with a written reason, never without one', () => {
    const err = errorOf(() => approve({ amount: wanToFen(1400) }))!;
    expect(err.code).toBe('REASON_REQUIRED');
    expect(err.text.zh).toContain('低于');
    expect(err.text.zh).toContain('最高可获¥15,000,000.00');
    expect(codeOf(() => approve({ amount: wanToFen(1400), reason: '   ' }))).toBe('REASON_REQUIRED');
    const result = approve({ amount: wanToFen(100), reason: '根据项目投入进度核定首期' });
    expect(result.evaluation.eligible).toBe(true);
  });

  it('001·十七·会议: a 4m yuan conference may be awarded 1m by results (ceiling 2m), with the reason', () => {
    const conference = {
      id: 'conf-1',
      type: 'conference',
      date: '2026-10-15',
      claims: ['key_industry_event'],
      figures: { totalCost: wanToFen(400) },
    };
    const base = {
      measureId: '001·十七·会议',
      applicant: { kind: 'enterprise', city: 'songjiang' },
      matter: conference,
      matterId: 'conf-1',
      today: '2026-10-20',
      budget: { fund: '001', year: 2026, amount: wanToFen(10_000), committed: 0 },
    };
    // A draft is simulated only in the calculator; in force here for the workflow's sake.
    const inForce = createEngine(catalogueWith001InForce());
    const ok = checkApproval({
      ...base,
      engine: inForce,
      organisationId: ORG,
      applicationId: 'a',
      entries: [],
      amount: wanToFen(100),
      reason: '根据成效核减：参会规模低于预期',
    });
    expect(ok.evaluation.amount).toEqual({ min: 0, max: wanToFen(200) });
    expect(
      codeOf(() =>
        checkApproval({
          ...base,
          engine: inForce,
          organisationId: ORG,
          applicationId: 'a',
          entries: [],
          amount: wanToFen(100),
        }),
      ),
    ).toBe('REASON_REQUIRED');
  });

  it('lets the reviewer set the figure under an upper bound, within 0…cap, never zero', () => {
    const base = { measureId: '000·五', applicant: university, matter: iur('p1'), matterId: 'p1' };
    expect(approve({ ...base, amount: wanToFen(150), reason: '按项目投入核定' }).evaluation.amount).toEqual({
      min: 0,
      max: wanToFen(200),
    });
    expect(codeOf(() => approve({ ...base, amount: wanToFen(201) }))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => approve({ ...base, amount: 0 }))).toBe('OUT_OF_RANGE');
  });

  it('blocks a second grant for the same matter in the same overlap group (从优就高不重复)', () => {
    const earlier = entry({ matterId: 'm1', measureId: '001·二', fund: '001' });
    expect(codeOf(() => approve({ entries: [earlier] }))).toBe('OVERLAP');
    // A different matter stacks; the application's own reversed grant does not block it.
    expect(approve({ entries: [entry({ matterId: 'other' })] }).evaluation.eligible).toBe(true);
    const own = entry({ matterId: 'm1', applicationId: 'app-new' });
    const rev = entry({ kind: 'reversal', reverses: own.id, matterId: 'm1', applicationId: 'app-new' });
    expect(approve({ entries: [own, rev] }).evaluation.eligible).toBe(true);
    expect(
      findOverlap([earlier], {
        organisationId: 'org-2',
        measureId: '000·二',
        overlapGroup: 'challenge',
        matterId: 'm1',
        applicationId: 'x',
      }),
    ).toBeNull();
  });

  it('a link across documents blocks like a group: 000·七 granted for a project blocks 001·九 for it', () => {
    const layout = entry({ measureId: '000·七', overlapGroup: 'cross_region_layout', matterId: 'p1' });
    const q = overlapQuery(engine, {
      organisationId: ORG,
      measureId: '001·九',
      matterId: 'p1',
      applicationId: 'app-new',
    });
    expect(findOverlap([layout], q)).toBe(layout);
    expect(findOverlap([layout], { ...q, matterId: 'p2' })).toBeNull();
    // Within one document (000·六 and 000·七) the text is silent: not blocked, flagged instead.
    expect(findOverlap([layout], overlapQuery(engine, { ...q, measureId: '000·六' }))).toBeNull();
  });

  it('lists for the reviewer the pairs the texts leave to a person, and only those', () => {
    const subject = { measureId: '000·六', matterId: 'p1', applicationId: 'app-new' };
    const other = (measureId: string, matterId: string, status: 'granted' | 'pending' = 'granted') => ({
      measureId,
      matterId,
      applicationId: `app-${measureId}-${matterId}`,
      status,
      amount: status === 'granted' ? wanToFen(100) : null,
    });
    const flags = reviewOverlaps(engine, subject, [
      other('000·七', 'p1'), // same document, same project: the reviewer judges
      other('000·七', 'p2', 'pending'), // linked, another matter: maybe one project
      other('001·九', 'p1'), // across documents, same project: the engine blocks it (OVERLAP), no flag
      other('000·二', 'p1'), // not linked at all
      other('000·六', 'p3'), // the same measure on another project: different projects
      { ...other('000·七', 'p1'), applicationId: 'app-new' }, // the application itself
    ]);
    expect(flags.map((f) => [f.measureId, f.matterId, f.kind, f.status])).toEqual([
      ['000·七', 'p1', 'same_matter', 'granted'],
      ['000·七', 'p2', 'different_matters', 'pending'],
    ]);
    expect(flags[0]!.reason.zh).toContain('须由审核人员判断');
  });

  it('a once-only benefit received under another application is exhausted, whatever the dates', () => {
    const intl = { kind: 'intl_st_org', city: 'songjiang', centreOriginCity: 'hefei' };
    const later = entry({ measureId: '000·九·开办', overlapGroup: 'intl_org_startup', date: '2026-10-01' });
    const err = codeOf(() =>
      approve({
        measureId: '000·九·开办',
        applicant: intl,
        matter: { id: 's2', type: 'intl_org_startup', date: '2026-08-01' },
        matterId: 's2',
        entries: [later],
        amount: wanToFen(100),
      }),
    );
    expect(err).toBe('NOT_ELIGIBLE');
  });

  it('an annual cap counts the year’s earlier grants', () => {
    const centre = { kind: 'innovation_centre', city: 'songjiang', centreOriginCity: 'jiaxing' };
    const matter = {
      id: 'op-q3',
      type: 'centre_operation',
      date: '2027-02-01',
      claims: ['cross_region_effect'],
      figures: { operatingSpend: wanToFen(200) },
    };
    const g = (d: string) =>
      entry({
        measureId: '000·十二',
        overlapGroup: 'centre_operation',
        amount: wanToFen(30),
        date: d,
        matterId: d,
      });
    const ent = entitlement(engine, {
      measureId: '000·十二',
      applicant: centre,
      matter,
      today,
      entries: [g('2027-01-10'), g('2027-01-20'), g('2026-05-01')],
      applicationId: 'app-new',
    });
    expect(ent.evaluation.amount).toEqual({ min: 0, max: wanToFen(40) });
  });

  it('refuses without a budget and beyond it; exactly the rest fits', () => {
    expect(codeOf(() => approve({ budget: budget(null) }))).toBe('BUDGET_MISSING');
    expect(codeOf(() => approve({ budget: budget(wanToFen(2000), wanToFen(501)) }))).toBe('BUDGET_EXCEEDED');
    expect(() => checkBudget(budget(wanToFen(2000), wanToFen(500)), wanToFen(1500))).not.toThrow();
  });

  it('a measure not in force on the matter date is not eligible', () => {
    expect(codeOf(() => approve({ matter: { ...challenge('m1'), date: '2026-05-01' } }))).toBe(
      'NOT_ELIGIBLE',
    );
    expect(codeOf(() => approve({ measureId: '001·二' }))).toBe('NOT_ELIGIBLE');
  });
});

describe('payment stages', () => {
  const approved = fc.integer({ min: 1, max: 5e12 });
  const weights = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 });

  it('stages by weight sum exactly to the approved amount and never exceed it', () => {
    fc.assert(
      fc.property(approved, weights, (amount, w) => {
        let stages: number[];
        try {
          stages = planStages(amount, { weights: w }, true);
        } catch (e) {
          // Only refused when some stage would be zero (amount too small to split).
          expect((e as CeyuanError).code).toBe('STAGES_INVALID');
          return;
        }
        expect(sumFen(stages)).toBe(amount);
        for (const s of stages) expect(s).toBeGreaterThan(0);
      }),
    );
  });

  it('explicit amounts must sum to the approved amount', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e10 }), { minLength: 1, maxLength: 12 }), (amounts) => {
        const total = sumFen(amounts);
        expect(planStages(total, { amounts }, true)).toEqual(amounts);
        expect(codeOf(() => planStages(total + 1, { amounts }, true))).toBe('STAGES_INVALID');
      }),
    );
    expect(codeOf(() => planStages(100, { amounts: [50, 50] }, false))).toBe('STAGES_INVALID');
    expect(planStages(100, { weights: [1] }, false)).toEqual([100]);
    expect(codeOf(() => planStages(100, { amounts: [] }, true))).toBe('STAGES_INVALID');
  });

  it('any sequence of payment attempts pays each stage once, in order, and never more than approved', () => {
    fc.assert(
      fc.property(
        approved,
        weights,
        fc.array(fc.record({ stage: fc.nat(12), key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5') }), {
          maxLength: 40,
        }),
        (amount, w, attempts) => {
          let plan: number[];
          try {
            plan = planStages(amount, { weights: w }, true);
          } catch {
            return;
          }
          const stages: StageState[] = plan.map((a, i) => ({
            id: `s${i + 1}`,
            seq: i + 1,
            amount: a,
            paidWith: null,
          }));
          const paid: number[] = [];
          for (const a of attempts) {
            try {
              const d = decidePayment(stages, `s${a.stage + 1}`, a.key);
              if (d.kind === 'pay') {
                d.stage.paidWith = a.key;
                paid.push(d.stage.amount);
              }
            } catch (e) {
              expect(['CONFLICT', 'NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED']).toContain((e as CeyuanError).code);
            }
            expect(sumFen(paid)).toBeLessThanOrEqual(amount);
          }
          const done = stages.filter((s) => s.paidWith !== null).map((s) => s.seq);
          expect(done).toEqual(done.map((_, i) => i + 1));
        },
      ),
    );
  });

  it('a replayed key returns the first payment; a reused key for another stage is refused', () => {
    const stages: StageState[] = [
      { id: 's1', seq: 1, amount: 10, paidWith: 'k1' },
      { id: 's2', seq: 2, amount: 10, paidWith: null },
    ];
    expect(decidePayment(stages, 's1', 'k1').kind).toBe('replay');
    expect(codeOf(() => decidePayment(stages, 's2', 'k1'))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(codeOf(() => decidePayment(stages, 's1', 'k2'))).toBe('CONFLICT');
    expect(decidePayment(stages, 's2', 'k2').kind).toBe('pay');
  });
});

describe('fund lines', () => {
  it('sums standing commitments and payments per fund, year and measure', () => {
    const g1 = entry({ amount: 100 });
    const g2 = entry({ amount: 50, matterId: 'x' });
    const rev = entry({ kind: 'reversal', reverses: g2.id, amount: 50 });
    const p = entry({ kind: 'payment', amount: 40 });
    const other = entry({ fund: '001', measureId: '001·二', amount: 7 });
    expect(fundLines([g1, g2, rev, p, other])).toEqual([
      { fund: '000', year: 2026, measureId: '000·二', committed: 100, paid: 40, due: 0, returned: 0 },
      { fund: '001', year: 2026, measureId: '001·二', committed: 7, paid: 0, due: 0, returned: 0 },
    ]);
  });

  it('shows what is due back and what was returned, and the net spend', () => {
    const g = entry({ amount: 100 });
    const p = entry({ kind: 'payment', amount: 60 });
    const due = entry({ kind: 'recovery', amount: 25, subject: 'challenge_project:x' });
    const back = entry({ kind: 'recovered', amount: 10, recovers: due.id, subject: 'challenge_project:x' });
    const [line] = fundLines([g, p, due, back]);
    expect(line).toEqual({
      fund: '000',
      year: 2026,
      measureId: '000·二',
      committed: 100,
      paid: 60,
      due: 25,
      returned: 10,
    });
    expect(fundFigures(line!)).toEqual({ outstanding: 40, receivable: 15, net: 50 });
  });
});

describe('recoveries (11·5: a failed final 验收 records what is to be recovered)', () => {
  const S = 'challenge_project:p1';
  const paid = (amount: number) => entry({ kind: 'payment', amount });

  it('due back never exceeds what was paid, counting recoveries already recorded', () => {
    const p = paid(600);
    expect(() => checkRecoveryAmount([p], 600, 'recoveryAmount')).not.toThrow();
    expect(() => checkRecoveryAmount([p], 0, 'recoveryAmount')).not.toThrow();
    const over = errorOf(() => checkRecoveryAmount([p], 601, 'recoveryAmount')) as InputError;
    expect(over.issues[0]).toMatchObject({ path: 'recoveryAmount', rule: 'above_paid' });
    const earlier = entry({ kind: 'recovery', amount: 500, subject: S });
    expect((errorOf(() => checkRecoveryAmount([p, earlier], 101, 'x')) as InputError).issues[0]!.path).toBe(
      'x',
    );
    expect((errorOf(() => checkRecoveryAmount([p], 1.5, 'x')) as InputError).issues[0]!.rule).toBe('fen');
    expect((errorOf(() => checkRecoveryAmount([], 1, 'x')) as InputError).issues[0]!.rule).toBe('above_paid');
  });

  it('a receipt: partial, then the rest; never more than is left; nothing once settled', () => {
    const due = entry({ kind: 'recovery', amount: 100, subject: S });
    expect(decideReceipt([due], S, 'key-0001', 40)).toMatchObject({ kind: 'record', balance: { left: 100 } });
    const r1 = entry({ kind: 'recovered', amount: 40, recovers: due.id, subject: S, key: 'key-0001' });
    const tooMuch = errorOf(() => decideReceipt([due, r1], S, 'key-0002', 61)) as InputError;
    expect(tooMuch.issues[0]).toMatchObject({ path: 'amount', rule: 'above_due' });
    expect(tooMuch.issues[0]!.en).toContain('still due');
    expect(decideReceipt([due, r1], S, 'key-0002', 60).kind).toBe('record');
    const r2 = entry({ kind: 'recovered', amount: 60, recovers: due.id, subject: S, key: 'key-0002' });
    expect(recoveryBalance([due, r1, r2], S)).toMatchObject({ due: 100, returned: 100, left: 0 });
    expect(errorOf(() => decideReceipt([due, r1, r2], S, 'key-0003', 1))?.details).toMatchObject({
      rule: 'settled',
    });
  });

  it('idempotent by key: the same key and amount replays; the key for anything else is refused', () => {
    const due = entry({ kind: 'recovery', amount: 100, subject: S });
    const r1 = entry({ kind: 'recovered', amount: 40, recovers: due.id, subject: S, key: 'key-0001' });
    const replay = decideReceipt([due, r1], S, 'key-0001', 40);
    expect(replay).toMatchObject({ kind: 'replay', entry: { id: r1.id } });
    expect(codeOf(() => decideReceipt([due, r1], S, 'key-0001', 41))).toBe('IDEMPOTENCY_KEY_REUSED');
    const elsewhere = entry({
      kind: 'recovered',
      amount: 5,
      recovers: 'other',
      subject: 'challenge_project:p2',
      key: 'key-0009',
    });
    expect(codeOf(() => decideReceipt([due, elsewhere], S, 'key-0009', 5))).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a receipt when nothing is due, and a zero or fractional amount naming the field', () => {
    expect(errorOf(() => decideReceipt([], S, 'key-0001', 1))?.details).toMatchObject({
      rule: 'nothing_due',
    });
    const due = entry({ kind: 'recovery', amount: 100, subject: S });
    for (const bad of [0, -1, 2.5])
      expect((errorOf(() => decideReceipt([due], S, 'key-0001', bad)) as InputError).issues[0]).toMatchObject(
        {
          path: 'amount',
          rule: 'fen',
        },
      );
  });

  it('property: whatever receipts are tried, returned ≤ due ≤ paid and the net spend is paid − returned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: -5, max: 6e8 }), { maxLength: 12 }),
        (paidAmount, share, tries) => {
          const entries: LedgerEntry[] = [entry({ amount: paidAmount }), paid(paidAmount)];
          const dueAmount = Math.floor((paidAmount * share) / 100);
          checkRecoveryAmount(entries, dueAmount, 'recoveryAmount');
          if (dueAmount > 0) entries.push(entry({ kind: 'recovery', amount: dueAmount, subject: S }));
          tries.forEach((amount, i) => {
            try {
              const d = decideReceipt(entries, S, `key-${i}-abcdef`, amount);
              if (d.kind === 'record')
                entries.push(
                  entry({
                    kind: 'recovered',
                    amount,
                    recovers: d.balance.recovery.id,
                    subject: S,
                    key: `key-${i}-abcdef`,
                  }),
                );
            } catch {
              // refused: nothing written
            }
          });
          const [line] = fundLines(entries);
          expect(line!.returned).toBeLessThanOrEqual(line!.due);
          expect(line!.due).toBeLessThanOrEqual(line!.paid);
          expect(fundFigures(line!).net).toBe(line!.paid - line!.returned);
          expect(fundFigures(line!).receivable).toBe(line!.due - line!.returned);
        },
      ),
    );
  });
});
