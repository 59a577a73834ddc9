import { describe, expect, it } from 'vitest';
import { readPolicyFiles } from '../catalogue/load.ts';
import { holds } from '../core/conditions.ts';
import { InputError } from '../core/errors.ts';
import { factRegistry } from '../core/facts.ts';
import { toApplicant } from './columnar.ts';
import { generateRegistry } from './generate.ts';
import { applyChanges, parseChange, simulate, simulateChanges } from './simulate.ts';
import { testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const files = readPolicyFiles();
const sources = {
  ...files,
  documents: files.documents.filter((d) => catalogue.documents.some((x) => `${x.code}.yaml` === d.file)),
};
const reg = generateRegistry(catalogue.reference, { count: 30_000, seed: 31 });
const date = '2026-09-01';
const years = [2026, 2027, 2028, 2029, 2030];

describe('parsing changes', () => {
  it('reads the five kinds', () => {
    expect(parseChange('rate:000·二=40')).toEqual({ kind: 'rate', measureId: '000·二', ratePercent: 40 });
    expect(parseChange('cap:000·三=5000')).toEqual({ kind: 'cap', measureId: '000·三', capWan: 5000 });
    expect(parseChange('validity:000=2026-06-01..2026-12-31')).toEqual({
      kind: 'validity',
      document: '000',
      from: '2026-06-01',
      to: '2026-12-31',
    });
    expect(parseChange('validity:000=2026-06-01..')).toEqual({
      kind: 'validity',
      document: '000',
      from: '2026-06-01',
      to: null,
    });
    expect(parseChange('adopt:001=2026-07-01')).toEqual({
      kind: 'adopt',
      document: '001',
      date: '2026-07-01',
    });
    expect(parseChange('partner:nanjing')).toEqual({ kind: 'partnerCity', city: 'nanjing' });
    expect(() => parseChange('bogus:1')).toThrow(InputError);
    expect(() => parseChange('adopt:001=20XX')).toThrow(InputError);
  });
  it('refuses changes that do not fit the catalogue', () => {
    expect(() => applyChanges(sources, [{ kind: 'rate', measureId: '000·五', ratePercent: 40 }])).toThrow(
      InputError,
    );
    expect(() => applyChanges(sources, [{ kind: 'cap', measureId: '000·九十九', capWan: 1 }])).toThrow(
      InputError,
    );
    expect(() => applyChanges(sources, [{ kind: 'adopt', document: '000', date }])).toThrow(InputError);
    expect(() => applyChanges(sources, [{ kind: 'partnerCity', city: 'hangzhou' }])).toThrow(InputError);
  });
});

describe('simulation', () => {
  it('reports no difference for no change', () => {
    const r = simulateChanges(reg, sources, [], { date, years });
    expect(r.newlyEligibleOrganisations).toBe(0);
    expect(r.noLongerEligibleOrganisations).toBe(0);
    for (const m of r.measures) {
      expect(m.newlyEligible).toBe(0);
      expect(m.noLongerEligible).toBe(0);
      expect(m.changed).toEqual(m.baseline);
    }
    for (const t of r.totals) expect(t.delta).toEqual({ automatic: 0, invitation: 0 });
    expect(r.totals.some((t) => t.baseline.invitation > 0)).toBe(true);
  });

  it('a new partner city makes the organisations in its centres eligible for 000, exactly as the reference says', () => {
    const change = { kind: 'partnerCity', city: 'nanjing' } as const;
    const r = simulateChanges(reg, sources, [change], { date, years });
    const changed = applyChanges(sources, [change]).catalogue;
    const facts = factRegistry(changed.reference);
    const baseFacts = factRegistry(catalogue.reference);
    for (const id of ['000·一', '000·二', '000·八']) {
      const before = catalogue.byId.get(id)!;
      const after = changed.byId.get(id)!;
      let gained = 0;
      for (let row = 0; row < reg.size; row++) {
        const applicant = toApplicant(reg, row);
        const ok = (m: typeof after, f: typeof facts) =>
          m.applicant.every((c) => holds(c, { applicant, matter: null, date }, f));
        if (ok(after, facts) && !ok(before, baseFacts)) gained++;
      }
      const outcome = r.measures.find((m) => m.measureId === id)!;
      expect(outcome.newlyEligible).toBe(gained);
      expect(outcome.noLongerEligible).toBe(0);
    }
    expect(r.newlyEligibleOrganisations).toBeGreaterThan(0);
  });

  it('adopting draft 001 brings its measures in, with 从优就高不重复 inside overlap groups', () => {
    const r = simulateChanges(reg, sources, [{ kind: 'adopt', document: '001', date: '2026-07-01' }], {
      date,
      years,
    });
    const m001 = r.measures.filter((m) => m.measureId.startsWith('001·'));
    expect(m001.length).toBeGreaterThan(0);
    for (const m of m001) {
      expect(m.baseline.eligible).toBe(0);
      expect(m.newlyEligible).toBe(m.changed.eligible);
    }
    // 000·二 and 001·二 support the same challenge: an organisation counts under one of them only.
    const a = r.measures.find((m) => m.measureId === '000·二')!;
    const b = r.measures.find((m) => m.measureId === '001·二');
    if (b) {
      const y = (m: typeof a) => m.changed.years.find((x) => x.year === 2027)!;
      expect(y(a).organisations + y(b).organisations).toBe(Math.max(a.changed.eligible, b.changed.eligible));
    }
    const d2027 = r.totals.find((t) => t.year === 2027)!.delta;
    expect(d2027.invitation).toBeGreaterThan(0);
    // 001·十 pays first-time unicorns and gazelles without an application (免申即享).
    if (catalogue.byId.has('001·十·独角兽')) {
      expect(r.totals.find((t) => t.year === 2026)!.delta.automatic).toBeGreaterThan(0);
    }
  });

  it('a cap changes the cost, not who is eligible', () => {
    const r = simulateChanges(reg, sources, [{ kind: 'cap', measureId: '000·三', capWan: 5000 }], {
      date,
      years,
    });
    const m = r.measures.find((x) => x.measureId === '000·三')!;
    expect(m.newlyEligible + m.noLongerEligible).toBe(0);
    const y = m.changed.years.find((x) => x.year === 2027)!;
    const before = m.baseline.years.find((x) => x.year === 2027)!;
    expect(y.organisations).toBe(before.organisations);
    expect(y.upperBound! - before.upperBound!).toBe(y.organisations * 2000 * 1_000_000);
  });

  it('a shorter window drops the later years', () => {
    const r = simulateChanges(
      reg,
      sources,
      [{ kind: 'validity', document: '000', from: '2026-06-01', to: '2026-12-31' }],
      { date, years },
    );
    const m = r.measures.find((x) => x.measureId === '000·二')!;
    expect(m.changed.eligible).toBe(m.baseline.eligible);
    expect(m.changed.years.find((x) => x.year === 2027)!.upperBound).toBe(0);
    expect(m.baseline.years.find((x) => x.year === 2027)!.upperBound).toBeGreaterThan(0);
    expect(r.totals.find((t) => t.year === 2027)!.delta.invitation).toBeLessThan(0);
  });

  it('once-only amounts count in the first year only', () => {
    const scenario = applyChanges(sources, [{ kind: 'adopt', document: '001', date: '2026-07-01' }]);
    const r = simulate(reg, scenario, scenario, [], { date, years });
    const once = r.measures.find((m) => m.measureId === '000·九·开办')!;
    const ys = once.changed.years.filter((y) => (y.upperBound ?? 0) > 0).map((y) => y.year);
    expect(ys.length).toBeLessThanOrEqual(1);
  });
});
