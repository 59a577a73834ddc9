/**
 * Streamed registries against the whole-file reader: the same registry written as NDJSON, CSV and
 * .xlsx streams into the same columns as the whole-file NDJSON reader (checked by the calculator's
 * zod schema) builds; the hand-written row check accepts exactly what the zod schema accepts; a bad
 * row in the middle of a file is named by its line and field, and nothing is returned.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { calcInputSchema } from '../core/input.ts';
import { arbitraries } from './arbitraries.ts';
import { type ColumnarRegistry, dictionariesOf, toApplicant } from './columnar.ts';
import { CSV_HEADER, generateRegistry, syntheticNamer, writeRegistryFile } from './generate.ts';
import { readRegistryFile } from './registry-source.ts';
import { checkApplicant, lookups, streamRegistryFile } from './registry-stream.ts';
import { testCatalogue } from './testing.ts';

const ref = testCatalogue().reference;
const dir = mkdtempSync(join(tmpdir(), 'ceyuan-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(reg: ColumnarRegistry) {
  return Array.from({ length: reg.size }, (_, r) => toApplicant(reg, r));
}

describe('streamed registries', () => {
  const reg = generateRegistry(ref, { count: 3001, seed: 5 });

  it('NDJSON, CSV and .xlsx stream into the columns the whole-file reader builds', async () => {
    const ndjson = join(dir, 'r.ndjson');
    const csv = join(dir, 'r.csv');
    writeRegistryFile(reg, ref, ndjson, 'ndjson');
    writeRegistryFile(reg, ref, csv, 'csv');
    const whole = readRegistryFile(ref, ndjson);
    const streamed = await streamRegistryFile(ref, ndjson, { keepNames: true });
    expect(streamed.size).toBe(reg.size);
    expect(rows(streamed)).toEqual(rows(whole));
    expect(await streamRegistryFile(ref, csv, { keepNames: true }).then(rows)).toEqual(rows(whole));
    // Without names (the 10,000,000-row setting) the profiles are the same but for the name.
    const nameless = await streamRegistryFile(ref, ndjson);
    expect(rows(nameless)).toEqual(rows(whole).map(({ name: _, ...a }) => a));

    // .xlsx with Chinese headers and labels instead of codes, for the first 400 rows.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('单位');
    sheet.addRow(['统一社会信用代码', '名称', '类型', '城市', '设立城市', '产业领域', '许可', '资质']);
    const label = (list: { code: string; zh: string }[], code: string) =>
      list.find((x) => x.code === code)!.zh;
    const names = syntheticNamer(ref);
    for (let r = 0; r < 400; r++) {
      const a = toApplicant(reg, r, names(reg, r));
      sheet.addRow([
        a.uscc,
        a.name,
        label(ref.orgKinds, a.kind),
        label(ref.cities, a.city),
        a.centreOriginCity ? label(ref.cities, a.centreOriginCity) : '',
        a.sectors.map((s) => label(ref.sectors, s)).join('、'),
        a.licences.join(';'),
        a.qualifications.map((q) => `${q.code}:${q.from}${q.to ? `:${q.to}` : ''}`).join(';'),
      ]);
    }
    const xlsx = join(dir, 'r.xlsx');
    await book.xlsx.writeFile(xlsx);
    expect(rows(await streamRegistryFile(ref, xlsx, { keepNames: true }))).toEqual(rows(whole).slice(0, 400));
  });

  it('names a bad row in the middle of a file, by line and field, and returns nothing', async () => {
    const lines = rows(reg)
      .slice(0, 2000)
      .map((a) => JSON.stringify(a));
    lines[1234] = JSON.stringify({ ...JSON.parse(lines[1234]!), kind: 'spaceship' });
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const streamed = await streamRegistryFile(ref, file).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(InputError);
    expect((streamed as InputError).issues).toEqual([
      expect.objectContaining({ path: `${file}:1235 kind`, rule: 'invalid_value' }),
    ]);
    // The whole-file reader names the same line.
    expect(() => readRegistryFile(ref, file)).toThrow(InputError);
    try {
      readRegistryFile(ref, file);
    } catch (e) {
      expect((e as InputError).issues[0]!.path).toBe(`${file}:1235 kind`);
    }

    const csv = join(dir, 'bad.csv');
    const body = rows(reg)
      .slice(0, 50)
      .map((a, i) =>
        [a.uscc, `n${i}`, i === 30 ? 'enterprise' : a.kind, i === 30 ? '火星' : a.city, '', '', '', ''].join(
          ',',
        ),
      );
    writeFileSync(csv, `${CSV_HEADER}\n${body.join('\n')}\n`);
    const e2 = await streamRegistryFile(ref, csv).catch((e: unknown) => e);
    // Row 32: the header is row 1, data row 31 (index 30) is spreadsheet row 32.
    expect((e2 as InputError).issues).toEqual([expect.objectContaining({ path: `${csv}:32 city` })]);
  });

  it('the row check accepts exactly what the calculator’s schema accepts', () => {
    const schema = calcInputSchema(ref).shape.applicant;
    const lk = lookups(ref, false);
    const { applicantArb } = arbitraries(dictionariesOf(ref));
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.string({ maxLength: 3 }),
      fc.constantFrom('enterprise', 'songjiang', 'high_tech', 'ai', '2026-02-30', '2026-01-01'),
      fc.array(fc.constantFrom('ai', 'nope', 3), { maxLength: 3 }),
      fc.record({
        code: fc.constantFrom('high_tech', 'x'),
        from: fc.constantFrom('2026-01-01', 'x'),
        to: fc.constantFrom('2025-01-01', null),
      }),
    );
    const field = fc.constantFrom(
      'kind',
      'city',
      'centreOriginCity',
      'sectors',
      'licences',
      'qualifications',
      'name',
      'uscc',
      'extra',
    );
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(applicantArb, fc.array(fc.tuple(field, junk), { maxLength: 2 }), (a, edits) => {
        const raw: Record<string, unknown> = JSON.parse(JSON.stringify(a));
        for (const [k, v] of edits) {
          if (v === undefined) delete raw[k];
          else raw[k] = v;
        }
        const zod = schema.safeParse(raw);
        const fast = checkApplicant(raw, lk);
        expect(fast.ok, JSON.stringify(raw)).toBe(zod.success);
        seen[fast.ok ? 'accepted' : 'refused']++;
      }),
      { numRuns: 3000 },
    );
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(500);
  });
});
