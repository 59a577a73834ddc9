/**
 * The tier and qualification ledger through the real API on both databases: roles and refusals,
 * bad input (a field-named 400, never a 500, nothing changed), officer entry, revocation, import
 * with a row-level report, the feed, as-of stock and holders, the expiring list and its export, the
 * daily scan (lapse once, reminders once per window and recipient), pools with candidates and
 * services, and first-time rewards (001·十 simulated): a notice once, explained when reached before
 * the window, confirmed into an application. Every state change leaves an audit entry.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Response as LightResponse } from 'light-my-request';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withUsccCheck } from '../src/core/uscc.ts';
import type { Db } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

let seq = 0;
async function org(db: Db, name: string, city = 'songjiang'): Promise<{ id: string; uscc: string }> {
  seq += 1;
  const id = randomUUID();
  const uscc = withUsccCheck(`91310117MA1G${String(seq).padStart(5, '0')}`);
  await db
    .insertInto('organisations')
    .values({
      id,
      uscc,
      name,
      kind: 'enterprise',
      city,
      district: city,
      centre_origin_city: null,
      sectors: [],
      licences: [],
    })
    .execute();
  return { id, uscc };
}

describeEachDatabase('qualification ledger API', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const o: Record<string, { id: string; uscc: string }> = {};
  const userId: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-09-10T04:00:00Z' });
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) o[n] = await org(ctx.db, `企业${n.toUpperCase()}`);
    await t.createUser('ent-a', 'enterprise', o.a!.id);
    await t.createUser('ent-b', 'enterprise', o.b!.id);
    await t.createUser('rev', 'reviewer', null, { department: '区科委' });
    await t.createUser('appr', 'approver', null, { department: '区科委' });
    await t.createUser('adm', 'admin');
    await t.createUser('aud', 'auditor');
    for (const n of ['ent-a', 'ent-b', 'rev', 'appr', 'adm', 'aud']) h[n] = await t.login(n);
    for (const r of await ctx.db.selectFrom('users').select(['id', 'username']).execute())
      userId[r.username] = r.id;
  });
  afterAll(async () => {
    await t?.app.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    who?: string,
    payload?: Record<string, unknown>,
  ): Promise<LightResponse> =>
    t.app.inject({
      method,
      url,
      ...(who ? { headers: h[who] } : {}),
      ...(payload !== undefined ? { payload } : {}),
    });
  const events = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('qualification_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = async (action: string) =>
    Number(
      (
        await ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the reference is public: kinds, criteria with their basis, officer parameters 待设定', async () => {
    const res = await call('GET', '/api/qualifications/reference');
    expect(res.statusCode).toBe(200);
    const ref = res.json();
    const codes = ref.kinds.map((k: { code: string }) => k.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'high_tech',
        'tech_sme',
        'specialised_sme',
        'little_giant',
        'potential_gazelle',
        'gazelle',
        'potential_unicorn',
        'unicorn',
        'chain_leader',
      ]),
    );
    const text = JSON.stringify(ref);
    expect(text).toContain('国科发火〔2016〕32号');
    expect(text).toContain('待');
  });

  it('records a 高企 certificate: granted, expiry from the three-year rule, audited; the firm sees it, another firm does not', async () => {
    const before = await audits('qualification.record');
    const res = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.a!.id,
      kind: 'high_tech',
      level: 'national',
      certificateNo: 'GR202431000123',
      issuer: '上海市科学技术委员会',
      grantedOn: '2024-12-04',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.items[0].events.map((e: { event: string }) => e.event)).toEqual(['granted']);
    expect(await audits('qualification.record')).toBe(before + 1);

    const mine = await call('GET', '/api/qualifications/mine', 'ent-a');
    expect(mine.statusCode).toBe(200);
    const held = mine.json().held;
    expect(held).toMatchObject([
      { kind: 'high_tech', grantedOn: '2024-12-04', validTo: '2027-12-03', certificateNo: 'GR202431000123' },
    ]);
    expect((await call('GET', `/api/qualifications/organisations/${o.a!.id}`, 'ent-b')).statusCode).toBe(404);
    expect((await call('GET', `/api/qualifications/organisations/${o.a!.id}`, 'aud')).statusCode).toBe(200);
  });

  it('refuses roles that may not write (401 / 403) and changes nothing', async () => {
    const n = await events();
    const body = { organisationId: o.b!.id, kind: 'high_tech', grantedOn: '2025-01-01' };
    expect((await call('POST', '/api/qualifications/records', undefined, body)).statusCode).toBe(401);
    for (const who of ['ent-a', 'aud'])
      expect((await call('POST', '/api/qualifications/records', who, body)).statusCode).toBe(403);
    expect((await call('GET', '/api/qualifications/stock', 'ent-a')).statusCode).toBe(403);
    expect((await call('PUT', '/api/qualifications/reward-settings', 'rev', { adopt: {} })).statusCode).toBe(
      403,
    );
    expect(
      (
        await call('PUT', '/api/qualifications/parameters/gazelle/revenue_growth', 'rev', {
          value: '20',
          source: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(await events()).toBe(n);
  });

  it.each([
    ['an impossible date', { kind: 'high_tech', grantedOn: '2025-02-30' }, 'grantedOn'],
    ['an unknown kind', { kind: 'golden_goose', grantedOn: '2025-01-01' }, 'kind'],
    [
      'a grade the kind does not have',
      { kind: 'little_giant', grade: 'platinum', grantedOn: '2025-01-01' },
      'grade',
    ],
    [
      'expiry before the grant',
      { kind: 'high_tech', grantedOn: '2025-01-01', expiresOn: '2024-12-31' },
      'expiresOn',
    ],
    [
      'a control character',
      { kind: 'high_tech', grantedOn: '2025-01-01', certificateNo: 'GR\u0000' },
      'certificateNo',
    ],
    ['an unknown field', { kind: 'high_tech', grantedOn: '2025-01-01', bogus: 1 }, ''],
  ])('bad input (%s) is a 400 naming the field, and changes nothing', async (_what, fields, path) => {
    const n = await events();
    const res = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.b!.id,
      ...fields,
    });
    expect(res.statusCode, res.body).toBe(400);
    const issues = res.json().error.issues as { path: string }[];
    expect(issues.some((i) => i.path === path || (path === '' && i.path !== undefined))).toBe(true);
    expect(await events()).toBe(n);
  });

  it('a revocation ends the holding the day before; revoking again is refused by field', async () => {
    const rec = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.c!.id,
      kind: 'tech_sme',
      grantedOn: '2026-03-01',
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const recordId = rec.json().items[0].events[0].recordId as string;
    const rv = await call('POST', `/api/qualifications/records/${recordId}/revoke`, 'rev', {
      on: '2026-06-01',
      reason: '复核不符合条件',
    });
    expect(rv.statusCode, rv.body).toBe(200);
    const ledger = (
      await call('GET', `/api/qualifications/organisations/${o.c!.id}?date=2026-06-01`, 'rev')
    ).json();
    expect(ledger.held).toEqual([]);
    const may31 = (
      await call('GET', `/api/qualifications/organisations/${o.c!.id}?date=2026-05-31`, 'rev')
    ).json();
    expect(may31.held.map((r: { kind: string }) => r.kind)).toEqual(['tech_sme']);
    const again = await call('POST', `/api/qualifications/records/${recordId}/revoke`, 'rev', {
      on: '2026-07-01',
      reason: '再次',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.issues.length).toBeGreaterThan(0);
    expect(await audits('qualification.revoke')).toBe(1);
  });

  it('imports a CSV: a bad row stops the file with a row-level report; the good file lands with source import', async () => {
    const header = '统一社会信用代码,企业名称,资质类型,级别,证书编号,认定日期,有效期至';
    const bad = [
      header,
      `${o.d!.uscc},企业D,high_tech,national,GR1,2023-11-15,`,
      `${o.e!.uscc},企业E,high_tech,national,GR2,2023-13-01,`,
    ].join('\n');
    const n = await events();
    const r1 = await t.app.inject({
      method: 'POST',
      url: '/api/qualifications/import?name=ledger.csv',
      headers: { ...h.rev, 'content-type': 'text/csv' },
      payload: bad,
    });
    expect(r1.statusCode, r1.body).toBe(400);
    const issues = r1.json().error.issues as { row: number; column: string; path: string }[];
    expect(issues.some((i) => i.row === 3)).toBe(true);
    expect(await events()).toBe(n);

    const good = [
      header,
      `${o.d!.uscc},企业D,high_tech,national,GR1,2023-11-15,`,
      `${o.e!.uscc},企业E,specialised_sme,municipal,ZJTX-9,2024-01-01,2026-12-31`,
    ].join('\n');
    const r2 = await t.app.inject({
      method: 'POST',
      url: '/api/qualifications/import?name=ledger.csv',
      headers: { ...h.rev, 'content-type': 'text/csv' },
      payload: good,
    });
    expect(r2.statusCode, r2.body).toBe(200);
    const ev = (await call('GET', `/api/qualifications/events?organisationId=${o.d!.id}`, 'rev')).json();
    expect(ev.items[0]).toMatchObject({ event: 'granted', source: 'import', kind: 'high_tech' });
  });

  it('the feed names firms by USCC, all or nothing: an unknown firm refuses the batch by item path', async () => {
    const n = await events();
    const unknown = withUsccCheck('91310117MA1G99999');
    const bad = await call('POST', '/api/qualifications/feed', 'rev', {
      reference: 'batch-1',
      items: [
        { action: 'certify', uscc: o.f!.uscc, kind: 'tech_sme', grantedOn: '2026-04-01' },
        { action: 'certify', uscc: unknown, kind: 'tech_sme', grantedOn: '2026-04-01' },
      ],
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.issues).toMatchObject([{ path: 'items.1.uscc' }]);
    expect(await events()).toBe(n);
    const ok = await call('POST', '/api/qualifications/feed', 'rev', {
      reference: 'batch-2',
      items: [{ action: 'certify', uscc: o.f!.uscc, kind: 'tech_sme', grantedOn: '2026-04-01' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await events()).toBe(n + 1);
  });

  it('stock and holders as of a day: the first day counts, the day after the last does not', async () => {
    const stock = async (date: string) =>
      (await call('GET', `/api/qualifications/stock?date=${date}`, 'aud')).json().kinds ??
      (await call('GET', `/api/qualifications/stock?date=${date}`, 'aud')).json();
    const s1 = JSON.stringify(await stock('2024-12-04'));
    expect(s1).toContain('high_tech');
    const holders = (
      await call('GET', '/api/qualifications/holders?kind=high_tech&date=2024-12-03', 'aud')
    ).json();
    expect(holders.items.map((i: { organisationId: string }) => i.organisationId)).toEqual([o.d!.id]);
    const onFirst = (
      await call('GET', '/api/qualifications/holders?kind=high_tech&date=2024-12-04', 'aud')
    ).json();
    expect(onFirst.total).toBe(2);
    const after = (
      await call('GET', '/api/qualifications/holders?kind=high_tech&date=2026-11-15', 'aud')
    ).json();
    expect(after.items.map((i: { organisationId: string }) => i.organisationId)).toEqual([o.a!.id]);
  });

  it('expiring within 90 / 180 days, exported as .xlsx (audited)', async () => {
    const l90 = (await call('GET', '/api/qualifications/expiring?within=90', 'rev')).json();
    expect(
      l90.items.map((i: { organisationId: string; lastDay: string }) => [i.organisationId, i.lastDay]),
    ).toEqual([[o.d!.id, '2026-11-14']]);
    const l180 = (await call('GET', '/api/qualifications/expiring?within=180', 'rev')).json();
    expect(l180.items.map((i: { organisationId: string }) => i.organisationId).sort()).toEqual(
      [o.d!.id, o.e!.id].sort(),
    );
    const before = await audits('qualification.export');
    const x = await call('GET', '/api/qualifications/expiring/export?within=180&format=xlsx', 'aud');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await audits('qualification.export')).toBe(before + 1);
    const csv = await call('GET', '/api/qualifications/expiring/export?within=180&format=csv', 'aud');
    expect(csv.body).toContain('企业D');
  });

  it('pools: define, candidates with the distance per criterion, enrol with an officer, record a service', async () => {
    const bad = await call('POST', '/api/qualifications/pools', 'rev', {
      name: '高企培育库',
      target: { kind: 'nope' },
      rule: {},
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.some((i: { path: string }) => i.path === 'target.kind')).toBe(true);
    const p = await call('POST', '/api/qualifications/pools', 'rev', {
      name: '高企培育库',
      target: { kind: 'high_tech' },
      rule: { holdsAny: ['tech_sme'], holdsNone: ['high_tech'] },
    });
    expect(p.statusCode, p.body).toBe(201);
    const poolId = p.json().id as string;
    const c = await call('GET', `/api/qualifications/pools/${poolId}/candidates`, 'aud');
    expect(c.statusCode, c.body).toBe(200);
    const cands = c.json();
    expect(cands.items.map((i: { organisationId: string }) => i.organisationId)).toEqual([o.f!.id]);
    expect(cands.items[0].distance.length).toBeGreaterThan(0);
    const en = await call('POST', `/api/qualifications/pools/${poolId}/members`, 'rev', {
      organisationIds: [o.f!.id],
      officerId: userId.rev,
    });
    expect(en.statusCode, en.body).toBe(200);
    const s = await call('POST', '/api/qualifications/services', 'rev', {
      organisationId: o.f!.id,
      poolId,
      service: 'visit',
      on: '2026-09-01',
      note: '上门走访，讲解高企认定条件',
    });
    expect(s.statusCode, s.body).toBe(201);
    const members = (await call('GET', `/api/qualifications/pools/${poolId}/members`, 'aud')).json();
    expect(members.items[0]).toMatchObject({ organisationId: o.f!.id });
    const csv = await call('GET', `/api/qualifications/pools/${poolId}/candidates/export?format=csv`, 'rev');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('企业F');
  });

  it('the daily scan: a lapse once, expiry reminders once per window and recipient (firm and its officer)', async () => {
    // 企业F (in the pool, served by rev) holds a listing to 2026-11-30: 81 days left → the 90-day reminder.
    // 企业B's 高企 ran to 2026-08-31 with nothing continuing it → lapsed on the scan.
    for (const body of [
      {
        organisationId: o.f!.id,
        kind: 'specialised_sme',
        level: 'municipal',
        grantedOn: '2023-12-01',
        expiresOn: '2026-11-30',
      },
      {
        organisationId: o.b!.id,
        kind: 'high_tech',
        level: 'national',
        grantedOn: '2023-09-01',
        expiresOn: '2026-08-31',
      },
    ])
      expect((await call('POST', '/api/qualifications/records', 'rev', body)).statusCode).toBe(201);
    const s1 = (await call('POST', '/api/qualifications/scan', 'rev', { date: '2026-09-10' })).json();
    expect(s1.lapsed).toBe(1);
    expect(s1.reminders.sent).toBeGreaterThanOrEqual(3);
    const s2 = (await call('POST', '/api/qualifications/scan', 'rev', { date: '2026-09-10' })).json();
    expect(s2.reminders.sent).toBe(0);
    expect(s2.lapsed).toBe(0);
    const msgs = await ctx.db
      .selectFrom('messages')
      .select(['dedupe_key'])
      .where('kind', '=', 'qualification.expiring')
      .execute();
    expect(msgs.length).toBeGreaterThanOrEqual(s1.reminders.sent);
    const keys = msgs.map((m) => m.dedupe_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.some((k) => k?.includes(`:user:${userId.rev}`))).toBe(true);
    const lapses = (
      await call('GET', `/api/qualifications/events?organisationId=${o.b!.id}&event=lapsed`, 'aud')
    ).json();
    expect(lapses.items).toMatchObject([{ kind: 'high_tech', on: '2026-09-01', source: 'scan' }]);
    const inbox = (await call('GET', '/api/messages', 'rev')).json();
    expect(inbox.items.some((m: { kind: string }) => m.kind === 'qualification.expiring')).toBe(true);
    // Not in the future.
    const future = (await call('POST', '/api/qualifications/scan', 'rev', { date: '2027-01-02' })).statusCode;
    expect(future).toBe(400);
    expect(await audits('qualification.scan')).toBeGreaterThanOrEqual(2);
  });

  it('first-time rewards (001·十 simulated): a notice once, explained before the window, confirmed into an application', async () => {
    expect(
      (await call('PUT', '/api/qualifications/reward-settings', 'adm', { adopt: { '000': '2026-01-01' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('PUT', '/api/qualifications/reward-settings', 'adm', { adopt: { '001': '2026-07-01' } }))
        .statusCode,
    ).toBe(200);
    // Reached inside the window.
    const r = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.a!.id,
      kind: 'gazelle',
      grantedOn: '2026-08-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    const decision = r.json().rewards;
    expect(decision).toMatchObject([
      { measureId: '001·十·瞪羚', status: 'new', amount: { max: 200_000_000 } },
    ]);
    // Reached before the window: explained, not paid.
    const b = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.b!.id,
      kind: 'gazelle',
      grantedOn: '2025-03-01',
    });
    expect(b.json().rewards).toMatchObject([{ status: 'explained', amount: null }]);
    // The firm sees the notice in its inbox and its list; another firm does not see it.
    const inbox = (await call('GET', '/api/messages', 'ent-a')).json();
    expect(inbox.items.some((m: { kind: string }) => m.kind === 'qualification.first_time_reward')).toBe(
      true,
    );
    const list = (await call('GET', '/api/qualifications/rewards', 'ent-a')).json();
    expect(list.items).toHaveLength(1);
    const id = encodeURIComponent(list.items[0].id);
    expect((await call('GET', `/api/qualifications/rewards/${id}`, 'ent-b')).statusCode).toBe(404);
    expect((await call('POST', `/api/qualifications/rewards/${id}/confirm`, 'ent-b')).statusCode).toBe(404);
    // Confirmed: an application under the measure, once — two confirmations at once make one.
    const both = await Promise.all([
      call('POST', `/api/qualifications/rewards/${id}/confirm`, 'ent-a'),
      call('POST', `/api/qualifications/rewards/${id}/confirm`, 'ent-a'),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const c = both.find((r) => r.statusCode === 200)!;
    const apps = await ctx.db
      .selectFrom('applications')
      .select('id')
      .where('organisation_id', '=', o.a!.id)
      .where('measure_id', '=', '001·十·瞪羚')
      .execute();
    expect(apps).toHaveLength(1);
    expect(c.json().reward.status).toBe('confirmed');
    const app = await ctx.db
      .selectFrom('applications')
      .select(['measure_id', 'organisation_id'])
      .where('id', '=', c.json().application.id)
      .executeTakeFirstOrThrow();
    expect(app).toEqual({ measure_id: '001·十·瞪羚', organisation_id: o.a!.id });
    expect((await call('POST', `/api/qualifications/rewards/${id}/confirm`, 'ent-a')).statusCode).toBe(409);
    // A second holding later (lapsed and regained) never raises a second notice.
    const again = await call('POST', '/api/qualifications/records', 'rev', {
      organisationId: o.a!.id,
      kind: 'gazelle',
      grantedOn: '2029-01-01',
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().rewards).toEqual([]);
    expect(
      await ctx.db
        .selectFrom('qualification_rewards')
        .selectAll()
        .where('organisation_id', '=', o.a!.id)
        .execute(),
    ).toHaveLength(1);
    expect(await audits('qualification.reward.notice')).toBe(1);
    expect(await audits('qualification.reward.explained')).toBe(1);
    expect(await audits('qualification.reward.confirm')).toBe(1);
  });

  it('ladder, path and forecast answer for officers; the path for the firm itself', async () => {
    const l = await call('GET', '/api/qualifications/ladder?fromYear=2024', 'aud');
    expect(l.statusCode, l.body).toBe(200);
    expect(l.json().funnel.length).toBeGreaterThan(1);
    const x = await call('GET', '/api/qualifications/ladder/export?fromYear=2024&format=xlsx', 'aud');
    expect(x.statusCode).toBe(200);
    const p = await call('GET', '/api/qualifications/path', 'ent-a');
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().ladders.length).toBeGreaterThan(0);
    const f = await call('GET', '/api/qualifications/forecast?kind=high_tech&toYear=2030', 'aud');
    expect(f.statusCode, f.body).toBe(200);
    expect((await call('GET', '/api/qualifications/forecast?kind=nope', 'aud')).statusCode).toBe(400);
  });

  it('the cohort forecast feeds plan monitoring: the 高企 target shows the ledger’s projection to 2030', async () => {
    const res = await call('GET', '/api/plan/targets/high-tech-enterprises', 'aud');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const own = await call(
      'GET',
      '/api/qualifications/forecast?kind=high_tech&toYear=2030&city=songjiang',
      'aud',
    );
    expect(own.statusCode, own.body).toBe(200);
    const c = d.cohortForecast;
    expect(c).toMatchObject({ kind: 'high_tech', toYear: 2030, available: true, target: 3000 });
    // The same figures the qualifications room gives, counted in the target's city (Songjiang).
    expect(c.validNow).toBe(own.json().validNow);
    expect(c.validNow).toBe(d.latest.value);
    expect(c.years.map((y: { end: number }) => y.end)).toEqual(
      own.json().forecast.years.map((y: { end: number }) => y.end),
    );
    expect(c.value).toBe(c.years.at(-1).end);
    expect(c.meetsTarget).toBe(c.value >= 3000);
    // Each figure is rounded on its own (expected values are fractions): within rounding of the sum.
    for (const y of c.years)
      expect(Math.abs(y.start + y.new - y.expiring + y.renewals - y.end)).toBeLessThanOrEqual(2);
    // A target the ledger does not count has none.
    const other = await call('GET', '/api/plan/targets/specialised-smes', 'aud');
    expect(other.json().cohortForecast).not.toBeUndefined();
    const rd = await call('GET', '/api/plan', 'aud');
    expect(rd.statusCode).toBe(200);
    const notLedger = rd.json().cards.find((x: { derived: unknown }) => x.derived === null);
    const n = await call('GET', `/api/plan/targets/${encodeURIComponent(notLedger.id)}`, 'aud');
    expect(n.json().cohortForecast).toBeNull();
  });

  // Last: its 高企 holding would change the counts the earlier cases assert.
  it('imports an .xlsx filled from the template: the row lands, a bad date is named by row and column', async () => {
    const g = await org(ctx.db, '企业G');
    const tpl = await call('GET', '/api/qualifications/import/template?format=xlsx', 'rev');
    expect(tpl.statusCode, tpl.body).toBe(200);
    const fill = async (granted: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const ws = book.worksheets[0]!;
      const headers = Array.from(ws.getRow(1).values as unknown[], (v) => String(v ?? ''));
      const col = (name: string) => {
        const i = headers.findIndex((h) => h === name || h.startsWith(`${name} `));
        expect(i, `${name} in ${headers.join(',')}`).toBeGreaterThan(0);
        return i;
      };
      // The template may carry an example row: the data row is written over row 2, the rest cleared.
      for (let r = ws.rowCount; r >= 2; r--) ws.spliceRows(r, 1);
      const row = ws.getRow(2);
      row.getCell(col('统一社会信用代码')).value = g.uscc;
      row.getCell(col('资质类型')).value = '高新技术企业';
      row.getCell(col('证书编号')).value = 'GR2025310099';
      row.getCell(col('认定日期')).value = granted;
      row.commit();
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const send = async (data: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/qualifications/import?name=ledger.xlsx',
        headers: { ...h.rev, 'content-type': 'application/octet-stream' },
        payload: data,
      });
    const n = await events();
    const bad = await send(await fill('2025-02-30'));
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: expect.stringMatching(/认定日期|granted_on/) }),
      ]),
    );
    expect(await events()).toBe(n);
    const good = await send(await fill('2025-02-28'));
    expect(good.statusCode, good.body).toBe(200);
    const file = (
      await call('GET', `/api/qualifications/organisations/${g.id}?date=2026-09-10`, 'rev')
    ).json();
    expect(JSON.stringify(file)).toContain('GR2025310099');
    const ev = (await call('GET', `/api/qualifications/events?organisationId=${g.id}`, 'rev')).json();
    expect(ev.items[0]).toMatchObject({ event: 'granted', source: 'import', kind: 'high_tech' });
  });
});
