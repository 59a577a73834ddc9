import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calcInputSchema } from '../core/input.ts';
import { usccCheckChar } from '../core/uscc.ts';
import {
  allocateRegistry,
  type ColumnarRegistry,
  dayNumber,
  dictionariesOf,
  fromApplicants,
  isoOfDay,
  mergePeriods,
  OPEN_END,
  toApplicant,
} from './columnar.ts';
import { generateInto, generateRegistry, writeRegistryFile } from './generate.ts';
import { Mulberry32, mix32 } from './prng.ts';
import { testCatalogue } from './testing.ts';
import { isValidUscc, USCC_CHARSET, usccCheckCharCode } from './uscc-code.ts';

const ref = testCatalogue().reference;

function digest(reg: ColumnarRegistry): string {
  const h = createHash('sha256');
  for (const a of [
    reg.kind,
    reg.city,
    reg.centreOriginCity,
    reg.sectors,
    reg.licences,
    reg.uscc,
    reg.nameSeed,
  ]) {
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  for (const layers of reg.qualifications) {
    for (const l of layers) h.update(new Uint8Array(l.from.buffer)).update(new Uint8Array(l.to.buffer));
  }
  return h.digest('hex');
}

describe('prng', () => {
  it('is deterministic and spreads', () => {
    const a = new Mulberry32(1);
    const b = new Mulberry32(1);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mix32(1, 2)).not.toBe(mix32(2, 1));
  });
});

describe('USCC check digit (GB 32100-2015)', () => {
  it('accepts published codes and rejects altered ones', () => {
    // The standard's own example and two published codes.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T']) {
      expect(isValidUscc(code)).toBe(true);
      const altered = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
      expect(isValidUscc(altered)).toBe(false);
    }
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100I43')).toBe(false);
    expect(usccCheckCharCode(new Uint8Array(18).fill(48))).toBe(48);
  });

  it('the byte-level check character agrees with the core validator', () => {
    const rng = new Mulberry32(7);
    for (let i = 0; i < 5000; i++) {
      const first17 = Array.from({ length: 17 }, () => USCC_CHARSET[rng.int(USCC_CHARSET.length)]).join('');
      const bytes = Uint8Array.from(first17, (c) => c.charCodeAt(0));
      expect(String.fromCharCode(usccCheckCharCode(bytes))).toBe(usccCheckChar(first17));
    }
  });
});

