/**
 * The whole life of an application through HTTP (app.inject), on PGlite and on PostgreSQL: each
 * role's limits, the computed range, the notice and an upheld objection, stages and idempotent
 * payments, the budget and the ledger, and the OpenAPI document.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wanToFen } from '../src/core/money.ts';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

type Headers = { authorization: string };

describeEachDatabase('applications over HTTP', (ctx) => {
  let t: TestApp;
  const h: Record<string, Headers> = {};
  let orgA: string;

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-09-10T04:00:00Z' });
    orgA = await insertOrganisation(ctx.db, {
      name: '揭榜企业',
      kind: 'enterprise',
      centreOriginCity: 'jiaxing',
    });
    const orgB = await insertOrganisation(ctx.db, {
      name: '他家企业',
      kind: 'enterprise',
      centreOriginCity: 'hangzhou',
    });
    const users: [string, Parameters<TestApp['createUser']>[1], string | null][] = [
      ['ent-a', 'enterprise', orgA],
      ['ent-b', 'enterprise', orgB],
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
  });

  /** The clock moves days ahead: sign everyone in again so idle sessions do not expire. */
  async function moveTo(day: string) {
    t.clock.set(`${day}T04:00:00Z`);
    for (const name of Object.keys(h)) h[name] = await t.login(name);
  }

  function call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    who: string,
    payload?: unknown,
    extra = {},
  ) {
    return t.app.inject({
      method,
      url,
      headers: { ...h[who], ...extra },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  const challenge = (id: string) => ({
    id,
    type: 'challenge',
    date: '2026-09-01',
    challengeLists: ['songjiang_demand'],
    figures: { bidAmount: wanToFen(5000) },
  });

  it('runs the whole life of an application through HTTP', async () => {
    await moveTo('2026-09-10');
    expect(
      (await call('PUT', '/api/budgets/000/2026', 'admin1', { amount: wanToFen(10_000) })).statusCode,
    ).toBe(200);

    const created = await call('POST', '/api/applications', 'ent-a', {
      measureId: '000·二',
      matter: challenge(`HTTP-${randomUUID()}`),
      title: '揭榜攻关',
      attachments: [{ name: '合同.pdf', type: 'application/pdf', size: 1000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const url = `/api/applications/${id}`;

    expect((await call('POST', `${url}/submit`, 'ent-a', {})).json().state).toBe('submitted');
    expect((await call('POST', `${url}/accept`, 'reviewer1', {})).json().state).toBe('accepted');
    expect((await call('POST', `${url}/start-review`, 'reviewer1', {})).json().state).toBe('under_review');

    const out = await call('POST', `${url}/recommend`, 'reviewer1', { amount: wanToFen(1600) });
    expect(out.statusCode).toBe(422);
    expect(out.json().error.code).toBe('OUT_OF_RANGE');
    expect(out.json().error.message.zh).toContain('超出');
    expect(out.json().error.message.en).toContain('¥15,000,000.00');
    // Below the ceiling (最高可获 1500万) is allowed, with a written reason only.
    const noReason = await call('POST', `${url}/recommend`, 'reviewer1', { amount: wanToFen(1200) });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('REASON_REQUIRED');
    expect(noReason.json().error.message.zh).toContain('最高可获¥15,000,000.00');
    const review = (await call('GET', url, 'reviewer1')).json();
    expect(review.range).toMatchObject({ min: 0, max: wanToFen(1500), exact: false });
    expect(review.range.headline.zh).toBe('最高可获¥15,000,000.00');
    expect(review.stagePlan).toMatchObject({ staged: true, weights: [4, 3, 3] });
    expect(review.overlapChecks).toEqual([]);
    const queue = (await call('GET', '/api/review/queue?state=under_review', 'reviewer1')).json();
    expect(queue.items.find((i: { id: string }) => i.id === id)).toMatchObject({ overlapChecks: 0 });

    expect((await call('POST', `${url}/recommend`, 'reviewer1', { amount: wanToFen(1500) })).statusCode).toBe(
      200,
    );
    expect((await call('POST', `${url}/approve`, 'reviewer1', {})).statusCode).toBe(403);
    const approved = await call('POST', `${url}/approve`, 'approver1', {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', approvedAmount: wanToFen(1500) });

    // Notice, an objection upheld: back to review, then approved again.
    expect((await call('POST', `${url}/publish-notice`, 'admin1', { days: 3 })).json().notice).toEqual({
      startsOn: '2026-09-10',
      endsOn: '2026-09-12',
    });
    expect(
      (await call('POST', `${url}/objections`, 'reviewer1', { raisedBy: '匿名', text: '揭榜额与合同不符' }))
        .statusCode,
    ).toBe(200);
    const upheld = await call('POST', `${url}/objections/uphold`, 'admin1', { reason: '核实后重新审核' });
    expect(upheld.json().state).toBe('under_review');
    expect((await call('GET', '/api/budgets/000/2026', 'auditor1')).json().committed).toBe(0);
    const lower = await call('POST', `${url}/recommend`, 'reviewer1', {
      amount: wanToFen(1500),
      reason: '核实揭榜合同后按最高可获金额建议',
    });
    expect(lower.json().recommendedReason).toBe('核实揭榜合同后按最高可获金额建议');
    await call('POST', `${url}/approve`, 'approver1', {});
    await call('POST', `${url}/publish-notice`, 'approver1', { days: 3 });
    const early = await call('POST', `${url}/close-notice`, 'admin1', {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message.en).toContain('2026-09-12');
    await moveTo('2026-09-13');
    expect((await call('POST', `${url}/close-notice`, 'admin1', {})).json().state).toBe('notice_closed');

    // Stages and payments.
    const bad = await call('POST', `${url}/stages`, 'admin1', { amounts: [wanToFen(1000), wanToFen(400)] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('STAGES_INVALID');
    expect((await call('POST', `${url}/stages`, 'admin1', { weights: [4, 3, 3] })).json().state).toBe(
      'scheduled',
    );
    const detail = (await call('GET', url, 'ent-a')).json();
    expect(detail.stages.map((s: { amount: number }) => s.amount)).toEqual([
      wanToFen(600),
      wanToFen(450),
      wanToFen(450),
    ]);
    const stage = (n: number) => `${url}/stages/${detail.stages[n].id}/pay`;
    const noKey = await call('POST', stage(0), 'admin1', {});
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.issues[0].path).toBe('headers.idempotency-key');
    const key = { 'idempotency-key': `pay-${randomUUID()}` };
    const first = await call('POST', stage(0), 'admin1', {}, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await call('POST', stage(0), 'admin1', {}, key);
    expect(again.statusCode).toBe(200);
    expect(again.json().replayed).toBe(true);
    expect(again.json().payment.id).toBe(first.json().payment.id);
    const reused = await call('POST', stage(1), 'admin1', {}, key);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await call('POST', stage(1), 'approver1', {}, { 'idempotency-key': `pay-${randomUUID()}` });
    const last = await call('POST', stage(2), 'approver1', {}, { 'idempotency-key': `pay-${randomUUID()}` });
    expect(last.json().application.state).toBe('paid');
    expect((await call('POST', `${url}/close`, 'admin1', {})).json().state).toBe('closed');

    // What the applicant sees at the end.
    const end = (await call('GET', url, 'ent-a')).json();
    expect(end.timeline.at(-1)).toMatchObject({ action: 'close', to: 'closed' });
    expect(end.payments).toHaveLength(3);
    expect(end.stages.every((s: { paid: boolean }) => s.paid)).toBe(true);
    expect(end.actions).toEqual([]);
    const approval = end.timeline.filter((x: { action: string }) => x.action === 'approve').at(-1);
    const decision = (await call('GET', `${url}/decisions/${approval.step}`, 'auditor1')).json();
    expect(decision.evaluation.clause.citation.zh).toContain('第二条');
    expect(decision.inputs.applicant.kind).toBe('enterprise');

    // The ledger: committed and paid.
    const ledger = (await call('GET', '/api/ledger?fund=000&year=2026', 'auditor1')).json();
    expect(ledger.lines.find((l: { measureId: string }) => l.measureId === '000·二')).toMatchObject({
      committed: wanToFen(1500),
      paid: wanToFen(1500),
      outstanding: 0,
    });
    expect(ledger.funds[0]).toMatchObject({ fund: '000', year: 2026, amount: wanToFen(10_000) });
    const chain = await call('GET', '/api/audit/verify', 'auditor1');
    expect(chain.json().ok).toBe(true);
  });

  it('keeps each role to its limits', async () => {
    await moveTo('2026-09-14');
    const created = await call('POST', '/api/applications', 'ent-a', {
      measureId: '000·二',
      matter: challenge(`R-${randomUUID()}`),
    });
    const id = created.json().id as string;
    const url = `/api/applications/${id}`;
    // Another enterprise: not found, not listed, cannot act.
    expect((await call('GET', url, 'ent-b')).statusCode).toBe(404);
    expect((await call('POST', `${url}/submit`, 'ent-b', {})).statusCode).toBe(404);
    const listB = (await call('GET', '/api/applications', 'ent-b')).json();
    expect(listB.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect(
      (await call('GET', '/api/applications', 'ent-a')).json().items.map((a: { id: string }) => a.id),
    ).toContain(id);
    // The auditor reads everything and writes nothing.
    expect((await call('GET', url, 'auditor1')).statusCode).toBe(200);
    expect((await call('GET', '/api/review/queue?state=draft', 'auditor1')).json().total).toBeGreaterThan(0);
    for (const [method, path, body] of [
      ['POST', `${url}/submit`, {}],
      ['POST', `${url}/accept`, {}],
      ['POST', `${url}/approve`, {}],
      ['POST', `${url}/recommend`, { amount: 1 }],
      ['PATCH', url, { title: 'x' }],
      ['POST', '/api/applications', { measureId: '000·二' }],
      ['PUT', '/api/budgets/000/2026', { amount: 1 }],
    ] as const) {
      const res = await call(method, path, 'auditor1', body);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
    }
    // Even with a malformed body, a role that may never act is told 403, not 400.
    expect((await call('POST', `${url}/recommend`, 'auditor1', { amount: 'lots' })).statusCode).toBe(403);
    // Enterprise users cannot review or see the fund; officers cannot apply.
    await call('POST', `${url}/submit`, 'ent-a', {});
    expect((await call('POST', `${url}/accept`, 'ent-a', {})).statusCode).toBe(403);
    expect((await call('GET', '/api/review/queue', 'ent-a')).statusCode).toBe(403);
    expect((await call('GET', '/api/ledger', 'ent-a')).statusCode).toBe(403);
    expect((await call('POST', '/api/applications', 'reviewer1', { measureId: '000·二' })).statusCode).toBe(
      403,
    );
    // The approver cannot accept; the reviewer cannot pay.
    expect((await call('POST', `${url}/accept`, 'approver1', {})).statusCode).toBe(403);
    // A transition the state does not allow: 409 naming the state.
    const conflict = await call('POST', `${url}/close-notice`, 'admin1', {});
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.message.zh).toContain('已提交');
    // Stale version.
    const stale = await call('POST', `${url}/accept`, 'reviewer1', { version: 1 });
    expect(stale.statusCode).toBe(409);
    // Not signed in.
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    // Refusals are audited.
    const audit = (await call('GET', '/api/audit?action=auth.forbidden&limit=5', 'auditor1')).json();
    expect(audit.items.length).toBeGreaterThan(0);
  });

  it('validates inputs and changes nothing on bad ones', async () => {
    const before = (await call('GET', '/api/applications', 'ent-a')).json().total;
    const badMatter = await call('POST', '/api/applications', 'ent-a', {
      measureId: '000·二',
      matter: { ...challenge('x'), figures: { bidAmount: 1.5 } },
    });
    expect(badMatter.statusCode).toBe(400);
    expect(badMatter.json().error.issues[0].path).toBe('matter.figures.bidAmount');
    const unknown = await call('POST', '/api/applications', 'ent-a', { measureId: '999·九' });
    expect(unknown.json().error.issues[0].path).toBe('measureId');
    const extra = await call('POST', '/api/applications', 'ent-a', { measureId: '000·二', evil: true });
    expect(extra.statusCode).toBe(400);
    const sqlish = await call('POST', '/api/applications', 'ent-a', {
      measureId: '000·二',
      title: "x'); drop table applications; --",
      matter: challenge(`SQL-${randomUUID()}`),
    });
    expect(sqlish.statusCode).toBe(201);
    expect(sqlish.json().title).toBe("x'); drop table applications; --");
    expect((await call('GET', '/api/applications', 'ent-a')).json().total).toBe(before + 1);
    expect((await call('GET', '/api/applications/not-a-uuid', 'ent-a')).statusCode).toBe(404);
    const queue = await call('GET', '/api/review/queue?state=bogus', 'reviewer1');
    expect(queue.statusCode).toBe(400);
    expect(queue.json().error.issues[0].path).toBe('query.state');
  });

  it('creates a draft from a self-check', async () => {
    const input = {
      applicant: { kind: 'enterprise', city: 'songjiang', centreOriginCity: 'jiaxing' },
      matters: [
        {
          type: 'iur_project',
          partners: [{ kind: 'university', city: 'songjiang' }],
          figures: { projectInput: wanToFen(500) },
        },
      ],
    };
    const res = await call('POST', '/api/applications/from-self-check', 'ent-a', {
      measureId: '000·五',
      input,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ measureId: '000·五', state: 'draft', organisationId: orgA });
    expect(res.json().matter).toMatchObject({
      type: 'iur_project',
      figures: { projectInput: wanToFen(500) },
    });
    expect(res.json().matterId).toBe(res.json().id);
    const none = await call('POST', '/api/applications/from-self-check', 'ent-a', {
      measureId: '000·二',
      input,
    });
    expect(none.statusCode).toBe(400);
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/applications',
      '/api/applications/{id}',
      '/api/applications/{id}/recommend',
      '/api/applications/{id}/stages/{stageId}/pay',
      '/api/review/queue',
      '/api/budgets/{fund}/{year}',
      '/api/ledger',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('shows each measure’s readings, quotes, rule in words, staging and overlaps (GET /api/catalogue/:id)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/catalogue/${encodeURIComponent('000·七')}` });
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.readings.map((r: { id: string }) => r.id)).toEqual([
      'centre_or_firm_in_centre',
      'open_partner_list',
      'within_corridor',
    ]);
    expect(m.readings[2].quote).toBe('在 G60 科创走廊区域内跨域布局');
    expect(m.matter.find((c: { fact: string }) => c.fact === 'matter.cities')).toMatchObject({
      op: 'allIn',
      quote: '在 G60 科创走廊区域内跨域布局',
      reading: 'within_corridor',
    });
    expect(m.benefit.quote).toBe('给予单个项目不超过总投入的 30%，最高不超过 500 万元经费支持');
    expect(m.description.benefit.zh).toContain('按不超过总投入的30%、最高500万元给予支持');
    expect(m.stagePlan).toMatchObject({ staged: false, weights: [1] });
    expect(m.overlaps).toContainEqual({
      measureId: '000·六',
      mode: 'review',
      via: 'cross_region_industry_project',
      title: expect.objectContaining({ zh: '跨区域产业项目与重点产业项目' }),
    });
    expect(m.overlaps).toContainEqual(expect.objectContaining({ measureId: '001·九', mode: 'auto' }));
  });
});
