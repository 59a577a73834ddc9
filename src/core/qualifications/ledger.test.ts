/**
 * Ledger semantics as case tables: what a firm holds on a day, at the edges of its holdings, through
 * overlapping certificates, renewals on the expiry day, revocations, downgrades and tier changes.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../catalogue/load.ts';
import { loadQualificationPolicy } from '../../catalogue/load-qualifications.ts';
import { expiringWithin, reminderWindow } from './expiry.ts';
import { firstReached, heldOn, type LedgerRecord, positionOn, spans, stateOn, validTo } from './ledger.ts';
import {
  effectiveDay,
  type LedgerOp,
  LedgerOpError,
  lapsesOn,
  planBatch,
  planOperation,
} from './operations.ts';

const policy = loadQualificationPolicy(loadCatalogue());
const ORG = 'org-1';

/** Runs operations in date order from an empty ledger; returns the records and the events. */
function ledger(ops: LedgerOp[]) {
  let n = 0;
  const sorted = [...ops].sort((a, b) => {
    const [da, pa] = effectiveDay(a);
    const [db, pb] = effectiveDay(b);
    return da < db ? -1 : da > db ? 1 : pa - pb;
  });
  const plans = planBatch(policy, [], ORG, sorted, () => `r${++n}`);
  return { records: plans.at(-1)?.records ?? [], events: plans.flatMap((p) => p.events), plans };
}

const cert = (
  kind: string,
  grantedOn: string,
  expiresOn?: string | null,
  extra: Partial<LedgerOp> = {},
): LedgerOp => ({ op: 'certify', kind, grantedOn, expiresOn: expiresOn ?? null, ...extra }) as LedgerOp;

const holds = (records: LedgerRecord[], kind: string, date: string) => heldOn(records, date, kind).length > 0;

describe('as of a date: the edges of a holding', () => {
  const { records } = ledger([cert('high_tech', '2024-12-01', '2027-11-30')]);
  it.each([
    ['the day before it was granted', '2024-11-30', false],
    ['the day it was granted', '2024-12-01', true],
    ['in the middle', '2026-05-15', true],
    ['its last day (the printed expiry)', '2027-11-30', true],
    ['the day after its last day', '2027-12-01', false],
  ])('%s (%s): held %s', (_what, date, expected) => {
    expect(holds(records, 'high_tech', date)).toBe(expected);
  });

  it('an open-ended holding (no expiry recorded) is held on any later day', () => {
    const r = ledger([cert('chain_leader', '2025-03-01')]).records;
    expect(holds(r, 'chain_leader', '2025-02-28')).toBe(false);
    expect(holds(r, 'chain_leader', '2099-12-31')).toBe(true);
  });

  it('a high-tech certificate without an expiry runs three years from its grant (第九条)', () => {
    const { records: r, events } = ledger([{ op: 'certify', kind: 'high_tech', grantedOn: '2024-12-01' }]);
    expect(r[0]!.expiresOn).toBe('2027-11-30');
    expect(events[0]!.detail.expiryFromRule).toBe(true);
  });
});

describe('overlapping validity and renewals', () => {
  it.each([
    // old certificate 2021-12-01 … 2024-11-30; the new one starts on …
    ['before the old one runs out (overlap)', '2024-10-15', 'renewed', 1],
    ['on the old expiry day', '2024-11-30', 'renewed', 1],
    ['the day after the old expiry', '2024-12-01', 'renewed', 1],
    ['two days after (a one-day gap)', '2024-12-02', 'granted', 2],
  ])('a new certificate %s: %s, %i continuous period(s)', (_what, start, event, periods) => {
    const { records, events } = ledger([
      cert('high_tech', '2021-12-01', '2024-11-30'),
      cert('high_tech', start, null),
    ]);
    expect(events.map((e) => e.event)).toEqual(['granted', event]);
    expect(events.map((e) => e.firstTime)).toEqual([true, false]);
    expect(spans(records, 'high_tech')).toHaveLength(periods);
    expect(holds(records, 'high_tech', '2024-11-30')).toBe(true);
    expect(holds(records, 'high_tech', '2024-12-01')).toBe(start <= '2024-12-01');
  });

  it('two overlapping holdings count once on the days they share', () => {
    const { records } = ledger([
      cert('high_tech', '2021-12-01', '2024-11-30'),
      cert('high_tech', '2024-10-15', '2027-10-14'),
    ]);
    expect(heldOn(records, '2024-11-01', 'high_tech')).toHaveLength(2);
    expect(spans(records, 'high_tech')).toEqual([{ from: '2021-12-01', to: '2027-10-14' }]);
  });

  it('the same certificate again changes nothing; with another expiry it is corrected', () => {
    const first = ledger([cert('high_tech', '2024-12-01', '2027-11-30')]);
    const again = planOperation(
      policy,
      first.records,
      ORG,
      cert('high_tech', '2024-12-01', '2027-11-30'),
      () => 'x',
    );
    expect(again.outcome).toBe('unchanged');
    const fixed = planOperation(
      policy,
      first.records,
      ORG,
      cert('high_tech', '2024-12-01', '2027-11-29'),
      () => 'x',
    );
    expect(fixed.outcome).toBe('corrected');
    expect(fixed.events[0]).toMatchObject({ event: 'corrected', detail: { fields: ['expiresOn'] } });
    expect(validTo(fixed.records[0]!)).toBe('2027-11-29');
  });
});