describe('synthetic registry', () => {
  it('same seed, same registry; another seed, another registry', () => {
    const a = generateRegistry(ref, { count: 5000, seed: 11 });
    const b = generateRegistry(ref, { count: 5000, seed: 11 });
    const c = generateRegistry(ref, { count: 5000, seed: 12 });
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it('chunked generation equals a single pass', () => {
    const whole = generateRegistry(ref, { count: 3000, seed: 5 });
    const chunked = allocateRegistry(dictionariesOf(ref), 3000);
    for (const [s, e] of [
      [2000, 3000],
      [0, 1000],
      [1000, 2000],
    ] as const)
      generateInto(chunked, ref, { seed: 5 }, s, e);
    expect(digest(chunked)).toBe(digest(whole));
  });

  it('rows are valid applicant profiles with valid, unique USCCs', () => {
    const reg = generateRegistry(ref, { count: 20_000, seed: 3 });
    const schema = calcInputSchema(ref);
    const usccs = new Set<string>();
    for (let r = 0; r < reg.size; r++) {
      const a = toApplicant(reg, r, 'x');
      if (r < 2000) expect(schema.safeParse({ applicant: a }).success).toBe(true);
      expect(isValidUscc(a.uscc!)).toBe(true);
      usccs.add(a.uscc!);
    }
    expect(usccs.size).toBe(reg.size);
  });

  it('looks like the corridor: mostly enterprises, all roles of city, centres, dated qualifications', () => {
    const reg = generateRegistry(ref, { count: 50_000, seed: 1 });
    const count = (f: (a: ReturnType<typeof toApplicant>) => boolean) => {
      let n = 0;
      for (let r = 0; r < reg.size; r++) if (f(toApplicant(reg, r))) n++;
      return n / reg.size;
    };
    const role = new Map(ref.cities.map((c) => [c.code, c.role]));
    expect(count((a) => a.kind === 'enterprise')).toBeGreaterThan(0.85);
    for (const r of ['core', 'member', 'partner', 'other'])
      expect(count((a) => role.get(a.city) === r)).toBeGreaterThan(0.005);
    const inCentre = count((a) => a.centreOriginCity != null);
    expect(inCentre).toBeGreaterThan(0.01);
    expect(inCentre).toBeLessThan(0.2);
    expect(count((a) => a.kind === 'innovation_centre')).toBeGreaterThan(0);
    // 高企: 3-year validity, most of them current on the registry date, some expired.
    const asOf = '2026-06-01';
    const highTech = (a: ReturnType<typeof toApplicant>) =>
      a.qualifications.filter((q) => q.code === 'high_tech');
    expect(count((a) => highTech(a).some((q) => q.from <= asOf && asOf <= q.to!))).toBeGreaterThan(0.05);
    expect(count((a) => highTech(a).some((q) => q.to! < asOf))).toBeGreaterThan(0.01);
    for (let r = 0; r < 2000; r++) {
      for (const q of highTech(toApplicant(reg, r)))
        expect(q.to).toBe(isoOfDay(dayNumber(q.from.replace(/^(\d{4})/, (y) => String(Number(y) + 3))) - 1));
    }
    const tiers = count((a) => a.qualifications.some((q) => q.code === 'unicorn' || q.code === 'gazelle'));
    expect(tiers).toBeLessThan(0.02);
    expect(count((a) => a.licences.length > 0)).toBeLessThan(0.01);
  });

  it('writes NDJSON and CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ceyuan-gen-'));
    try {
      const reg = generateRegistry(ref, { count: 100, seed: 9 });
      writeRegistryFile(reg, ref, join(dir, 'r.ndjson'), 'ndjson');
      writeRegistryFile(reg, ref, join(dir, 'r.csv'), 'csv');
      const lines = readFileSync(join(dir, 'r.ndjson'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(100);
      const first = JSON.parse(lines[0]!);
      expect(first.uscc).toBe(toApplicant(reg, 0).uscc);
      expect(first.name.length).toBeGreaterThan(2);
      const csv = readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n');
      expect(csv).toHaveLength(101);
      expect(csv[0]).toMatch(/^uscc,name,kind,city/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('columnar registry', () => {
  it('round-trips applicant profiles', () => {
    const reg = generateRegistry(ref, { count: 3000, seed: 21 });
    const applicants = Array.from({ length: reg.size }, (_, r) => toApplicant(reg, r, `org ${r}`));
    const again = fromApplicants(reg.dict, applicants);
    for (let r = 0; r < reg.size; r++) expect(toApplicant(again, r)).toEqual(applicants[r]);
  });

  it('keeps disjoint periods of one qualification apart and merges adjacent ones', () => {
    expect(
      mergePeriods([
        [10, 20],
        [21, 30],
        [40, 50],
        [45, OPEN_END],
      ]),
    ).toEqual([
      [10, 30],
      [40, OPEN_END],
    ]);
    const reg = fromApplicants(dictionariesOf(ref), [
      {
        kind: 'enterprise',
        city: 'songjiang',
        sectors: [],
        licences: [],
        qualifications: [
          { code: 'high_tech', from: '2020-01-01', to: '2022-12-31' },
          { code: 'high_tech', from: '2024-01-01', to: null },
          { code: 'high_tech', from: '2023-01-01', to: '2023-06-30' },
        ],
      },
    ]);
    expect(reg.qualifications[ref.qualifications.findIndex((q) => q.code === 'high_tech')]).toHaveLength(2);
    expect(toApplicant(reg, 0).qualifications).toEqual([
      { code: 'high_tech', from: '2020-01-01', to: '2023-06-30' },
      { code: 'high_tech', from: '2024-01-01', to: null },
    ]);
  });

  it('refuses codes the reference does not know', () => {
    expect(() =>
      fromApplicants(dictionariesOf(ref), [
        { kind: 'martian', city: 'songjiang', sectors: [], licences: [], qualifications: [] },
      ]),
    ).toThrow(/kind/);
  });
});
