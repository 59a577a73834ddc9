/** The worked examples in docs/examples/ are part of the documentation: they must stay true. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { calculateRaw, createEngine } from '../src/core/engine/calculate.ts';

const engine = createEngine(loadCatalogue());
const dir = join(import.meta.dirname, '..', 'docs', 'examples');

/** NAME.input.json is what `ceyuan calc` reads; NAME.expected.json is what the docs say it gives. */
interface Expected {
  title: string;
  grantsWithMoney: { measureId: string; amount: { min: number; max: number }; displaced?: string[] }[];
  total: { min: number; max: number };
}

describe('worked examples in docs/examples', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.input.json'))) {
    const input = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const expected = JSON.parse(
      readFileSync(join(dir, file.replace('.input.', '.expected.')), 'utf8'),
    ) as Expected;
    it(`${file}: ${expected.title}`, () => {
      const result = calculateRaw(engine, input, '2026-11-21');
      const withMoney = result.granted.filter((g) => g.amount !== null);
      expect(
        withMoney.map((g) => ({
          measureId: g.measureId,
          amount: g.amount,
          ...(g.displaced.length ? { displaced: g.displaced.map((d) => d.measureId) } : {}),
        })),
      ).toEqual(expected.grantsWithMoney);
      expect(result.total).toEqual(expected.total);
    });
  }
});
