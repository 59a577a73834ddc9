/**
 * The run summary over HTTP on PGlite (app.inject): base figures imported from a CSV (a bad row named
 * by row and column first, nothing written), a budget set for fund 000, a completed run; then
 * `GET /api/screening/runs/:id/summary` must equal — differentially — the sums of the stored results
 * read page by page through `/results` and of the stored notices, per measure and mode, and per fund against the fund ledger
 * (`/api/budgets/000/2026`: budget, committed, paid, available). An international organisation with its
 * operating spend filed gets a 免申即享 notice with its amount and the figure, year and source used.
 */
import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEN_PER_WAN } from '../src/core/money.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { insertRegistry, rowUuid } from '../src/screening/load-sql.ts';
import type { Database } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { openTestDatabase } from './support/databases.ts';
import { testCatalogue } from './support/fixtures.ts';

const SIZE = 120;
const DATE = '2026-09-01';
/** Rows 0..7: centres (even) and international organisations (odd) set up by corridor cities. */
const CENTRES = 8;

interface Money {
  amount: { min: number; max: number } | null;
  cap: number | null;
}
interface Result extends Money {
  organisationId: string;
  measureId: string;
  mode: 'automatic' | 'invitation';
}

describe('the screening run summary over HTTP [pglite]', () => {
  let db: Kysely<Database>;
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  let runId: string;

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: h[who],
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    t = await buildTestApp(db, { now: '2026-09-01T02:00:00Z' });
    const reference = testCatalogue().reference;
    await insertRegistry(
      (sql, parameters) => db.executeQuery(CompiledQuery.raw(sql, parameters)),
      generateRegistry(reference, { count: SIZE, seed: 1515 }),
      reference,
    );
    for (let r = 0; r < CENTRES; r++)
      await db
        .updateTable('organisations')
        .set({
          kind: r % 2 === 0 ? 'innovation_centre' : 'intl_st_org',
          city: 'songjiang',
          centre_origin_city: ['jiaxing', 'hangzhou', 'hefei', 'suzhou'][r % 4]!,
        })
        .where('id', '=', rowUuid(r))
        .execute();
    for (const [name, role, org] of [
      ['sum-admin', 'admin', null],
      ['sum-reviewer', 'reviewer', null],
      ['sum-auditor', 'auditor', null],
      ['sum-intl', 'enterprise', rowUuid(1)],
    ] as const) {
      await t.createUser(name, role, org);
      h[name] = await t.login(name);
    }
  });

  afterAll(async () => {
    await t?.app.close();
    await db?.destroy();
  });

  async function uscc(row: number): Promise<string> {
    const o = await db
      .selectFrom('organisations')
      .select('uscc')
      .where('id', '=', rowUuid(row))
      .executeTakeFirstOrThrow();
    return o.uscc;
  }

  it('imports base figures (a bad row is named by row and column), sets a budget, runs a screening', async () => {
    const header = 'uscc,figure,year,amount_yuan,source';
    const lines: string[] = [];
    // Operating spend of 2025 for every centre and organisation but row 5 (its figure is missing).
    for (let r = 0; r < CENTRES; r++)
      if (r !== 5)
        lines.push(`${await uscc(r)},operatingSpend,2025,${(200 + 40 * r) * 10_000},年度审计报告 #${r}`);
    const withBad = await t.app.inject({
      method: 'POST',
      url: '/api/base-figures/import?name=figures.csv',
      headers: { ...h['sum-admin'], 'content-type': 'text/csv' },
      payload: [header, lines[0], `${await uscc(2)},operatingSpend,2025,abc,审计`, ...lines.slice(1)].join(
        '\n',
      ),
    });
    expect(withBad.statusCode).toBe(400);
    expect(withBad.json().error.issues).toEqual([expect.objectContaining({ row: 3, column: 'amount_yuan' })]);
    const filed = await db.executeQuery(CompiledQuery.raw('SELECT 1 FROM organisation_base_figures'));
    expect(filed.rows).toHaveLength(0);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/base-figures/import?name=figures.csv',
      headers: { ...h['sum-admin'], 'content-type': 'text/csv' },
      payload: [header, ...lines].join('\n'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rows: CENTRES - 1, written: CENTRES - 1, committed: true });

    expect(
      (await call('PUT', '/api/budgets/000/2026', 'sum-admin', { amount: 300 * FEN_PER_WAN })).statusCode,
    ).toBe(200);
    const start = await call('POST', '/api/screening/runs', 'sum-reviewer', { date: DATE });
    expect(start.statusCode).toBe(202);
    runId = start.json().id;
    for (let i = 0; i < 3000; i++) {
      const run = (await call('GET', `/api/screening/runs/${runId}`, 'sum-auditor')).json();
      if (run.status !== 'running') {
        expect(run.status).toBe('completed');
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the run did not finish');
  });

  it('the summary equals the sums of the stored results, by measure and by fund against the ledger', async () => {
    const res = await call('GET', `/api/screening/runs/${runId}/summary`, 'sum-auditor');
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    const rows: Result[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = (
        await call('GET', `/api/screening/runs/${runId}/results?limit=1000&offset=${offset}`, 'sum-reviewer')
      ).json();
      rows.push(...page.items);
      if (rows.length >= page.total) break;
    }
    expect(rows.length).toBeGreaterThan(0);
    const sum = (rs: Result[], f: (r: Result) => number) => rs.reduce((a, r) => a + f(r), 0);
    let automatic = 0;
    for (const m of summary.measures) {
      const mine = rows.filter((r) => r.measureId === m.measureId);
      expect(m.organisations, m.measureId).toBe(mine.length);
      expect(m.automatic).toBe(mine.filter((r) => r.mode === 'automatic').length);
      expect(m.invitation).toBe(mine.filter((r) => r.mode === 'invitation').length);
      expect(m.withAmount).toBe(mine.filter((r) => r.amount).length);
      expect(m.amountMin).toBe(sum(mine, (r) => r.amount?.min ?? 0));
      expect(m.amountMax).toBe(sum(mine, (r) => r.amount?.max ?? 0));
      expect(m.automaticMax).toBe(
        sum(
          mine.filter((r) => r.mode === 'automatic'),
          (r) => r.amount?.max ?? 0,
        ),
      );
      expect(m.capTotal).toBe(
        sum(
          mine.filter((r) => !r.amount),
          (r) => r.cap ?? 0,
        ),
      );
      automatic += m.automatic;
    }
    // And the notices the run stored (one run: one notice per pair), summed apart by the database.
    const notices = await db.executeQuery<{ measure_id: string; mode: string; max: string; n: number }>(
      CompiledQuery.raw(
        `SELECT measure_id, mode, count(*)::int AS n, coalesce(sum(amount_max), 0)::text AS max
         FROM screening_notices GROUP BY measure_id, mode`,
      ),
    );
    for (const m of summary.measures) {
      const mine = notices.rows.filter((r) => r.measure_id === m.measureId);
      expect(
        mine.reduce((a, r) => a + r.n, 0),
        m.measureId,
      ).toBe(m.organisations);
      expect(
        mine.reduce((a, r) => a + Number(r.max), 0),
        m.measureId,
      ).toBe(m.amountMax);
      expect(
        mine.filter((r) => r.mode === 'automatic').reduce((a, r) => a + Number(r.max), 0),
        m.measureId,
      ).toBe(m.automaticMax);
    }
    // Every result row belongs to a measure of the summary.
    expect(summary.measures.reduce((a: number, m: { organisations: number }) => a + m.organisations, 0)).toBe(
      rows.length,
    );
    // 免申即享 with money: the international organisations whose operating spend is filed (000·九·运营).
    expect(automatic).toBeGreaterThan(0);
    const f000 = summary.funds.find((f: { fund: string }) => f.fund === '000');
    const in000 = rows.filter((r) => r.measureId.startsWith('000·'));
    expect(f000.amountMax).toBe(sum(in000, (r) => r.amount?.max ?? 0));
    expect(f000.automaticMax).toBe(
      sum(
        in000.filter((r) => r.mode === 'automatic'),
        (r) => r.amount?.max ?? 0,
      ),
    );
    expect(f000.automaticMax).toBeGreaterThan(0);
    const budget = (await call('GET', '/api/budgets/000/2026', 'sum-auditor')).json();
    expect(f000).toMatchObject({
      year: 2026,
      budget: budget.amount,
      committed: budget.committed,
      paid: budget.paid,
      available: budget.available,
    });
    expect(budget.amount).toBe(300 * FEN_PER_WAN);
    expect(f000.automaticOverBudget).toBe(f000.automaticMax > budget.available);
  });

  it('the enterprise’s 免申即享 notice carries its amount and the figure, year and source it used', async () => {
    const inbox = (await call('GET', '/api/inbox', 'sum-intl')).json();
    const n = inbox.items.find((x: { measureId: string }) => x.measureId === '000·九·运营');
    expect(n).toMatchObject({ mode: 'automatic', exact: false });
    // 不超过 30%、最高 200 万元 of 2025's 240 万元 operating spend: 最高可获 72 万元.
    expect(n.amount).toEqual({ min: 0, max: 72 * FEN_PER_WAN });
    expect(n.headline.zh).toMatch(/^最高可获/);
    expect(n.citation.zh.length).toBeGreaterThan(0);
    expect(n.basis).toMatchObject({
      year: 2025,
      figures: [
        { figure: 'operatingSpend', year: 2025, amount: 240 * FEN_PER_WAN, source: '年度审计报告 #1' },
      ],
      missing: [],
      judgement: [],
    });
    expect((await call('GET', `/api/screening/runs/${runId}/summary`, 'sum-intl')).statusCode).toBe(403);
    // The notice on its own (its detail page), and another organisation's notice is none of its business.
    const one = await call('GET', `/api/inbox/${n.id}`, 'sum-intl');
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(n);
    const other = Buffer.from(`${rowUuid(3)}\n000·九·运营`, 'utf8').toString('base64url');
    expect((await call('GET', `/api/inbox/${other}`, 'sum-intl')).statusCode).toBe(404);
  });

  it('the OpenAPI document describes the summary with the fund’s paid and available', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/screening/runs/{id}/summary'].get;
    const funds = op.responses['200'].content['application/json'].schema.properties.funds.items.properties;
    expect(Object.keys(funds)).toEqual(
      expect.arrayContaining(['budget', 'committed', 'paid', 'available', 'automaticMax']),
    );
  });
});
