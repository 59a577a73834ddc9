/**
 * 十五五 plan monitoring through the real API on both databases: the dashboard and the public view of
 * every target, recording / revising / withdrawing values with history and audit, the import's row
 * report, the API push, refusals per role, the error shape, alerts to the responsible department when
 * a status worsens or a value is overdue, and that the public view carries no internal comment.
 */
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

const NOW = '2026-11-30T04:00:00Z'; // 2026-Q3 has ended, 2026-Q4 has not

describeEachDatabase('plan monitoring API', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: NOW });
    const org = await insertOrganisation(ctx.db, { name: '松江企业', kind: 'enterprise' });
    await t.createUser('adm', 'admin');
    await t.createUser('rev-kw', 'reviewer', null, { department: '区科委' });
    await t.createUser('rev-rc', 'reviewer', null, { department: '区人才办' });
    await t.createUser('apr', 'approver');
    await t.createUser('aud', 'auditor');
    await t.createUser('ent', 'enterprise', org);
    await t.createUser('exp', 'expert');
    for (const name of ['adm', 'rev-kw', 'rev-rc', 'apr', 'aud', 'ent', 'exp']) h[name] = await t.login(name);
  });

  afterAll(async () => {
    await t?.app.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(who ? { headers: h[who] } : {}),
      ...(payload !== undefined ? { payload } : {}),
    } as InjectOptions);

  type Card = {
    id: string;
    status: string;
    signal: string;
    latest: { value: number; isDemo: boolean; source: string | null } | null;
  };
  const card = async (id: string, date = '2026-11-30') =>
    ((await call('GET', `/api/plan?date=${date}`, 'aud')).json().cards as Card[]).find((c) => c.id === id)!;

  it('shows every target of 003 on the dashboard and in the public view', async () => {
    const board = await call('GET', '/api/plan', 'aud');
    expect(board.statusCode).toBe(200);
    const body = board.json();
    expect(body.asOf).toBe('2026-11-30');
    expect(body.cards).toHaveLength(16);
    expect(body.summary).toMatchObject({ targets: 16, quantified: 11, derived: 2 });
    const rd = body.cards.find((c: { id: string }) => c.id === 'rd-intensity');
    expect(rd).toMatchObject({
      kind: 'level',
      quote: '全社会研发经费支出占地区生产总值比重达 6.4%',
      target: { value: 6.4, comparison: 'at_least' },
      baseline: { status: 'missing', label: { zh: '待补录' } },
      department: '区科委',
      status: 'not_available',
      signal: 'grey',
    });
    const pub = await call('GET', '/api/public/plan');
    expect(pub.statusCode).toBe(200);
    expect(pub.json().targets).toHaveLength(16);
    const figures = await call('GET', '/api/public/plan/figures');
    expect(figures.statusCode).toBe(200);
    const dual = figures.json().indicators.find((x: { id: string }) => x.id === 'dual-listing-projects');
    // 双向发榜's contracts continue the figure (none recorded in this test).
    expect(dual).toMatchObject({ value: 37, derived: { available: true, total: 0 } });
  });

  it('refuses by role: enterprise and expert 403, anonymous 401, readers cannot write, only admins set', async () => {
    expect((await call('GET', '/api/plan')).statusCode).toBe(401);
    expect((await call('GET', '/api/plan', 'ent')).statusCode).toBe(403);
    expect((await call('GET', '/api/plan/targets/rd-intensity', 'exp')).statusCode).toBe(403);
    expect((await call('GET', '/api/plan/funding', 'ent')).statusCode).toBe(403);
    // A reader's write is refused before the body is looked at.
    expect(
      (await call('POST', '/api/plan/targets/rd-intensity/observations', 'aud', { nonsense: 1 })).statusCode,
    ).toBe(403);
    expect((await call('POST', '/api/plan/observations', 'ent', { items: [] })).statusCode).toBe(403);
    expect(
      (await call('PUT', '/api/plan/targets/sei-output-share/settings', 'rev-kw', { bandTolerance: 2 }))
        .statusCode,
    ).toBe(403);
    expect((await call('POST', '/api/plan/scan', 'apr', {})).statusCode).toBe(403);
    expect((await call('GET', '/api/plan/report.xlsx', 'exp')).statusCode).toBe(403);
    // Refusals are audited (once per user and minute).
    const forbidden = await ctx.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'auth.forbidden')
      .execute();
    expect(new Set(forbidden.map((f) => f.actor))).toEqual(new Set(['ent', 'exp', 'aud', 'rev-kw', 'apr']));
  });

  it('records, refuses a second record, revises with a reason, keeps the history, withdraws; all audited', async () => {
    const url = '/api/plan/targets/high-value-patents/observations';
    const first = await call('POST', url, 'rev-kw', {
      period: '2025',
      value: 40.1,
      source: '区知识产权局年报',
      comment: '初步数',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().observation).toMatchObject({
      revision: 1,
      value: 40.1,
      channel: 'manual',
      recordedBy: 'rev-kw',
    });
    expect((await call('POST', url, 'rev-kw', { period: '2025', value: 41, source: 'x' })).statusCode).toBe(
      409,
    );
    // The very same entry again (a double submit) is answered with the value, and changes nothing.
    const retry = await call('POST', url, 'rev-kw', {
      period: '2025',
      value: 40.1,
      source: '区知识产权局年报',
      comment: '初步数',
    });
    expect(retry.json()).toMatchObject({ outcome: 'unchanged', observation: { revision: 1 } });
    const noReason = await call('PUT', `${url}/2025`, 'rev-kw', { value: 40.5, source: '区知识产权局年报' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('reason');
    const stale = await call('PUT', `${url}/2025`, 'apr', {
      value: 40.5,
      source: '区知识产权局年报',
      reason: '更正',
      expectedRevision: 2,
    });
    expect(stale.statusCode).toBe(409);
    const revised = await call('PUT', `${url}/2025`, 'apr', {
      value: 40.5,
      source: '区知识产权局年报（终核）',
      reason: '统计终核更正',
      expectedRevision: 1,
    });
    expect(revised.statusCode).toBe(200);
    expect(revised.json()).toMatchObject({ outcome: 'revised', observation: { revision: 2, value: 40.5 } });
    // The same content again changes nothing.
    const again = await call('PUT', `${url}/2025`, 'apr', {
      value: 40.5,
      source: '区知识产权局年报（终核）',
      reason: '统计终核更正',
    });
    expect(again.json()).toMatchObject({ outcome: 'unchanged', observation: { revision: 2 } });
    const history = await call('GET', `${url}/2025/history`, 'aud');
    expect(
      history.json().revisions.map((r: { revision: number; value: number }) => [r.revision, r.value]),
    ).toEqual([
      [2, 40.5],
      [1, 40.1],
    ]);
    await call('POST', url, 'rev-kw', { period: '2024', value: 38.5, source: '区知识产权局年报' });
    expect(await card('high-value-patents')).toMatchObject({ status: 'on_track', latest: { value: 40.5 } });
    const withdrawn = await call('POST', `${url}/2024/withdraw`, 'rev-kw', { reason: '录错年份' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().observation).toMatchObject({ withdrawn: true, revision: 2 });
    const withdrawnAgain = await call('POST', `${url}/2024/withdraw`, 'rev-kw', { reason: '录错年份' });
    expect(withdrawnAgain.json().observation).toMatchObject({ withdrawn: true, revision: 2 });
    expect((await card('high-value-patents')).status).toBe('not_available'); // one point left
    const actions = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'like', 'plan.observation.%')
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => `${a.action}:${a.actor}`)).toEqual([
      'plan.observation.record:rev-kw',
      'plan.observation.revise:apr',
      'plan.observation.record:rev-kw',
      'plan.observation.withdraw:rev-kw',
    ]);
    // A qualitative target takes an officer's assessment.
    const assessed = await call('POST', '/api/plan/targets/pioneer-zone/observations', 'apr', {
      period: '2025',
      assessment: 'acceleration_needed',
      source: '区发展改革委年度评估',
    });
    expect(assessed.statusCode).toBe(201);
    expect(await card('pioneer-zone')).toMatchObject({ status: 'acceleration_needed', signal: 'amber' });
    // The append-only table refuses an edit.
    await expect(ctx.db.updateTable('plan_observations').set({ revision: 9 }).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('answers bad input with the error shape, naming the field and the rule, and changes nothing', async () => {
    const url = '/api/plan/targets/high-level-talent/observations';
    const cases: [string, object, number, string, string][] = [
      [url, { period: '2026-Q4', value: 1, source: 's' }, 400, 'period', 'period_not_ended'],
      [url, { period: '2026-13', value: 1, source: 's' }, 400, 'period', 'period_format'],
      [url, { period: '2019', value: 1, source: 's' }, 400, 'period', 'period_range'],
      [url, { period: '2026-Q1', source: 's' }, 400, 'value', 'required'],
      [url, { period: '2026-Q1', value: 'many', source: 's' }, 400, 'value', 'invalid_type'],
      [url, { period: '2026-Q1', value: 1, source: '' }, 400, 'source', 'too_small'],
      [url, { period: '2026-Q1', value: 1234567.1234567, source: 's' }, 400, 'value', 'decimals'],
      [url, { period: '2026-Q1', value: 1, source: 's', extra: true }, 400, '(root)', 'unrecognized_keys'],
      [
        '/api/plan/targets/high-tech-enterprises/observations',
        { period: '2026', value: 1, source: 's' },
        400,
        'targetId',
        'derived_target',
      ],
      [
        '/api/plan/targets/pioneer-zone/observations',
        { period: '2025', source: 's' },
        400,
        'assessment',
        'required',
      ],
    ];
    for (const [u, body, status, path, rule] of cases) {
      const res = await call('POST', u, 'rev-rc', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      const error = res.json().error;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message.zh).toBeTruthy();
      expect(error.issues, JSON.stringify(error.issues)).toContainEqual(
        expect.objectContaining({ path, rule }),
      );
    }
    expect(
      (
        await call('POST', '/api/plan/targets/no-such-target/observations', 'rev-rc', {
          period: '2026',
          value: 1,
          source: 's',
        })
      ).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/plan?date=2026-02-30', 'aud')).json().error.issues[0].path).toBe(
      'query.date',
    );
    const none = await ctx.db
      .selectFrom('plan_observations')
      .select('id')
      .where('target_id', '=', 'high-level-talent')
      .execute();
    expect(none).toEqual([]);
  });

  it('imports a file: every bad row named by row and column, nothing written; then valid rows; twice is unchanged', async () => {
    const csv = [
      '指标编号,期间,数值,来源,备注',
      'new-listings,2026-Q1,1,区金融办季报,',
      'new-listings,2026-Q2,lots,区金融办季报,',
      'no-such-target,2026-Q2,1,区金融办季报,',
      '五年累计新增上市企业,2026-Q3,1,区金融办季报,按目标名称',
      'new-listings,2026-Q1,2,区金融办季报,重复',
      'talent-housing,2026-Q3,3.48,,',
    ].join('\n');
    const post = (body: string, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/plan/observations/import?name=listings.csv${query}`,
        headers: { ...h['rev-kw'], 'content-type': 'text/csv' },
        payload: body,
      });
    const refused = await post(csv);
    expect(refused.statusCode).toBe(400);
    const issues = refused
      .json()
      .error.issues.map((i: { row: number; column: string; rule: string }) => [i.row, i.column, i.rule]);
    expect(issues).toEqual([
      [3, 'value', 'number'],
      [4, 'target', 'unknown_target'],
      [6, 'period', 'duplicate_in_file'],
      [7, 'source', 'required'],
    ]);
    expect(
      await ctx.db
        .selectFrom('plan_observations')
        .select('id')
        .where('target_id', '=', 'new-listings')
        .execute(),
    ).toEqual([]);
    const partial = await post(csv, '&allowPartial=true');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({
      committed: true,
      rows: 6,
      valid: 2,
      created: 2,
      revised: 0,
      skipped: 4,
    });
    const twice = await post(csv, '&allowPartial=true');
    expect(twice.json()).toMatchObject({ created: 0, revised: 0, unchanged: 2 });
    const c = await card('new-listings');
    // 2 of 2.7 due by Q3; the sum's sources are those of the values behind it.
    expect(c).toMatchObject({
      status: 'acceleration_needed',
      latest: { value: 2, source: '区金融办季报', isDemo: false },
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'plan.import')
      .execute();
    expect(audit).toHaveLength(2);
    const template = await call('GET', '/api/plan/observations/template?format=csv', 'rev-kw');
    expect(template.statusCode).toBe(200);
    expect(template.body).toContain('指标编号 target');
    expect(template.body).not.toContain('high-tech-enterprises'); // derived: not entered
  });

  it('alerts the responsible department when a status worsens, once', async () => {
    const push = await call('POST', '/api/plan/observations', 'rev-rc', {
      items: [
        ['2026-Q1', 200],
        ['2026-Q2', 200],
        ['2026-Q3', 350],
      ].map(([period, value]) => ({ targetId: 'high-level-talent', period, value, source: '区人才办季报' })),
    });
    expect(push.statusCode).toBe(200);
    expect(push.json()).toMatchObject({
      created: 3,
      progress: [{ targetId: 'high-level-talent', status: 'on_track' }],
      alerts: [],
    });
    expect((await card('high-level-talent')).signal).toBe('green');
    const revised = await call('PUT', '/api/plan/targets/high-level-talent/observations/2026-Q3', 'rev-rc', {
      value: 20,
      source: '区人才办季报（更正）',
      reason: '更正：仅 20 人',
    });
    expect(revised.json().progress).toMatchObject({ status: 'limited_progress', signal: 'red' }); // 420 of 750
    expect(revised.json().alerts).toEqual([
      expect.objectContaining({
        kind: 'plan.status_worsened',
        department: '区人才办',
        from: 'on_track',
        to: 'limited_progress',
        sent: true,
      }),
    ]);
    const inbox = async (who: string) =>
      (await call('GET', '/api/messages?kind=plan.status_worsened', who)).json().items as {
        subject: { zh: string };
        link: string;
      }[];
    const mine = await inbox('rev-rc');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject.zh).toContain('符合进度 → 进展有限');
    expect(mine[0]!.link).toBe('/plan/targets/high-level-talent');
    expect(await inbox('rev-kw')).toEqual([]); // another department
    // A retried scan sends nothing new.
    const scan = await call('POST', '/api/plan/scan', 'adm', { date: '2026-11-30' });
    expect(scan.statusCode).toBe(200);
    expect(scan.json().alerts.filter((a: { kind: string }) => a.kind === 'plan.status_worsened')).toEqual([]);
    expect(await inbox('rev-rc')).toHaveLength(1);
  });

  it('alerts overdue values once per period, to the department an admin set', async () => {
    const set = await call('PUT', '/api/plan/targets/talent-housing/settings', 'adm', {
      department: '区科委',
    });
    expect(set.json().settings).toEqual({
      department: '区科委',
      departmentSource: 'setting',
      tolerance: null,
      toleranceSource: null,
    });
    const scan = await call('POST', '/api/plan/scan', 'adm', { date: '2027-02-15' });
    const overdue = scan.json().alerts.filter((a: { kind: string }) => a.kind === 'plan.overdue');
    // 2026-Q4 of every quarterly target is past due (30 days): talent, listings, housing; 45 days for the band.
    expect(
      overdue.map((a: { targetId: string; period: string }) => `${a.targetId}:${a.period}`).sort(),
    ).toEqual(
      expect.arrayContaining(['high-level-talent:2026-Q4', 'new-listings:2026-Q4', 'talent-housing:2026-Q1']),
    );
    expect(overdue.find((a: { targetId: string }) => a.targetId === 'talent-housing').department).toBe(
      '区科委',
    );
    const again = await call('POST', '/api/plan/scan', 'adm', { date: '2027-02-15' });
    expect(again.json().sent).toBe(0);
    const kw = (await call('GET', '/api/messages?kind=plan.overdue', 'rev-kw')).json().items as {
      subject: { zh: string };
    }[];
    expect(kw.some((m) => m.subject.zh.includes('累计归集人才安居租赁房源'))).toBe(true);
    expect(
      await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'plan.settings').execute(),
    ).toHaveLength(1);
  });

  it('judges 左右 only once a width is set, and the public view carries no comment or name', async () => {
    await call('POST', '/api/plan/targets/sei-output-share/observations', 'rev-kw', {
      period: '2026-Q3',
      value: 47.6,
      source: '区统计局季报',
      comment: '内部备注：口径待与统计局确认',
    });
    expect(await card('sei-output-share')).toMatchObject({ status: 'not_available' });
    const wrong = await call('PUT', '/api/plan/targets/rd-intensity/settings', 'adm', { bandTolerance: 2 });
    expect(wrong.json().error.issues[0]).toMatchObject({ path: 'bandTolerance', rule: 'not_a_band' });
    const set = await call('PUT', '/api/plan/targets/sei-output-share/settings', 'adm', { bandTolerance: 2 });
    expect(set.json().progress).toMatchObject({ status: 'out_of_band', signal: 'red' });

    const internal = await call('GET', '/api/plan/targets/sei-output-share', 'aud');
    expect(internal.body).toContain('内部备注');
    expect(internal.json().observations[0]).toMatchObject({
      recordedBy: 'rev-kw',
      comment: '内部备注：口径待与统计局确认',
    });
    for (const url of [
      '/api/public/plan',
      '/api/public/plan/targets/sei-output-share',
      '/api/public/plan/targets/high-value-patents',
    ]) {
      const res = await call('GET', url);
      expect(res.statusCode).toBe(200);
      for (const secret of [
        '内部备注',
        '初步数',
        'rev-kw',
        'recordedBy',
        'comment',
        'funding',
        'departmentSource',
      ])
        expect(res.body, `${url} leaks ${secret}`).not.toContain(secret);
    }
    const pub = (await call('GET', '/api/public/plan/targets/sei-output-share')).json();
    expect(pub).toMatchObject({
      status: 'out_of_band',
      band: { tolerance: 2 },
      latest: { value: 47.6, source: '区统计局季报' },
    });
    expect(pub.series.required[0]).toMatchObject({ value: 50, lower: 48, upper: 52 });
  });

  it('exports the whole report as .xlsx (audited)', async () => {
    const json = await call('GET', '/api/plan/report?date=2026-11-30', 'aud');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ asOf: '2026-11-30', summary: { targets: 16 } });
    expect(json.json().targets).toHaveLength(16);
    expect(json.json().context.length).toBeGreaterThan(10);
    const res = await call('GET', '/api/plan/report.xlsx?date=2026-11-30', 'aud');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('ceyuan-plan-003-2026-11-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '目标进度',
      '观测值',
      '路径与预测',
      '资金',
      '十四五基础',
      '背景指标（004）',
      '方法说明',
    ]);
    expect(wb.getWorksheet('目标进度')!.rowCount).toBe(17);
    expect(
      await ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'plan.export').execute(),
    ).toHaveLength(1);
  });

  describe('OpenAPI', () => {
    it('documents the plan routes', async () => {
      const doc = (await call('GET', '/api/openapi.json')).json();
      for (const path of [
        '/api/plan',
        '/api/plan/targets/{id}',
        '/api/public/plan',
        '/api/plan/observations/import',
        '/api/plan/scan',
      ])
        expect(Object.keys(doc.paths)).toContain(path);
    });
  });
});
