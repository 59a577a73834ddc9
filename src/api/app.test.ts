import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/support/app.ts';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { breakUscc, testUscc } from '../../test/support/fixtures.ts';
import { OrganisationRepository } from '../storage/repositories/organisations.ts';

const org = (n: number, extra: Record<string, unknown> = {}) => ({
  uscc: testUscc(n),
  name: `测试单位${n}`,
  kind: 'enterprise',
  city: 'songjiang',
  sectors: ['ai'],
  qualifications: [{ code: 'high_tech', from: '2025-01-01', to: '2027-12-31' }],
  figures: [{ year: 2025, revenue: 100_000_000, rdExpense: 5_000_000, employees: 50 }],
  ...extra,
});

describeEachDatabase('HTTP API', (ctx) => {
  let t: TestApp;
  let admin: { authorization: string };
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await buildTestApp(ctx.db);
    await t.createUser('admin1', 'admin');
    admin = await t.login('admin1');
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: admin,
      payload: org(1),
    });
    expect(a.statusCode, a.body).toBe(201);
    orgA = a.json().id;
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: admin,
      payload: org(2),
    });
    orgB = b.json().id;
    await t.createUser('ent-a', 'enterprise', orgA);
    await t.createUser('reviewer1', 'reviewer');
    await t.createUser('auditor1', 'auditor');
  });
  afterAll(async () => {
    await t?.app.close();
  });
  // Some tests move the clock past the idle limit: sign the admin in afresh for each test.
  beforeEach(async () => {
    admin = await t.login('admin1');
  });

  const orgCount = () => new OrganisationRepository(ctx.db).count();

  describe('sessions', () => {
    it('login sets an HttpOnly cookie that works, as does the Bearer token', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'reviewer1', password: 'Test-Password-2026' },
      });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'ceyuan_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        cookies: { ceyuan_session: cookie!.value },
      });
      expect(me.json().user).toMatchObject({ username: 'reviewer1', role: 'reviewer' });
      const bearer = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${res.json().token}` },
      });
      expect(bearer.statusCode).toBe(200);
    });

    it('answers 401 in the error shape without a session, and after logout', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toEqual({
        error: { code: 'NOT_AUTHENTICATED', message: { zh: '请先登录', en: 'please log in' } },
      });
      const h = await t.login('reviewer1');
      await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h });
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h })).statusCode).toBe(401);
    });

    it('wrong password → 401; the session expires after 30 idle minutes', async () => {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'auditor1', password: 'nope-Nope-123' },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error.message.zh).toBe('用户名或密码错误');
      const h = await t.login('auditor1');
      t.clock.advanceMinutes(31);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h })).statusCode).toBe(401);
    });
  });

  describe('roles', () => {
    it('an enterprise user reads its own organisation, and gets 404 for another’s', async () => {
      const h = await t.login('ent-a');
      const own = await t.app.inject({ method: 'GET', url: `/api/organisations/${orgA}`, headers: h });
      expect(own.statusCode).toBe(200);
      expect(own.json().applicant).toMatchObject({
        kind: 'enterprise',
        city: 'songjiang',
        qualifications: [{ code: 'high_tech' }],
      });
      const other = await t.app.inject({ method: 'GET', url: `/api/organisations/${orgB}`, headers: h });
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('NOT_FOUND');
      const list = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: h });
      expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([orgA]);
    });

    it('an auditor cannot write (403, audited) and nothing changes', async () => {
      const h = await t.login('auditor1');
      const before = await orgCount();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: h,
        payload: org(3),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      const del = await t.app.inject({ method: 'DELETE', url: `/api/organisations/${orgA}`, headers: h });
      expect(del.statusCode).toBe(403);
      expect(await orgCount()).toBe(before);
      // Audited per user and minute: the first refusal at once, the repeats as one summary later.
      const log = await t.app.inject({ method: 'GET', url: '/api/audit?action=auth.forbidden', headers: h });
      expect(log.json().items[0]).toMatchObject({
        actor: 'auditor1',
        action: 'auth.forbidden',
        subject: 'POST /api/organisations',
      });
      t.clock.advanceMinutes(2);
      const h2 = await t.login('auditor1');
      // The next refusal, a new minute, closes the last one: its repeat is summarised.
      await t.app.inject({ method: 'DELETE', url: `/api/organisations/${orgA}`, headers: h2 });
      const repeated = await t.app.inject({
        method: 'GET',
        url: '/api/audit?action=auth.forbidden_repeated',
        headers: h2,
      });
      expect(repeated.json().items[0]).toMatchObject({
        actor: 'auditor1',
        detail: { repeats: 1, routes: { 'DELETE /api/organisations/:id': 1 } },
      });
    });

    it('an enterprise user cannot read the audit trail; an auditor can verify and export it', async () => {
      const ent = await t.login('ent-a');
      expect((await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: ent })).statusCode).toBe(
        403,
      );
      const aud = await t.login('auditor1');
      const verify = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: aud });
      expect(verify.json()).toMatchObject({ ok: true });
      const csv = await t.app.inject({ method: 'GET', url: '/api/audit/export?format=csv', headers: aud });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.split('\n')[0]).toBe('seq,at,actor,action,subject,detail,prev_hash,hash');
      const jsonl = await t.app.inject({ method: 'GET', url: '/api/audit/export', headers: aud });
      const lines = jsonl.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.length).toBeGreaterThan(5);
      expect(lines[0].seq).toBe(1);
    });
  });

  describe('bad input changes nothing', () => {
    it('malformed JSON → 400 INVALID_JSON', async () => {
      const before = await orgCount();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...admin, 'content-type': 'application/json' },
        payload: '{"uscc": "91310117',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_JSON');
      expect(res.json().error.message.zh).toContain('JSON');
      expect(await orgCount()).toBe(before);
    });

    it('wrong types → 400 naming each field and rule in zh and en', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: {
          ...org(4),
          name: 42,
          city: 'atlantis',
          sectors: 'ai',
          figures: [{ year: '2025', revenue: 1.5 }],
        },
      });
      expect(res.statusCode).toBe(400);
      const issues = res.json().error.issues as { path: string; rule: string; zh: string; en: string }[];
      const paths = issues.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining(['name', 'city', 'sectors', 'figures.0.year', 'figures.0.revenue']),
      );
      for (const i of issues) {
        expect(i.zh.length).toBeGreaterThan(0);
        expect(i.en.length).toBeGreaterThan(0);
      }
      expect(await new OrganisationRepository(ctx.db).getByUscc(testUscc(4))).toBeUndefined();
    });

    it('an invalid USCC → 400 with rule uscc_check', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: org(5, { uscc: breakUscc(testUscc(5)) }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues).toEqual([
        expect.objectContaining({ path: 'uscc', rule: 'uscc_check' }),
      ]);
    });

    it('a duplicate USCC → 409', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: org(1),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CONFLICT');
    });

    it('an oversize body → 413 in the error shape', async () => {
      const before = await orgCount();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: org(6, { name: 'x'.repeat(1024 * 1024 + 10) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await orgCount()).toBe(before);
    });

    it('SQL-looking strings are stored and returned as plain text', async () => {
      const name = "x'); DROP TABLE organisations; --";
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: org(7, { name, district: "' OR '1'='1" }),
      });
      expect(res.statusCode).toBe(201);
      const got = await t.app.inject({
        method: 'GET',
        url: `/api/organisations/${res.json().id}`,
        headers: admin,
      });
      expect(got.json()).toMatchObject({ name, district: "' OR '1'='1" });
      const search = await t.app.inject({
        method: 'GET',
        url: `/api/organisations?q=${encodeURIComponent("%' OR 1=1 --")}`,
        headers: admin,
      });
      expect(search.json().total).toBe(0);
    });

    it('a query parameter of the wrong type names query.<field>', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/organisations?limit=lots', headers: admin });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues[0].path).toBe('query.limit');
    });

    it('unknown routes answer 404 in the error shape', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    });
  });

  describe('registry', () => {
    it('updates and deletes, auditing both', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: admin,
        payload: org(8),
      });
      const id = created.json().id;
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/organisations/${id}`,
        headers: admin,
        payload: org(8, { name: '改名后', qualifications: [] }),
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ name: '改名后', qualifications: [] });
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/organisations/${id}`, headers: admin }))
          .statusCode,
      ).toBe(204);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/organisations/${id}`, headers: admin })).statusCode,
      ).toBe(404);
      const log = await t.app.inject({
        method: 'GET',
        url: `/api/audit?subject=organisation:${id}&order=asc`,
        headers: admin,
      });
      expect(log.json().items.map((e: { action: string }) => e.action)).toEqual([
        'registry.create',
        'registry.update',
        'registry.delete',
      ]);
    });

    it('imports a CSV upload; with errors it imports nothing unless allowPartial', async () => {
      const header = 'uscc,name,kind,city';
      const body = `${header}\n${testUscc(20)},导入一,enterprise,songjiang\n${breakUscc(testUscc(21))},导入二,enterprise,songjiang\n`;
      const before = await orgCount();
      const rejected = await t.app.inject({
        method: 'POST',
        url: '/api/organisations/import?name=a.csv',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: body,
      });
      expect(rejected.statusCode).toBe(400);
      expect(rejected.json().error.issues).toEqual([
        expect.objectContaining({ row: 3, column: 'uscc', rule: 'uscc_check' }),
      ]);
      expect(await orgCount()).toBe(before);
      const partial = await t.app.inject({
        method: 'POST',
        url: '/api/organisations/import?name=a.csv&allowPartial=true',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: body,
      });
      expect(partial.statusCode).toBe(200);
      expect(partial.json()).toMatchObject({ created: 1, skipped: 1, committed: true });
      // The answer goes out through its documented schema (OpenAPI), the skipped row's issue included.
      expect(partial.json().issues).toEqual([
        expect.objectContaining({ row: 3, column: 'uscc', rule: 'uscc_check' }),
      ]);
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const answer = doc.paths['/api/organisations/import'].post.responses['200'];
      expect(Object.keys(answer.content['application/json'].schema.properties)).toEqual(
        expect.arrayContaining(['created', 'updated', 'skipped', 'committed', 'issues']),
      );
      expect(await orgCount()).toBe(before + 1);
    });
  });

  describe('public endpoints', () => {
    it('GET /api/catalogue and /api/catalogue/:id', async () => {
      const list = await t.app.inject({ method: 'GET', url: '/api/catalogue' });
      expect(list.statusCode).toBe(200);
      const body = list.json();
      expect(body.reference.cities.length).toBeGreaterThan(8);
      const first = body.measures[0];
      const one = await t.app.inject({
        method: 'GET',
        url: `/api/catalogue/${encodeURIComponent(first.id)}`,
      });
      expect(one.json()).toMatchObject({ id: first.id, quote: expect.any(String) });
      expect((await t.app.inject({ method: 'GET', url: '/api/catalogue/999' })).statusCode).toBe(404);
    });

    it('POST /api/calc evaluates with today from the clock, in the language asked', async () => {
      const payload = {
        applicant: { kind: 'innovation_centre', city: 'songjiang', centreOriginCity: 'jiaxing' },
        matters: [],
      };
      const zh = await t.app.inject({ method: 'POST', url: '/api/calc', payload });
      expect(zh.statusCode).toBe(200);
      expect(zh.json().asOf).toBe('2026-07-01');
      const en = await t.app.inject({ method: 'POST', url: '/api/calc?lang=en', payload });
      expect(en.json().evaluations[0].title).not.toBe(zh.json().evaluations[0].title);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/calc',
        payload: { applicant: { kind: 'enterprise', city: 'atlantis' } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.issues[0].path).toBe('applicant.city');
    });

    it('serves the OpenAPI document and the docs page', async () => {
      const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      expect(doc.json().paths['/api/calc'].post).toBeDefined();
      expect(doc.json().paths['/api/organisations/{id}']).toBeDefined();
      const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(ui.statusCode).toBe(200);
    });
  });
});

describe('login rate limit', () => {
  it('answers 429 in the error shape past the limit', async () => {
    const { openTestDatabase } = await import('../../test/support/databases.ts');
    const db = await openTestDatabase('pglite');
    const t = await buildTestApp(db, { loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'x-user', password: 'whatever-Pass1' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().error.code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await t.app.close();
      await db.destroy();
    }
  });
});