describe('revocation', () => {
  const base = [cert('high_tech', '2024-12-01', '2027-11-30')];
  it.each([
    ['the day before it took effect', '2025-05-31', true, 'valid'],
    ['the day it took effect', '2025-06-01', false, 'revoked'],
    ['after the printed expiry', '2028-01-01', false, 'revoked'],
  ])('revoked from 2025-06-01, %s (%s): held %s, %s', (_what, date, held, state) => {
    const { records } = ledger([
      ...base,
      { op: 'revoke', kind: 'high_tech', on: '2025-06-01', reason: '第十九条' },
    ]);
    expect(holds(records, 'high_tech', date)).toBe(held);
    expect(stateOn(records[0]!, date)).toBe(state);
  });

  it('revoked from its first day it was never held: gone from the holdings, kept as an event', () => {
    const { records, events } = ledger([
      ...base,
      { op: 'revoke', kind: 'high_tech', on: '2024-12-01', reason: '弄虚作假' },
    ]);
    expect(records).toEqual([]);
    expect(events.map((e) => e.event)).toEqual(['granted', 'revoked']);
    expect(events[1]!.detail.removed).toBe(true);
    expect(firstReached(records, 'high_tech')).toBeNull();
  });

  it('nothing to revoke: refused, naming the date', () => {
    const { records } = ledger(base);
    try {
      planOperation(
        policy,
        records,
        ORG,
        { op: 'revoke', kind: 'high_tech', on: '2028-01-01', reason: 'x' },
        () => 'x',
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LedgerOpError);
      expect((e as LedgerOpError).issues[0]).toMatchObject({ path: 'on', rule: 'no_holding' });
    }
  });

  it('a renewal after a revocation is a new grant, not a renewal', () => {
    const revoked = ledger([...base, { op: 'revoke', kind: 'high_tech', on: '2025-06-01', reason: 'x' }]);
    const again = planOperation(
      policy,
      revoked.records,
      ORG,
      cert('high_tech', '2025-06-01', '2028-05-31'),
      () => 'r9',
    );
    expect(again.events.map((e) => [e.event, e.firstTime])).toEqual([['granted', false]]);
    expect(spans(again.records, 'high_tech')).toEqual([{ from: '2024-12-01', to: '2028-05-31' }]);
  });
});

