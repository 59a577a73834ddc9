/**
 * The compact calculator answer: `POST /api/calc?view=summary` grants exactly what the full answer
 * grants (measure, matter, amount), in about 2 KB; answers are compressed when the client accepts it,
 * and decompress to the same JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
