/**
 * Base figures over HTTP: admins set and import them, officers and the organisation itself read them,
 * anyone else is refused (403 for a reader's write, 404 for another organisation); a bad file is a 400
 * naming row and column.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MEMORY, openDatabase } from '../src/storage/database.ts';
import { OrganisationRepository } from '../src/storage/repositories/organisations.ts';
import type { Db } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { testUscc } from './support/fixtures.ts';
import { migratedSnapshot } from './support/pglite-snapshot.ts';

let db: Db;
let t: TestApp;
let org: string;
let other: string;
const h: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  t = await buildTestApp(db);
  const repo = new OrganisationRepository(db);
  const base = {
    kind: 'intl_st_org',
    city: 'songjiang',
    district: null,
    centreOriginCity: 'hefei',
    sectors: [],
    licences: [],
  };
  org = await repo.insert({ ...base, uscc: testUscc(31), name: '组织甲' }, new Date());
  other = await repo.insert({ ...base, uscc: testUscc(32), name: '组织乙' }, new Date());
  await t.createUser('bf-admin', 'admin');
  await t.createUser('bf-reviewer', 'reviewer');
  await t.createUser('bf-ent', 'enterprise', org);
  for (const u of ['bf-admin', 'bf-reviewer', 'bf-ent']) h[u] = await t.login(u);
});
afterAll(async () => {
  await t?.app.close();
  await db?.destroy();
});

it('admins set and import; officers and the organisation read; others are refused', async () => {
  const body = { figure: 'operatingSpend', year: 2025, amount: 480_000_000, source: '审计报告' };
  const put = (who: string, id = org) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/organisations/${id}/base-figures`,
      headers: h[who],
      payload: body,
    });
  expect((await put('bf-admin')).statusCode).toBe(200);
  expect((await put('bf-reviewer')).statusCode).toBe(403);
  expect((await put('bf-ent')).statusCode).toBe(403);
  const bad = await t.app.inject({
    method: 'PUT',
    url: `/api/organisations/${org}/base-figures`,
    headers: h['bf-admin'],
    payload: { ...body, figure: 'spaceship' },
  });
  expect(bad.statusCode).toBe(400);
  const get = (who: string, id = org) =>
    t.app.inject({ method: 'GET', url: `/api/organisations/${id}/base-figures`, headers: h[who] });
  expect((await get('bf-reviewer')).json().items).toEqual([
    expect.objectContaining({ figure: 'operatingSpend', amount: 480_000_000 }),
  ]);
  expect((await get('bf-ent')).statusCode).toBe(200);
  expect((await get('bf-ent', other)).statusCode).toBe(404);

  const csv = (rows: string[]) => ['uscc,figure,year,amount_yuan,source', ...rows].join('\n');
  const imported = await t.app.inject({
    method: 'POST',
    url: '/api/base-figures/import?name=f.csv',
    headers: { ...h['bf-admin'], 'content-type': 'text/csv' },
    payload: csv([`${testUscc(32)},年度营业收入,2025,1000,统计年报`]),
  });
  expect(imported.statusCode).toBe(200);
  expect(imported.json()).toMatchObject({ written: 1, committed: true });
  const rejected = await t.app.inject({
    method: 'POST',
    url: '/api/base-figures/import',
    headers: { ...h['bf-admin'], 'content-type': 'text/csv' },
    payload: csv([
      `${testUscc(32)},annualRevenue,2025,1000,ok`,
      `${testUscc(32)},annualRevenue,1800,1000,ok`,
    ]),
  });
  expect(rejected.statusCode).toBe(400);
  expect(rejected.json().error.issues).toEqual([expect.objectContaining({ row: 3, column: 'year' })]);
  // allowPartial: the valid row is written and the answer (its OpenAPI schema) still names the other.
  const partial = await t.app.inject({
    method: 'POST',
    url: '/api/base-figures/import?allowPartial=true',
    headers: { ...h['bf-admin'], 'content-type': 'text/csv' },
    payload: csv([
      `${testUscc(32)},annualRevenue,2025,2000,ok`,
      `${testUscc(32)},annualRevenue,1800,1000,ok`,
    ]),
  });
  expect(partial.statusCode).toBe(200);
  expect(partial.json()).toMatchObject({ rows: 2, written: 1, skipped: 1, committed: true });
  expect(partial.json().issues).toEqual([
    expect.objectContaining({ row: 3, column: 'year', rule: expect.any(String) }),
  ]);
  const refused = await t.app.inject({
    method: 'POST',
    url: '/api/base-figures/import',
    headers: { ...h['bf-reviewer'], 'content-type': 'text/csv' },
    payload: csv([]),
  });
  expect(refused.statusCode).toBe(403);
});