describe('tiers: downgrades, upgrades and first times', () => {
  it('a downgrade ends the tier the day before and starts the lower one that day', () => {
    const { records, events } = ledger([
      cert('gazelle', '2026-01-01', '2027-12-31'),
      {
        op: 'downgrade',
        kind: 'gazelle',
        on: '2026-07-01',
        reason: '增长未达标',
        to: { kind: 'potential_gazelle' },
      },
    ]);
    expect(holds(records, 'gazelle', '2026-06-30')).toBe(true);
    expect(holds(records, 'gazelle', '2026-07-01')).toBe(false);
    expect(holds(records, 'potential_gazelle', '2026-07-01')).toBe(true);
    expect(holds(records, 'potential_gazelle', '2027-12-31')).toBe(true);
    expect(events.at(-1)).toMatchObject({
      event: 'downgraded',
      kind: 'potential_gazelle',
      detail: { from: { kind: 'gazelle' } },
    });
  });

  it('a downgrade to a higher step is refused', () => {
    const { records } = ledger([cert('potential_gazelle', '2026-01-01', '2027-12-31')]);
    expect(() =>
      planOperation(
        policy,
        records,
        ORG,
        {
          op: 'downgrade',
          kind: 'potential_gazelle',
          on: '2026-07-01',
          reason: 'x',
          to: { kind: 'gazelle' },
        },
        () => 'x',
      ),
    ).toThrow(LedgerOpError);
  });

  it('reaching a higher step of an exclusive ladder ends the lower one: upgraded, and a first time', () => {
    const { records, events } = ledger([
      cert('potential_gazelle', '2025-04-01', '2027-03-31'),
      cert('gazelle', '2026-03-01', '2028-02-29'),
    ]);
    expect(holds(records, 'potential_gazelle', '2026-02-28')).toBe(true);
    expect(holds(records, 'potential_gazelle', '2026-03-01')).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: 'upgraded', kind: 'gazelle', firstTime: true });
    const growth = policy.ladders.find((l) => l.id === 'growth')!.steps;
    expect(positionOn(records, growth, '2026-02-28')).toBe(0);
    expect(positionOn(records, growth, '2026-03-01')).toBe(1);
  });

  it('a grade change within a kind: 培育 → 正式 is an upgrade that supersedes the 培育 listing', () => {
    const { records, events } = ledger([
      cert('little_giant', '2024-06-01', '2027-05-31', { grade: 'cultivation' } as Partial<LedgerOp>),
      cert('little_giant', '2026-06-01', '2029-05-31', { grade: 'formal' } as Partial<LedgerOp>),
    ]);
    expect(events.map((e) => e.event)).toEqual(['granted', 'upgraded']);
    const innovation = policy.ladders.find((l) => l.id === 'innovation')!.steps;
    expect(positionOn(records, innovation, '2026-05-31')).toBe(2);
    expect(positionOn(records, innovation, '2026-06-01')).toBe(3);
    expect(heldOn(records, '2026-07-01', 'little_giant')).toHaveLength(1);
  });

  it.each([
    ['first reached inside the window', [['2026-08-01', '2028-07-31']], '2026-07-01', true],
    ['reached before the window', [['2025-03-01', '2027-02-28']], '2026-07-01', false],
    [
      'reached before, lapsed, reached again inside: not a first time',
      [
        ['2023-03-01', '2024-02-29'],
        ['2026-09-01', null],
      ],
      '2026-07-01',
      false,
    ],
  ] as const)('gazelle %s: first reached in the window %s', (_what, holdings, windowFrom, expected) => {
    const { records, events } = ledger(holdings.map(([from, to]) => cert('gazelle', from, to)));
    const first = firstReached(records, 'gazelle');
    expect(first).toBe(holdings[0][0]);
    expect(events.filter((e) => e.firstTime)).toHaveLength(1);
    expect(first! >= windowFrom).toBe(expected);
  });
});

describe('lapses and expiry reminders', () => {
  it('a holding nothing continues lapses the day after its last day, once', () => {
    const { records } = ledger([cert('high_tech', '2022-12-01', '2025-11-30')]);
    expect(lapsesOn(records, '2025-11-30', new Set())).toEqual([]);
    const lapse = lapsesOn(records, '2025-12-01', new Set());
    expect(lapse).toMatchObject([{ event: 'lapsed', on: '2025-12-01', detail: { expiredOn: '2025-11-30' } }]);
    expect(lapsesOn(records, '2026-01-01', new Set([records[0]!.id]))).toEqual([]);
  });

  it('a renewed holding does not lapse and needs no reminder', () => {
    const { records } = ledger([
      cert('high_tech', '2022-12-01', '2025-11-30'),
      cert('high_tech', '2025-11-30', '2028-11-29'),
    ]);
    expect(lapsesOn(records, '2026-01-01', new Set())).toEqual([]);
    expect(expiringWithin(records, '2025-10-01', 90)).toMatchObject([{ daysLeft: 60, renewed: true }]);
  });

  it.each([
    [200, null],
    [180, 180],
    [120, 180],
    [90, 90],
    [60, 90],
    [0, 90],
    [-1, null],
  ])('%i days left: the %s-day reminder is due', (daysLeft, window) => {
    expect(reminderWindow(daysLeft, policy.reminderDays)).toBe(window);
  });
});
