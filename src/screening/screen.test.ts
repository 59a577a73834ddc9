import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from './generate.ts';
import { ScreeningPool, screenParallel } from './parallel.ts';
import { measuresInForce, popcount, rowsOf, screenColumnar, screeningMode } from './screen.ts';
import { testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const docs = (date: string, adopt?: Record<string, string>) => [
  ...new Set(measuresInForce(catalogue, date, adopt).map((m) => m.document.code)),
];

describe('measures in force', () => {
  it('follows the documents’ windows; a draft counts only when simulated', () => {
    expect(docs('2026-05-31')).toEqual(['002']);
    expect(docs('2026-06-01')).toEqual(['000', '002']);
    expect(docs('2028-06-01')).toEqual(['002']);
    expect(docs('2026-06-01', { '001': '2026-07-01' })).toEqual(['000', '002']);
    expect(docs('2026-07-01', { '001': '2026-07-01' })).toEqual(['000', '001', '002']);
    expect(docs('2031-06-30', { '001': '2026-07-01' })).toEqual(['001', '002']);
    expect(docs('2031-07-01', { '001': '2026-07-01' })).toEqual(['002']);
  });
});

describe('screening mode (免申即享 / 快申快享)', () => {
  const mode = (id: string) => screeningMode(catalogue.byId.get(id)!);
  it('is automatic without a matter and without judgement', () => {
    expect(mode('000·八')).toBe('automatic');
    if (catalogue.byId.has('001·十·独角兽')) expect(mode('001·十·独角兽')).toBe('automatic');
  });
  it('is an invitation when a matter or a reviewer is needed', () => {
    expect(mode('000·二')).toBe('invitation');
    expect(mode('000·六')).toBe('invitation');
  });
  it('is none for a constraint', () => {
    const constraint = catalogue.measures.find((m) => m.benefit.kind === 'constraint');
    if (constraint) expect(screeningMode(constraint)).toBe('none');
  });
});

describe('bitsets', () => {
  it('counts and lists rows', () => {
    const bits = new Uint32Array([0x80000001, 0, 0xffffffff, 0b101]);
    expect(popcount(bits)).toBe(2 + 32 + 2);
    const rows = [...rowsOf(bits, 128)];
    expect(rows.slice(0, 2)).toEqual([0, 31]);
    expect(rows).toHaveLength(36);
    expect(rows.slice(-2)).toEqual([96, 98]);
    expect([...rowsOf(bits, 97)].slice(-1)).toEqual([96]);
  });
});

describe('screening the registry', () => {
  const pool = new ScreeningPool(2);
  afterAll(() => pool.close());

  it('gives the same result in worker threads as in one thread', async () => {
    const reg = generateRegistry(catalogue.reference, { count: 10_001, seed: 77, shared: true });
    for (const opts of [{ date: '2026-09-01' }, { date: '2026-09-01', adopt: { '001': '2026-07-01' } }]) {
      const one = screenColumnar(reg, catalogue, opts);
      const many = await screenParallel(pool, reg, catalogue, opts);
      expect(many.counts).toEqual(one.counts);
      expect(many.bitsets).toEqual(one.bitsets);
      expect(one.counts.some((c) => c > 0)).toBe(true);
      expect(one.counts.every((c) => c <= reg.size)).toBe(true);
    }
  });
});
