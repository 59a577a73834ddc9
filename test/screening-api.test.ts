/**
 * Screening, the inbox and simulation through HTTP (app.inject), on PGlite and on PostgreSQL, over a
 * registry of a few hundred generated organisations: a run started in the background shows its
 * progress and completes; cancelled and resumed it gives the same results as an uninterrupted run,
 * with no notice twice; each role's limits; a 免申即享 notice confirms into an application; exports;
 * a "no change" simulation reports zero difference; bad input names the field.
 *
 * Two apps share the database: the catalogue as on disk (draft 001 not in force, so every notice is
 * a 快申快享 invitation), and one with 001 in force from 2026-07-01 — where 001·十·独角兽 is 免申即享.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { catalogueWith001InForce } from '../src/catalogue/testing.ts';
import { wanToFen } from '../src/core/money.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { insertRegistry, rowUuid } from '../src/screening/load-sql.ts';
import { ManualClock } from '../src/service/clock.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';
import { testCatalogue } from './support/fixtures.ts';

type Headers = { authorization: string };
type Run = { id: string; status: string; processed: number; total: number; percent: number; notices: number };

const SIZE = 300;
const DATE = '2026-09-01';

describeEachDatabase('screening, inbox and simulation over HTTP', (ctx) => {
  let t: TestApp;
  let adopted: FastifyInstance;
  const h: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await buildTestApp(ctx.db);
    adopted = await buildApp({
      db: ctx.db,
      catalogue: catalogueWith001InForce(),
      clock: new ManualClock('2026-07-01T02:00:00Z'),
      logger: false,
      config: { loginRateLimit: 1000 },
      webDir: '/nonexistent',
    });
    const reference = testCatalogue().reference;
    const registry = generateRegistry(reference, { count: SIZE, seed: 60 });
    await insertRegistry(
      (sql, parameters) => ctx.db.executeQuery(CompiledQuery.raw(sql, parameters)),
      registry,
      reference,
    );
    // Rows 0 and 1: corridor enterprises in a collaborative innovation centre (000·二 reaches them);
    // row 0 also a first-time unicorn (001·十·独角兽, 免申即享, once 001 is in force).
    await ctx.db
      .updateTable('organisations')
      .set({ centre_origin_city: 'jiaxing', city: 'songjiang', kind: 'enterprise' })
      .where('id', 'in', [rowUuid(0), rowUuid(1)])
      .execute();
    // Registered before the test clock's first run: an incremental re-screen sees nothing changed.
    await ctx.db.updateTable('organisations').set({ updated_at: '2026-06-01T00:00:00Z' }).execute();
    await ctx.db
      .insertInto('organisation_qualifications')
      .values({ organisation_id: rowUuid(0), code: 'unicorn', valid_from: '2026-08-01', valid_to: null })
      .execute();
    const users: [string, Parameters<TestApp['createUser']>[1], string | null][] = [
      ['ent0', 'enterprise', rowUuid(0)],
      ['ent1', 'enterprise', rowUuid(1)],
      ['reviewer1', 'reviewer', null],
      ['approver1', 'approver', null],
      ['admin1', 'admin', null],
      ['auditor1', 'auditor', null],
    ];
    for (const [name, role, org] of users) await t.createUser(name, role, org);
    for (const [name] of users) h[name] = await t.login(name);
  });

  afterAll(async () => {
    await t?.app.close();
    await adopted?.close();
  });

  function call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: string | null,
    payload?: unknown,
    app = t.app,
  ) {
    return app.inject({
      method,
      url,
      headers: who ? h[who] : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  async function waitFor(id: string, app = t.app): Promise<{ run: Run; seen: number[] }> {
    const seen: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const res = await call('GET', `/api/screening/runs/${id}`, 'auditor1', undefined, app);
      expect(res.statusCode).toBe(200);
      const run = res.json() as Run;
      seen.push(run.percent);
      if (run.status !== 'running') return { run, seen };
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`run ${id} did not finish`);
  }

  async function pairs(id: string): Promise<string[]> {
    const out: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const res = await call(
        'GET',
        `/api/screening/runs/${id}/results?limit=1000&offset=${offset}`,
        'reviewer1',
      );
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { organisationId: string; measureId: string }[]; total: number };
      out.push(...page.items.map((r) => `${r.organisationId} ${r.measureId}`));
      if (out.length >= page.total) return out;
    }
  }

  async function noticeCount(): Promise<number> {
    const { rows } = await ctx.db.executeQuery<{ n: number }>(
      CompiledQuery.raw('SELECT count(*)::int AS n FROM screening_notices'),
    );
    return Number(rows[0]!.n);
  }

  let resumed: Run;
  let resumedPairs: string[];

  it('a run starts at once, proceeds in the background, is cancelled and resumed to completion (audited)', async () => {
    const start = await call('POST', '/api/screening/runs', 'reviewer1', { date: DATE, chunkSize: 1 });
    expect(start.statusCode).toBe(202);
    const run = start.json() as Run;
    expect(run).toMatchObject({ status: 'running', total: SIZE, date: DATE, kind: 'full', simulated: false });
    // Wait for the first chunk, then cancel between chunks.
    let status: Run = run;
    for (let i = 0; i < 1000 && status.processed === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      status = (await call('GET', `/api/screening/runs/${run.id}`, 'reviewer1')).json();
    }
    const cancel = await call('POST', `/api/screening/runs/${run.id}/cancel`, 'approver1');
    expect(cancel.statusCode).toBe(200);
    const cancelled = cancel.json() as Run;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.processed).toBeGreaterThan(0);
    expect(cancelled.processed).toBeLessThan(SIZE);
    await new Promise((r) => setTimeout(r, 50));
    const still = (await call('GET', `/api/screening/runs/${run.id}`, 'auditor1')).json() as Run;
    expect(still).toMatchObject({ status: 'cancelled', processed: cancelled.processed });
    expect(still.percent).toBe(Math.floor((cancelled.processed * 100) / SIZE));
    expect((await call('POST', `/api/screening/runs/${run.id}/cancel`, 'admin1')).statusCode).toBe(409);

    const resume = await call('POST', `/api/screening/runs/${run.id}/resume`, 'admin1');
    expect(resume.statusCode).toBe(200);
    expect(resume.json().status).toBe('running');
    const { run: done, seen } = await waitFor(run.id);
    expect(done).toMatchObject({ status: 'completed', processed: SIZE, percent: 100 });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    resumed = done;
    resumedPairs = await pairs(run.id);
    expect(resumedPairs.length).toBeGreaterThan(0);
    expect(resumedPairs).toContain(`${rowUuid(0)} 000·二`);
    // One notice per (organisation, measure) found: the cancelled-and-resumed run made each once.
    expect(done.notices).toBe(resumedPairs.length);
    expect(await noticeCount()).toBe(resumedPairs.length);

    const list = await call('GET', '/api/screening/runs', 'auditor1');
    expect(list.json().items.map((r: Run) => r.id)).toContain(run.id);
    const audit = await call(
      'GET',
      `/api/audit?subject=${encodeURIComponent(`screening_run:${run.id}`)}&order=asc`,
      'auditor1',
    );
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'screening.start',
      'screening.cancel',
      'screening.resume',
      'screening.complete',
    ]);
  });

  it('an uninterrupted run and an incremental re-screen give the same results and notify nobody again', async () => {
    const before = await noticeCount();
    // The latest completed run is the incremental one's base: runs a second apart on the test clock.
    t.clock.advance(1000);
    const start = await call('POST', '/api/screening/runs', 'admin1', { date: DATE });
    expect(start.statusCode).toBe(202);
    const { run } = await waitFor(start.json().id);
    expect(run).toMatchObject({ status: 'completed', notices: 0 });
    expect(await pairs(run.id)).toEqual(resumedPairs);
    expect(resumed.notices).toBe(resumedPairs.length);

    t.clock.advance(1000);
    const inc = await call('POST', '/api/screening/runs', 'reviewer1', { date: DATE, incremental: true });
    expect(inc.json()).toMatchObject({ kind: 'incremental', baseRunId: run.id, changedMeasures: [] });
    const done = (await waitFor(inc.json().id)).run as Run & { evaluated: number; copied: number };
    expect(done.status).toBe('completed');
    expect(done.evaluated).toBe(0);
    expect(done.copied).toBe(resumedPairs.length);
    expect(await pairs(done.id)).toEqual(resumedPairs);
    expect(await noticeCount()).toBe(before);

    // No body: today in Shanghai (the test clock: 2026-07-01).
    const today = await call('POST', '/api/screening/runs', 'reviewer1');
    expect(today.statusCode, today.body).toBe(202);
    expect(today.json().date).toBe('2026-07-01');
    expect((await waitFor(today.json().id)).run.status).toBe('completed');
  });

  it('role limits: officers run, auditors read, enterprises neither', async () => {
    const id = resumed.id;
    expect((await call('POST', '/api/screening/runs', 'ent0', { date: DATE })).statusCode).toBe(403);
    expect((await call('GET', '/api/screening/runs', 'ent0')).statusCode).toBe(403);
    expect((await call('GET', `/api/screening/runs/${id}/results`, 'ent0')).statusCode).toBe(403);
    expect((await call('POST', '/api/screening/runs', 'auditor1', { date: DATE })).statusCode).toBe(403);
    // Refused before the body is read: a reader's bad write is 403, not 400.
    expect((await call('POST', '/api/screening/runs', 'auditor1', { date: 'nope' })).statusCode).toBe(403);
    expect((await call('POST', `/api/screening/runs/${id}/cancel`, 'auditor1')).statusCode).toBe(403);
    expect((await call('POST', `/api/screening/runs/${id}/resume`, 'auditor1')).statusCode).toBe(403);
    expect((await call('POST', '/api/simulations', 'auditor1', {})).statusCode).toBe(403);
    expect((await call('POST', '/api/simulations', 'ent0', {})).statusCode).toBe(403);
    expect((await call('GET', '/api/screening/runs', null)).statusCode).toBe(401);
    expect((await call('GET', `/api/screening/runs/${id}`, 'auditor1')).statusCode).toBe(200);
    expect(
      (await call('GET', '/api/screening/runs/00000000-0000-4000-8000-00000000abcd', 'auditor1')).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/screening/runs/not-a-run', 'auditor1')).statusCode).toBe(404);
    const forbidden = await call('GET', '/api/audit?action=auth.forbidden', 'auditor1');
    expect(forbidden.json().items.length).toBeGreaterThan(0);
  });

  it('results page by measure and mode; counts per measure', async () => {
    const id = resumed.id;
    const all = (await call('GET', `/api/screening/runs/${id}/results?limit=7`, 'reviewer1')).json();
    expect(all.items).toHaveLength(7);
    expect(all.total).toBe(resumedPairs.length);
    const next = (
      await call('GET', `/api/screening/runs/${id}/results?limit=7&offset=7`, 'reviewer1')
    ).json();
    expect(
      next.items.map(
        (r: { measureId: string; organisationId: string }) => `${r.organisationId} ${r.measureId}`,
      ),
    ).toEqual(resumedPairs.slice(7, 14));
    const one = (
      await call(
        'GET',
        `/api/screening/runs/${id}/results?measureId=${encodeURIComponent('000·二')}`,
        'reviewer1',
      )
    ).json();
    expect(one.total).toBe(resumedPairs.filter((p) => p.endsWith(' 000·二')).length);
    expect(one.items[0]).toMatchObject({ measureId: '000·二', mode: 'invitation', noticeStatus: 'new' });
    expect(one.items[0].title.zh.length).toBeGreaterThan(0);
    const invitations = (
      await call('GET', `/api/screening/runs/${id}/results?mode=invitation`, 'reviewer1')
    ).json();
    expect(invitations.total).toBe(resumedPairs.length);
    const automatic = (
      await call('GET', `/api/screening/runs/${id}/results?mode=automatic`, 'reviewer1')
    ).json();
    expect(automatic).toMatchObject({ items: [], total: 0 });
    const counts = (await call('GET', `/api/screening/runs/${id}/counts`, 'auditor1')).json();
    expect(counts.items.reduce((s: number, c: { organisations: number }) => s + c.organisations, 0)).toBe(
      resumedPairs.length,
    );
  });

  it('exports CSV with a header row and .xlsx with its content type, both named for download', async () => {
    const id = resumed.id;
    const csv = await call('GET', `/api/screening/runs/${id}/export?format=csv`, 'reviewer1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="ceyuan-screening-2026-09-01-[0-9a-f]{8}\.csv"$/,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('统一社会信用代码,名称,类型,城市,措施,措施名称,方式,本次新增,通知状态');
    expect(lines).toHaveLength(resumedPairs.length + 1);

    const xlsx = await call('GET', `/api/screening/runs/${id}/export?format=xlsx`, 'auditor1');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toMatch(/\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(resumedPairs.length + 1);
    expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('统一社会信用代码');

    expect((await call('GET', `/api/screening/runs/${id}/export?format=pdf`, 'reviewer1')).statusCode).toBe(
      400,
    );
    expect((await call('GET', `/api/screening/runs/${id}/export?format=csv`, 'ent0')).statusCode).toBe(403);
    const audit = await call('GET', '/api/audit?action=screening.export', 'auditor1');
    expect(audit.json().items.length).toBe(2);
  });

  it('the inbox: an enterprise sees its own notices; another organisation’s is 404; an invitation confirms to a short application', async () => {
    const mine = await call('GET', '/api/inbox', 'ent0');
    expect(mine.statusCode).toBe(200);
    const items = mine.json().items as {
      id: string;
      organisationId: string;
      measureId: string;
      mode: string;
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const n of items) expect(n.organisationId).toBe(rowUuid(0));
    const invitation = items.find((n) => n.measureId === '000·二')!;
    expect(invitation).toMatchObject({ mode: 'invitation', status: 'new' });

    // ent1's organisation has its own 000·二 notice; ent0's id is not ent1's to touch.
    for (const action of ['confirm', 'dismiss', 'read'])
      expect((await call('POST', `/api/inbox/${invitation.id}/${action}`, 'ent1')).statusCode).toBe(404);
    expect((await call('GET', `/api/inbox?organisationId=${rowUuid(0)}`, 'ent1')).statusCode).toBe(404);
    expect((await call('POST', '/api/inbox/garbage!/confirm', 'ent1')).statusCode).toBe(404);
    expect((await call('POST', `/api/inbox/${invitation.id}/confirm`, 'reviewer1')).statusCode).toBe(403);

    const confirm = await call('POST', `/api/inbox/${invitation.id}/confirm`, 'ent0');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({
      kind: 'invitation',
      measureId: '000·二',
      notice: { status: 'read' },
      next: { method: 'POST', path: '/api/applications', body: { measureId: '000·二' } },
    });

    const officer = await call('GET', `/api/inbox?organisationId=${rowUuid(0)}`, 'auditor1');
    expect(officer.json().items.length).toBe(items.length);
    const missing = await call('GET', '/api/inbox', 'reviewer1');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues[0].path).toBe('query.organisationId');

    const ent1 = (await call('GET', '/api/inbox', 'ent1')).json().items as {
      id: string;
      measureId: string;
    }[];
    const dismissed = await call('POST', `/api/inbox/${ent1[0]!.id}/dismiss`, 'ent1');
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json().status).toBe('dismissed');
    expect((await call('GET', '/api/inbox?status=dismissed', 'ent1')).json().items).toHaveLength(1);
  });

  it('免申即享: a notice confirms into the prefilled application, visible at GET /api/applications', async () => {
    const start = await call('POST', '/api/screening/runs', 'reviewer1', { date: DATE }, adopted);
    expect(start.statusCode).toBe(202);
    const { run } = await waitFor(start.json().id, adopted);
    expect(run.status).toBe('completed');
    expect(run.notices).toBeGreaterThan(0);
    const inbox = (await call('GET', '/api/inbox', 'ent0', undefined, adopted)).json().items as {
      id: string;
      measureId: string;
      mode: string;
      status: string;
    }[];
    const unicorn = inbox.find((n) => n.measureId === '001·十·独角兽')!;
    expect(unicorn).toMatchObject({ mode: 'automatic', status: 'new' });

    const confirm = await call('POST', `/api/inbox/${unicorn.id}/confirm`, 'ent0', undefined, adopted);
    expect(confirm.statusCode).toBe(201);
    const { application, notice } = confirm.json();
    expect(application).toMatchObject({
      measureId: '001·十·独角兽',
      organisationId: rowUuid(0),
      state: 'draft',
    });
    expect(notice).toMatchObject({ status: 'confirmed', applicationId: application.id });
    const list = await call('GET', '/api/applications', 'ent0', undefined, adopted);
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(application.id);
    expect(
      (await call('POST', `/api/inbox/${unicorn.id}/confirm`, 'ent0', undefined, adopted)).statusCode,
    ).toBe(409);
    // Not ent1's.
    expect(
      (await call('POST', `/api/inbox/${unicorn.id}/confirm`, 'ent1', undefined, adopted)).statusCode,
    ).toBe(404);
  });

  it('simulation: no change is zero difference; adopting draft 001 is compared with the budgets', async () => {
    const none = await call('POST', '/api/simulations', 'reviewer1', { date: DATE });
    expect(none.statusCode).toBe(200);
    const r = none.json();
    expect(r.organisations).toBe(SIZE);
    expect(r.newlyEligibleOrganisations).toBe(0);
    expect(r.noLongerEligibleOrganisations).toBe(0);
    for (const m of r.measures) {
      expect(m.newlyEligible).toBe(0);
      expect(m.noLongerEligible).toBe(0);
      expect(m.changed).toEqual(m.baseline);
    }
    for (const y of r.totals) expect(y.delta).toEqual({ automatic: 0, invitation: 0 });
    for (const f of r.funds) expect(f.delta).toEqual({ automatic: 0, invitation: 0 });
    expect(r.years).toEqual([2026, 2027, 2028, 2029, 2030]);

    expect(
      (await call('PUT', '/api/budgets/000/2026', 'approver1', { amount: wanToFen(3000) })).statusCode,
    ).toBe(200);
    expect(
      (await call('PUT', '/api/budgets/002/2026', 'approver1', { amount: wanToFen(2000) })).statusCode,
    ).toBe(200);
    const adopt = await call('POST', '/api/simulations', 'admin1', {
      date: DATE,
      years: [2027, 2026],
      changes: [{ kind: 'adopt', document: '001', date: '2026-07-01' }],
    });
    expect(adopt.statusCode).toBe(200);
    const a = adopt.json();
    expect(a.years).toEqual([2026, 2027]);
    expect(a.newlyEligibleOrganisations).toBeGreaterThan(0);
    expect(a.measures.find((m: { measureId: string }) => m.measureId === '001·十·独角兽').newlyEligible).toBe(
      1,
    );
    expect(a.totals.find((y: { year: number }) => y.year === 2026).budget).toBe(wanToFen(5000));
    expect(a.totals.find((y: { year: number }) => y.year === 2027).budget).toBeNull();
    const fund000 = a.funds.find((f: { fund: string; year: number }) => f.fund === '000' && f.year === 2026);
    expect(fund000).toMatchObject({
      budget: wanToFen(3000),
      headroom: wanToFen(3000) - fund000.changed.automatic,
    });
    const fund001 = a.funds.find((f: { fund: string; year: number }) => f.fund === '001' && f.year === 2026);
    expect(fund001.changed.automatic).toBeGreaterThan(0);
    expect(fund001.budget).toBeNull();
  });

  it('bad input is 400 naming the field', async () => {
    const issues = async (res: Awaited<ReturnType<typeof call>>) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('INVALID_INPUT');
      return (res.json().error.issues as { path: string }[]).map((i) => i.path);
    };
    expect(
      await issues(await call('POST', '/api/screening/runs', 'reviewer1', { date: '2026-02-30' })),
    ).toEqual(['date']);
    expect(
      await issues(
        await call('POST', '/api/screening/runs', 'reviewer1', { date: DATE, adopt: { '000': DATE } }),
      ),
    ).toEqual(['adopt.000']);
    expect(await issues(await call('POST', '/api/screening/runs', 'reviewer1', { chunkSize: 0 }))).toEqual([
      'chunkSize',
    ]);
    expect(
      await issues(
        await call('GET', `/api/screening/runs/${resumed.id}/results?measureId=nope`, 'reviewer1'),
      ),
    ).toEqual(['query.measureId']);
    expect(
      await issues(
        await call('GET', `/api/screening/runs/${resumed.id}/results?mode=sometimes`, 'reviewer1'),
      ),
    ).toEqual(['query.mode']);
    expect(
      await issues(
        await call('POST', '/api/simulations', 'reviewer1', {
          changes: [{ kind: 'rate', measureId: 'nope', ratePercent: 10 }],
        }),
      ),
    ).toEqual(['changes.0.measureId']);
    expect(
      await issues(
        await call('POST', '/api/simulations', 'reviewer1', {
          changes: [
            { kind: 'cap', measureId: '000·二', capWan: 100 },
            { kind: 'rate', measureId: '000·二', ratePercent: -5 },
          ],
        }),
      ),
    ).toEqual(['changes.1.ratePercent']);
    expect(await issues(await call('POST', '/api/simulations', 'reviewer1', { date: '2026-13-01' }))).toEqual(
      ['date'],
    );
    expect(
      await issues(
        await call('POST', '/api/simulations', 'reviewer1', {
          changes: [{ kind: 'adopt', document: '002', date: '2026-02-29' }],
        }),
      ),
    ).toEqual(['changes.0.date']);
    expect(
      await issues(
        await call('POST', '/api/simulations', 'reviewer1', {
          changes: [{ kind: 'adopt', document: '000', date: DATE }],
        }),
      ),
    ).toEqual(['changes.0.document']);
  });

  it('the OpenAPI document lists the new endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/screening/runs',
      '/api/screening/runs/{id}',
      '/api/screening/runs/{id}/cancel',
      '/api/screening/runs/{id}/resume',
      '/api/screening/runs/{id}/results',
      '/api/screening/runs/{id}/export',
      '/api/inbox',
      '/api/inbox/{id}/confirm',
      '/api/simulations',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
  });
});
