/**
 * The compact calculator answer: `POST /api/calc?view=summary` grants exactly what the full answer
 * grants (measure, matter, amount), in about 2 KB; answers are compressed when the client accepts it,
 * and decompress to the same JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { calculate, createEngine, decide, parseCalcInput } from '../src/core/engine/calculate.ts';
import type { Verdict } from '../src/core/engine/types.ts';
import { toApplicant } from '../src/screening/columnar.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { MEMORY, openDatabase } from '../src/storage/database.ts';
import type { Db } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { testCatalogue } from './support/fixtures.ts';
import { migratedSnapshot } from './support/pglite-snapshot.ts';

const EXAMPLES = join(import.meta.dirname, '../docs/examples');
let db: Db;
let t: TestApp;

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  t = await buildTestApp(db);
});
afterAll(async () => {
  await t?.app.close();
  await db?.destroy();
});

type Full = { granted: { measureId: string; matterId: string | null; amount: unknown }[]; total: unknown };
type Summary = {
  granted: { measureId: string; matterId: string | null; amount: unknown; staged: boolean; reason: string }[];
  services: { measureId: string }[];
  total: unknown;
};

const inputs = (): unknown[] => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.input.json'));
  const examples = files.map((f) => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')));
  const reg = generateRegistry(testCatalogue().reference, { count: 400, seed: 9 });
  const generated = Array.from({ length: 40 }, (_, i) => {
    const { name: _n, uscc: _u, ...applicant } = toApplicant(reg, i * 10);
    return { applicant, asOf: '2026-09-01', simulate: { adopt: i % 2 ? { '001': '2026-07-01' } : {} } };
  });
  return [...examples, ...generated];
};

it('grants exactly what the full answer grants, in about 2 KB', async () => {
  let largest = 0;
  for (const input of inputs()) {
    const full = await t.app.inject({ method: 'POST', url: '/api/calc', payload: input as object });
    const summary = await t.app.inject({
      method: 'POST',
      url: '/api/calc?view=summary',
      payload: input as object,
    });
    expect(full.statusCode).toBe(200);
    expect(summary.statusCode).toBe(200);
    const f = full.json() as Full;
    const s = summary.json() as Summary;
    const key = (g: { measureId: string; matterId: string | null }) => `${g.measureId} ${g.matterId}`;
    expect([...s.granted.map(key), ...s.services.map((x) => `${x.measureId} null`)].sort()).toEqual(
      f.granted.map(key).sort(),
    );
    for (const g of s.granted) expect(g.amount).toEqual(f.granted.find((x) => key(x) === key(g))!.amount);
    expect(s.total).toEqual(f.total);
    largest = Math.max(largest, summary.rawPayload.length);
    expect(summary.rawPayload.length).toBeLessThan(full.rawPayload.length / 10);
  }
  expect(largest).toBeLessThan(4096);
});

const VERDICT_KEYS = [
  'measureId',
  'matterId',
  'title',
  'documentCode',
  'outcome',
  'eligible',
  'simulated',
  'benefitKind',
  'staged',
  'overlapGroup',
  'amount',
  'exact',
  'headline',
] as const satisfies readonly (keyof Verdict)[];

it('decide() (the summary, no explanations) gives calculate()’s verdicts, grants, totals and checks', () => {
  const engine = createEngine(testCatalogue());
  const ids = engine.catalogue.measures.map((m) => m.id);
  const examples = inputs() as { matters?: unknown[] }[];
  const withMatters = examples.filter((x) => (x.matters?.length ?? 0) > 0);
  let compared = 0;
  let granted = 0;
  examples.forEach((raw, i) => {
    // Each input as given, with the matters of an example, and with earlier grants (history) that
    // use up or reduce caps: the paths where decide() skips amounts must still agree.
    const matters = withMatters[i % withMatters.length]!.matters;
    const variants: unknown[] = [raw, { ...raw, matters }];
    const history = [0, 1, 2].map((k) => ({
      measureId: ids[(i * 7 + k * 13) % ids.length]!,
      amount: (k + 1) * 50_000_000 * ((i % 3) + 1),
      date: k === 0 ? '2025-03-01' : '2026-02-01',
      ...(k === 2 ? { matterId: (matters?.[0] as { id?: string } | undefined)?.id ?? 'matter-1' } : {}),
    }));
    variants.push({ ...raw, matters, history });
    for (const v of variants) {
      const input = parseCalcInput(engine, v, '2026-09-01');
      const full = calculate(engine, input);
      const quick = decide(engine, input);
      const pick = (e: Verdict) => Object.fromEntries(VERDICT_KEYS.map((k) => [k, e[k]]));
      expect(quick.evaluations.map(pick)).toEqual(full.evaluations.map(pick));
      expect(quick.granted).toEqual(full.granted);
      expect(quick.total).toEqual(full.total);
      expect(quick.overlapChecks).toEqual(full.overlapChecks);
      compared++;
      granted += full.granted.length;
    }
  });
  expect(compared).toBeGreaterThanOrEqual(130);
  // Not a vacuous comparison: the inputs are granted things.
  expect(granted).toBeGreaterThan(compared);
});

it('compresses when the client accepts it, to the same JSON', async () => {
  const input = JSON.parse(readFileSync(join(EXAMPLES, 'challenge-with-draft-simulated.input.json'), 'utf8'));
  const plain = await t.app.inject({ method: 'POST', url: '/api/calc', payload: input });
  expect(plain.headers['content-encoding']).toBeUndefined();
  const gz = await t.app.inject({
    method: 'POST',
    url: '/api/calc',
    payload: input,
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);
  expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());
  const br = await t.app.inject({
    method: 'POST',
    url: '/api/calc?view=summary',
    payload: input,
    headers: { 'accept-encoding': 'br, gzip' },
  });
  expect(br.headers['content-encoding']).toBe('br');
  const summary = await t.app.inject({ method: 'POST', url: '/api/calc?view=summary', payload: input });
  expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(summary.json());
});
