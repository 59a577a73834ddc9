/**
 * 揭榜挂帅 through the real API on both databases: a problem is proposed, returned, accepted and placed on
 * a list that goes public; bids are sealed (no bidder reads another's by any endpoint, officers and judges
 * only after the deadline); the calculator prices a bid and refuses an ineligible bidder; the panel is
 * checked for conflicts (a judge in a bidder's group is blocked, and the block recorded); scores rank the
 * bids reproducibly; the award goes public (公示) and becomes an application in the workflow; tranches
 * follow the milestones and are paid once each under concurrent requests, never ahead of 验收 or above
 * 30% of verified input; a failed final 验收 stops payments and records the recovery; 赛马 down-selects.
 * Bad input is 400 naming the field; a refused role 403; nothing here answers 500.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { RECOVERY_BACKFILL } from '../src/storage/migrations/0018_challenge_recovery.ts';
import { OrganisationRepository } from '../src/storage/repositories/organisations.ts';
import { apiCalls, type Body } from './support/api-calls.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { uploadEvidence } from './support/challenges.ts';
import { describeEachDatabase } from './support/databases.ts';

const WAN = 1_000_000;
const sha = (c: string) => c.repeat(64);

const problem = {
  title: '车规级碳化硅功率模块封装可靠性攻关',
  need: '面向新能源汽车主驱逆变器，需要解决碳化硅功率模块在高温循环下的焊层疲劳与键合线脱落问题，寿命达到车规要求。',
  indicators: [
    { name: '功率循环寿命', target: '≥ 50万次（ΔTj=100K）' },
    { name: '结温', target: '175℃ 连续工作' },
  ],
  deliverables: '样品 100 套、可靠性测试报告、工艺规范',
  timelineMonths: 24,
  sector: 'new_energy',
  budgetMin: 2000 * WAN,
  budgetMax: 6000 * WAN,
  coFunds: true,
};

const bid = (
  amount: number,
  plan = '采用银烧结与铜线键合工艺，结合双面散热结构，分两阶段完成样品与验证。',
) => ({
  amount,
  plan,
  team: '教授级高工 2 名、博士 5 名',
  milestones: [
    { title: '工艺开发与样品', dueOn: '2027-03-31', plannedInput: 2000 * WAN, indicators: '样品 100 套' },
    { title: '中试验证', dueOn: '2027-08-31', plannedInput: 1000 * WAN, indicators: '结温 175℃' },
    { title: '可靠性验证与交付', dueOn: '2027-12-31', plannedInput: 2000 * WAN, indicators: '功率循环寿命' },
  ],
  attachments: [],
});

describeEachDatabase('challenges API', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};

  const { call, ok } = apiCalls(() => t, h);
  const names = [
    'poser',
    'ent-a',
    'ent-b',
    'ent-c',
    'exp1',
    'exp2',
    'exp3',
    'exp4',
    'reviewer',
    'approver',
    'admin',
    'auditor',
  ];
  const moveTo = async (day: string) => {
    t.clock.set(`${day}T04:00:00Z`);
    for (const n of names) h[n] = await t.login(n);
  };

  /** A problem proposed, accepted and placed on a new published 000·二 list with its window. */
  const problemOnNewList = async (title: string, batch: string, opensOn: string, closesOn: string) => {
    const p = await ok('POST', '/api/challenges/problems', 'poser', { ...problem, title, submit: true }, 201);
    await ok('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', { decision: 'accept' });
    const list = await ok(
      'POST',
      '/api/challenges/lists',
      'reviewer',
      { basisMeasureId: '000·二', title: '2026年攻关项目需求榜单', batch, opensOn, closesOn },
      201,
    );
    await ok('POST', `/api/challenges/problems/${p.id}/place`, 'reviewer', { listId: list.id });
    await ok('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {});
    return { problemId: p.id as string, listId: list.id as string };
  };
  /**
   * 赛马: A and B bid 3000 万 each, the panel (exp1, exp3, exp4) scores them after the window (`judgeOn`),
   * and both are awarded in parallel; the award's answer is returned.
   */
  const raceBoth = async (problemId: string, judgeOn: string, scores = { a: 85, b: 84 }) => {
    const a = (await ok('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-a', bid(3000 * WAN))).bid
      .id;
    const b = (await ok('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-b', bid(3000 * WAN))).bid
      .id;
    await ok('POST', `/api/challenges/problems/${problemId}/judges`, 'reviewer', {
      experts: [users.exp1, users.exp3, users.exp4],
    });
    await moveTo(judgeOn);
    await ok('POST', `/api/challenges/problems/${problemId}/open-judging`, 'reviewer', {});
    for (const j of ['exp1', 'exp3', 'exp4'])
      for (const [bidId, x] of [
        [a, scores.a],
        [b, scores.b],
      ] as const)
        await ok('POST', `/api/challenges/bids/${bidId}/scores`, j, {
          scores: { technical_route: x, team: x, input: x, milestones: x, price: x },
        });
    const raced = await ok('POST', `/api/challenges/problems/${problemId}/award`, 'admin', {
      mode: 'parallel',
      bidIds: [a, b],
    });
    return { a: a as string, b: b as string, raced };
  };

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-07-01T02:00:00Z' });
    org.p = await insertOrganisation(ctx.db, { name: '松江整车电驱有限公司', kind: 'enterprise' });
    // 000·二 applies to the centres member cities set up in Songjiang (the 000 applicability paragraph).
    org.a = await insertOrganisation(ctx.db, {
      name: '嘉松功率半导体有限公司',
      kind: 'enterprise',
      centreOriginCity: 'jiaxing',
    });
    org.b = await insertOrganisation(ctx.db, {
      name: '杭州芯联封装有限公司',
      kind: 'enterprise',
      centreOriginCity: 'hangzhou',
    });
    org.c = await insertOrganisation(ctx.db, {
      name: '北京远方电子有限公司',
      kind: 'enterprise',
      city: 'beijing',
    });
    org.u = await insertOrganisation(ctx.db, { name: '松江工程技术大学', kind: 'university' });
    org.s = await insertOrganisation(ctx.db, { name: '嘉松功率研究院', kind: 'research_institute' });
    // The institute is a subsidiary of bidder A: an expert working there is in A's group.
    const a = await new OrganisationRepository(ctx.db).get(org.a);
    await ctx.db
      .insertInto('organisation_links')
      .values({ organisation_id: org.s, relation: 'parent', related_uscc: a!.uscc })
      .execute();
    await t.createUser('poser', 'enterprise', org.p);
    await t.createUser('ent-a', 'enterprise', org.a);
    await t.createUser('ent-b', 'enterprise', org.b);
    await t.createUser('ent-c', 'enterprise', org.c);
    await t.createUser('exp1', 'expert', null, { affiliationOrganisationId: org.u });
    await t.createUser('exp2', 'expert', null, { affiliationOrganisationId: org.s });
    await t.createUser('exp3', 'expert');
    await t.createUser('exp4', 'expert');
    await t.createUser('reviewer', 'reviewer', null, { department: '区科委' });
    await t.createUser('approver', 'approver');
    await t.createUser('admin', 'admin');
    await t.createUser('auditor', 'auditor');
    await moveTo('2026-07-01');
    for (const row of await ctx.db.selectFrom('users').select(['id', 'username']).execute())
      users[row.username] = row.id;
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('serves the legal bases and states to anyone', async () => {
    const r = await ok('GET', '/api/challenges/reference');
    expect(r.bases.map((b: Body) => b.measureId)).toEqual(['000·二', '001·二']);
    expect(r.bases[0].quote).toContain('不超过揭榜额 30%、最高 2000 万元');
    expect(r.judging.platformDefault).toBe(true);
  });

  it('refuses bad problems naming each field, and the wrong roles', async () => {
    const bad = await call('POST', '/api/challenges/problems', 'poser', {
      ...problem,
      title: 'x',
      sector: 'warp_drive',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    expect(bad.body.error.issues.map((i: Body) => i.path).sort()).toEqual(['sector', 'title']);
    const band = await call('POST', '/api/challenges/problems', 'poser', {
      ...problem,
      budgetMin: 9 * WAN,
      budgetMax: WAN,
    });
    expect(band.body.error.issues[0].path).toBe('budgetMax');
    const nul = await call('POST', '/api/challenges/problems', 'poser', {
      ...problem,
      need: `${problem.need}\u0000`,
    });
    expect(nul.status).toBe(400);
    expect((await call('POST', '/api/challenges/problems', 'reviewer', problem)).status).toBe(403);
    expect((await call('POST', '/api/challenges/problems', undefined, problem)).status).toBe(401);
    expect((await call('POST', '/api/challenges/lists', 'exp1', {})).status).toBe(403);
    const list = await call('POST', '/api/challenges/lists', 'reviewer', {
      basisMeasureId: '000·五',
      title: '2026年攻关项目需求榜单',
      batch: '第一批',
      opensOn: '2026-07-10',
      closesOn: '2026-07-01',
    });
    expect(list.status).toBe(400);
    expect(list.body.error.issues.map((i: Body) => i.path).sort()).toEqual(['basisMeasureId']);
  });

  it('出题: proposed, returned with a reason, revised, accepted, placed on a list that goes public', async () => {
    const p = await ok('POST', '/api/challenges/problems', 'poser', { ...problem, submit: true }, 201);
    ids.problem = p.id;
    expect(p.state).toBe('submitted');
    // Not public, and another organisation does not see it.
    expect((await call('GET', `/api/challenges/problems/${p.id}`)).status).toBe(404);
    expect((await call('GET', `/api/challenges/problems/${p.id}`, 'ent-a')).status).toBe(404);
    const noReason = await call('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', {
      decision: 'return',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('reason');
    await ok('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', {
      decision: 'return',
      reason: '请量化验收指标',
    });
    const revised = await ok('PUT', `/api/challenges/problems/${p.id}`, 'poser', {
      ...problem,
      submit: true,
    });
    expect(revised.state).toBe('submitted');
    expect(
      (await ok('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', { decision: 'accept' })).state,
    ).toBe('accepted');

    const list = await ok(
      'POST',
      '/api/challenges/lists',
      'reviewer',
      {
        basisMeasureId: '000·二',
        title: '2026年攻关项目需求榜单',
        batch: '第一批',
        coIssuers: ['jiaxing'],
        opensOn: '2026-07-01',
        closesOn: '2026-07-31',
      },
      201,
    );
    ids.list = list.id;
    expect(list.basis.quote).toContain('攻关项目需求榜单');
    expect(list.fund).toBe('000');
    expect(
      (await call('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {})).body.error.message.en,
    ).toContain('no problem on it');
    await ok('POST', `/api/challenges/problems/${p.id}/place`, 'reviewer', { listId: list.id });
    await ok('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {});
    // Public now: browse, search, the problem's page.
    const lists = await ok('GET', '/api/challenges/lists');
    expect(lists.items.map((l: Body) => l.id)).toContain(list.id);
    const found = await ok('GET', `/api/challenges/problems?q=${encodeURIComponent('碳化硅')}`);
    expect(found.items.map((x: Body) => x.id)).toEqual([p.id]);
    const pub = await ok('GET', `/api/challenges/problems/${p.id}`);
    expect(pub.reviewNote).toBeNull();
    // A published list changes only with a note, kept as a public version.
    const edit = {
      basisMeasureId: '000·二',
      title: '2026年攻关项目需求榜单',
      batch: '第一批',
      coIssuers: ['jiaxing', 'hangzhou'],
      opensOn: '2026-07-01',
      closesOn: '2026-07-31',
    };
    expect((await call('PUT', `/api/challenges/lists/${list.id}`, 'reviewer', edit)).status).toBe(400);
    await ok('PUT', `/api/challenges/lists/${list.id}`, 'reviewer', { ...edit, reason: '杭州联合发布' });
    const detail = await ok('GET', `/api/challenges/lists/${list.id}`);
    expect(detail.versions.map((v: Body) => v.note)).toEqual([null, '杭州联合发布']);
    expect(detail.coIssuers).toEqual(['jiaxing', 'hangzhou']);
  });

  it('揭榜: priced by the catalogue, ineligible bidders refused, bids sealed and versioned', async () => {
    const e = await ok(
      'GET',
      `/api/challenges/problems/${ids.problem}/entitlement?amount=${5000 * WAN}`,
      'ent-a',
    );
    expect(e).toMatchObject({ measureId: '000·二', eligible: true, amount: { min: 0, max: 1500 * WAN } });
    const c = await call('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-c', bid(3000 * WAN));
    expect(c.status).toBe(400);
    expect(c.body.error.issues[0]).toMatchObject({ path: 'organisation', rule: 'not_eligible' });
    const over = await call('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-a', bid(7000 * WAN));
    expect(over.body.error.issues[0]).toMatchObject({ path: 'amount', rule: 'above_budget' });
    const own = await call('POST', `/api/challenges/problems/${ids.problem}/bids`, 'poser', bid(3000 * WAN));
    expect(own.status).toBe(409);
    const badMs = await call('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-a', {
      ...bid(3000 * WAN),
      milestones: [{ title: 'x', dueOn: '2027-02-30', plannedInput: 0, indicators: 'y' }],
    });
    expect(badMs.body.error.issues.map((i: Body) => i.path).sort()).toEqual([
      'milestones.0.dueOn',
      'milestones.0.plannedInput',
    ]);

    const a1 = await ok('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-a', bid(5500 * WAN));
    expect(a1).toMatchObject({ revised: false, entitlement: { amount: { max: 1650 * WAN } } });
    const a2 = await ok('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-a', bid(5000 * WAN));
    expect(a2).toMatchObject({ revised: true, bid: { id: a1.bid.id, version: 2, amount: 5000 * WAN } });
    ids.bidA = a1.bid.id;
    const b = await ok(
      'POST',
      `/api/challenges/problems/${ids.problem}/bids`,
      'ent-b',
      bid(4800 * WAN, '采用烧结银与铝带键合，建立加速寿命模型并开展整车验证。'),
    );
    ids.bidB = b.bid.id;

    // Sealed: B reads only its own; A's bid is not found for B, the officers and the experts before the deadline.
    expect(
      (await ok('GET', `/api/challenges/problems/${ids.problem}/bids`, 'ent-b')).items.map((x: Body) => x.id),
    ).toEqual([ids.bidB]);
    for (const who of ['ent-b', 'reviewer', 'auditor', 'exp1', 'poser'])
      expect((await call('GET', `/api/challenges/bids/${ids.bidA}`, who)).status, who).toBe(404);
    expect((await call('GET', `/api/challenges/bids/${ids.bidA}`)).status).toBe(401);
    expect((await ok('GET', `/api/challenges/problems/${ids.problem}/bids`, 'reviewer')).items).toEqual([]);
    expect((await ok('GET', `/api/challenges/bids/${ids.bidA}`, 'ent-a')).versions).toEqual([1, 2]);
    // The public chart counts bids, never shows them, and only once the window has closed; nor money
    // before an award. Officers see the counts at once.
    const chart = (await ok('GET', `/api/challenges/lists/${ids.list}`)).chart;
    expect(chart.bidsPerProblem).toEqual([{ problemId: ids.problem, title: problem.title, bids: null }]);
    expect(chart.awarded).toBeNull();
    expect(
      (await ok('GET', `/api/challenges/lists/${ids.list}`, 'ent-a')).chart.bidsPerProblem[0].bids,
    ).toBeNull();
    const desk = (await ok('GET', `/api/challenges/lists/${ids.list}`, 'reviewer')).chart;
    expect([desk.bidsPerProblem[0].bids, desk.awarded]).toEqual([2, 0]);
    expect(JSON.stringify(await ok('GET', `/api/challenges/problems/${ids.problem}`))).not.toContain(
      '银烧结',
    );
  });

  it('阅卷: a judge in a bidder’s group is blocked with the reason; scores rank reproducibly after the deadline', async () => {
    const panel = await ok('POST', `/api/challenges/problems/${ids.problem}/judges`, 'reviewer', {
      experts: [users.exp1, users.exp2, users.exp3, users.exp4],
    });
    const e2 = panel.items.find((j: Body) => j.username === 'exp2');
    expect(e2).toMatchObject({ blocked: true, conflicts: [{ reason: 'same_group', organisationId: org.a }] });
    expect(panel.items.filter((j: Body) => j.blocked)).toHaveLength(1);
    const self = await call('POST', `/api/challenges/problems/${ids.problem}/judges`, 'reviewer', {
      experts: [users.reviewer],
    });
    expect(self.body.error.issues[0]).toMatchObject({ path: 'experts.0', rule: 'separation' });
    const notExpert = await call('POST', `/api/challenges/problems/${ids.problem}/judges`, 'reviewer', {
      experts: [users['ent-b']],
    });
    expect(notExpert.body.error.issues[0].rule).toBe('not_expert');
    expect(
      (await call('POST', `/api/challenges/problems/${ids.problem}/open-judging`, 'reviewer', {})).status,
    ).toBe(409);

    await moveTo('2026-08-03');
    // Past the deadline: no more bids or withdrawals.
    expect(
      (await call('POST', `/api/challenges/problems/${ids.problem}/bids`, 'ent-a', bid(4000 * WAN))).status,
    ).toBe(409);
    expect((await call('POST', `/api/challenges/bids/${ids.bidA}/withdraw`, 'ent-a')).status).toBe(409);
    expect(
      (await ok('POST', `/api/challenges/problems/${ids.problem}/open-judging`, 'reviewer', {})).state,
    ).toBe('judging');
    // The blocked judge never sees the bids and cannot score; the others can, once each (a retry replaces).
    expect((await call('GET', `/api/challenges/bids/${ids.bidA}`, 'exp2')).status).toBe(404);
    const blocked = await call('POST', `/api/challenges/bids/${ids.bidA}/scores`, 'exp2', { scores: {} });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.message.en).toContain('conflict of interest');
    expect((await ok('GET', `/api/challenges/problems/${ids.problem}/bids`, 'exp1')).items).toHaveLength(2);
    expect((await call('GET', `/api/challenges/bids/${ids.bidB}`, 'ent-a')).status).toBe(404);
    const badScore = await call('POST', `/api/challenges/bids/${ids.bidA}/scores`, 'exp1', {
      scores: { technical_route: 101, team: 80, input: 80, milestones: 80 },
    });
    expect(badScore.body.error.issues.map((i: Body) => i.path)).toEqual([
      'scores.technical_route',
      'scores.price',
    ]);
    const sheet = (x: number) => ({
      scores: { technical_route: x, team: x, input: x, milestones: x, price: x },
    });
    for (const j of ['exp1', 'exp3', 'exp4']) {
      await ok('POST', `/api/challenges/bids/${ids.bidA}/scores`, j, sheet(90));
      await ok('POST', `/api/challenges/bids/${ids.bidB}/scores`, j, sheet(80));
    }
    await ok('POST', `/api/challenges/bids/${ids.bidA}/scores`, 'exp1', sheet(88));
    const r = await ok('GET', `/api/challenges/problems/${ids.problem}/ranking`, 'auditor');
    expect(r.ranking.map((x: Body) => [x.organisation, x.rank, x.totalText, x.judges])).toEqual([
      ['嘉松功率半导体有限公司', 1, '89.33', 3],
      ['杭州芯联封装有限公司', 2, '80.00', 3],
    ]);
    expect(await ok('GET', `/api/challenges/problems/${ids.problem}/ranking`, 'reviewer')).toEqual(r);

    // The scoring sheet's record: each judge's own sheets; the blocked judge's block with the reason.
    const mine = await ok('GET', '/api/challenges/judging', 'exp1');
    const onProblem = mine.items.find((x: Body) => x.problem.id === ids.problem);
    expect(onProblem.blocked).toBe(false);
    expect(onProblem.sheets.find((x: Body) => x.bidId === ids.bidA).scores.technical_route).toBe(88);
    expect(onProblem.sheets).toHaveLength(2);
    const theirs = await ok('GET', '/api/challenges/judging', 'exp2');
    expect(theirs.items.find((x: Body) => x.problem.id === ids.problem)).toMatchObject({
      blocked: true,
      sheets: [],
      conflicts: [{ reason: 'same_group' }],
    });

    // A relation declared while on a panel blocks the judge there at once (audited), not at the next appointment.
    await t.createUser('exp5', 'expert');
    const exp5 = (await ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'exp5')
      .executeTakeFirst())!;
    await ok('POST', `/api/challenges/problems/${ids.problem}/judges`, 'reviewer', { experts: [exp5.id] });
    h.exp5 = await t.login('exp5');
    expect((await ok('GET', '/api/challenges/judging', 'exp5')).items[0].blocked).toBe(false);
    const declared = await ok('POST', '/api/challenges/declarations', 'exp5', {
      organisationId: org.p,
      note: '曾任出题单位技术顾问',
    });
    expect(declared.items).toEqual([{ organisationId: org.p, note: '曾任出题单位技术顾问' }]);
    const after = await ok('GET', '/api/challenges/judging', 'exp5');
    expect(after.items[0]).toMatchObject({
      blocked: true,
      conflicts: [{ reason: 'declared', organisationId: org.p }],
    });
    expect(after.declarations).toEqual(declared.items);
    expect((await call('POST', `/api/challenges/bids/${ids.bidA}/scores`, 'exp5', sheet(70))).status).toBe(
      403,
    );
    expect(await ok('GET', `/api/challenges/problems/${ids.problem}/ranking`, 'reviewer')).toEqual(r);
  });

  it('award: the officer decides, the winner goes public (公示), bids stay sealed between bidders', async () => {
    expect(
      (
        await call('POST', `/api/challenges/problems/${ids.problem}/award`, 'auditor', {
          mode: 'single',
          bidIds: [ids.bidA],
        })
      ).status,
    ).toBe(403);
    const other = await call('POST', `/api/challenges/problems/${ids.problem}/award`, 'reviewer', {
      mode: 'single',
      bidIds: [ids.bidB],
    });
    expect(other.body.error.issues[0]).toMatchObject({ path: 'reason', rule: 'required' });
    const two = await call('POST', `/api/challenges/problems/${ids.problem}/award`, 'reviewer', {
      mode: 'single',
      bidIds: [ids.bidA, ids.bidB],
    });
    expect(two.body.error.issues[0].path).toBe('bidIds');
    const p = await ok('POST', `/api/challenges/problems/${ids.problem}/award`, 'reviewer', {
      mode: 'single',
      bidIds: [ids.bidA],
    });
    expect(p.state).toBe('awarded');
    const pub = await ok('GET', `/api/challenges/problems/${ids.problem}`);
    expect(pub.award.winners).toEqual([{ bidId: ids.bidA, organisation: '嘉松功率半导体有限公司' }]);
    expect(JSON.stringify(pub)).not.toContain('89.33');
    // The public chart now counts the bids (the window has closed) and shows the money awarded.
    const chart = (await ok('GET', `/api/challenges/lists/${ids.list}`)).chart;
    expect([chart.bidsPerProblem[0].bids, chart.awarded]).toEqual([2, 5000 * WAN]);
    expect((await call('GET', `/api/challenges/bids/${ids.bidA}`, 'ent-b')).status).toBe(404);
    expect((await ok('GET', `/api/challenges/bids/${ids.bidB}`, 'ent-b')).state).toBe('not_awarded');
    const inbox = await ok('GET', '/api/messages', 'ent-a');
    expect(JSON.stringify(inbox)).toContain('揭榜成功');
  });

  it('staged funding: the award is an application in the workflow; tranches follow 验收 and 30% of verified input', async () => {
    const projects = await ok('GET', '/api/challenges/projects', 'ent-a');
    expect(projects.items).toHaveLength(1);
    const project = projects.items[0];
    ids.project = project.id;
    expect(project).toMatchObject({ measureId: '000·二', amount: 5000 * WAN, state: 'active' });
    expect((await ok('GET', '/api/challenges/projects', 'ent-b')).items).toEqual([]);
    expect((await call('GET', `/api/challenges/projects/${project.id}`, 'ent-b')).status).toBe(404);

    const started = await ok('POST', `/api/challenges/projects/${project.id}/application`, 'ent-a');
    const again = await ok('POST', `/api/challenges/projects/${project.id}/application`, 'ent-a');
    expect(again.applicationId).toBe(started.applicationId);
    const url = `/api/applications/${started.applicationId}`;
    const app = await ok('GET', url, 'ent-a');
    expect(app).toMatchObject({ measureId: '000·二', state: 'draft' });
    await ok('POST', `${url}/submit`, 'ent-a', {});
    await ok('POST', `${url}/accept`, 'reviewer', {});
    await ok('POST', `${url}/start-review`, 'reviewer', {});
    // The engine's ceiling holds in the workflow too: 30% × 5000 万 = 1500 万.
    expect((await call('POST', `${url}/recommend`, 'reviewer', { amount: 1600 * WAN })).status).toBe(422);
    await ok('POST', `${url}/recommend`, 'reviewer', { amount: 1500 * WAN });
    await ok('PUT', '/api/budgets/000/2026', 'admin', { amount: 10_000 * WAN });
    await ok('POST', `${url}/approve`, 'approver', {});
    expect((await call('POST', `/api/challenges/projects/${project.id}/schedule`, 'approver')).status).toBe(
      409,
    );
    await ok('POST', `${url}/publish-notice`, 'approver', { days: 3 });
    await moveTo('2026-08-20');
    await ok('POST', `${url}/close-notice`, 'admin', {});
    expect((await call('POST', `/api/challenges/projects/${project.id}/schedule`, 'reviewer')).status).toBe(
      403,
    );
    const scheduled = await ok('POST', `/api/challenges/projects/${project.id}/schedule`, 'approver');
    // 1500 万 split by planned input 2000 : 1000 : 2000.
    expect(scheduled.milestones.map((m: Body) => m.tranche)).toEqual([600 * WAN, 300 * WAN, 600 * WAN]);

    const release = (seq: number, key: string, who = 'approver') =>
      call(
        'POST',
        `/api/challenges/projects/${project.id}/milestones/${seq}/release`,
        who,
        {},
        {
          'idempotency-key': key,
        },
      );
    const noKey = await call(
      'POST',
      `/api/challenges/projects/${project.id}/milestones/1/release`,
      'approver',
      {},
    );
    expect(noKey.status).toBe(400);
    expect((await release(1, 'early-key-1')).body.error.message.en).toContain('has not passed acceptance');
    // Evidence names files in the milestone's folder of the attachment store: a hash the store does not
    // hold there (never uploaded, or uploaded for another milestone) is refused naming the field, and
    // nothing changes.
    const evidenceUrl = `/api/challenges/projects/${project.id}/milestones/1/evidence`;
    const other = await uploadEvidence(t, h['ent-a']!, project.id, 2, '别的里程碑.pdf');
    for (const stray of [{ name: '样品测试报告.pdf', sha256: sha('b'), size: 2_000_000 }, other]) {
      const refused = await call('POST', evidenceUrl, 'ent-a', {
        claimedInput: 2100 * WAN,
        evidence: [stray],
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues[0]).toMatchObject({ path: 'evidence.0', rule: 'not_uploaded' });
      expect(refused.body.error.issues[0].zh).toContain('里程碑 1 的验收材料');
      expect(refused.body.error.issues[0].en).toContain('has not been uploaded');
    }
    const untouched = (await ok('GET', `/api/challenges/projects/${project.id}`, 'ent-a')).milestones[0];
    expect([untouched.state, untouched.evidence]).toEqual(['pending', []]);
    const report = await uploadEvidence(t, h['ent-a']!, project.id, 1, '样品测试报告.pdf');
    const sent = await ok('POST', evidenceUrl, 'ent-a', {
      claimedInput: 2100 * WAN,
      evidence: [{ ...report, name: '改名.pdf', size: 1 }, report],
    });
    // Recorded as stored: the store's name and size, once per file.
    expect(sent.milestones[0].evidence).toEqual([report]);
    const noInput = await call(
      'POST',
      `/api/challenges/projects/${project.id}/milestones/1/decision`,
      'reviewer',
      { decision: 'pass' },
    );
    expect(noInput.body.error.issues[0].path).toBe('verifiedInput');
    // Verified 1900 万 with a condition: not accepted yet, nothing is released.
    await ok('POST', `/api/challenges/projects/${project.id}/milestones/1/decision`, 'reviewer', {
      decision: 'conditional',
      verifiedInput: 1900 * WAN,
      reason: '补充第三方审计报告',
    });
    expect((await release(1, 'cond-key-1')).body.error.message.en).toContain('has not passed acceptance');
    // The audit report verifies 2000 万: 30% is exactly the 600 万 tranche.
    await ok('POST', `/api/challenges/projects/${project.id}/milestones/1/decision`, 'reviewer', {
      decision: 'clear_conditions',
      verifiedInput: 2000 * WAN,
      reason: '已补充审计报告',
    });
    // Concurrent requests with different keys: the stage is paid once.
    const tries = await Promise.all(
      ['release-one', 'release-two', 'release-three'].map((k) => release(1, k)),
    );
    const paid = tries.filter((r) => r.status === 200);
    expect(paid).toHaveLength(1);
    expect(
      tries
        .map((r) => (r.status === 200 ? 200 : `${r.status} ${r.raw}`))
        .filter((x) => x !== 200 && !String(x).startsWith('409')),
    ).toEqual([]);
    const key = ['release-one', 'release-two', 'release-three'][tries.indexOf(paid[0]!)]!;
    expect(paid[0]!.body).toMatchObject({ amount: 600 * WAN, replayed: false });
    const replay = await release(1, key);
    expect(replay.body).toMatchObject({ replayed: true, paymentId: paid[0]!.body.paymentId });
    const payments = await ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('application_id', '=', started.applicationId)
      .execute();
    expect(payments.map((p) => p.amount)).toEqual([600 * WAN]);

    // Milestone 2 verifies 900 万: 30% of 2900 万 is 870 万, short of 600 + 300 万 — the tranche waits.
    await ok('POST', `/api/challenges/projects/${project.id}/milestones/2/evidence`, 'ent-a', {
      claimedInput: 1000 * WAN,
      evidence: [await uploadEvidence(t, h['ent-a']!, project.id, 2, '中试报告.pdf')],
    });
    await ok('POST', `/api/challenges/projects/${project.id}/milestones/2/decision`, 'reviewer', {
      decision: 'pass',
      verifiedInput: 900 * WAN,
    });
    const short = await release(2, 'short-key-2');
    expect(short.status).toBe(409);
    expect(short.body.error.message.en).toContain('verified so far');
    // The project says so before anyone asks: both limits per tranche, as the release checks them.
    const limits = (await ok('GET', `/api/challenges/projects/${project.id}`, 'auditor')).release;
    expect(limits).toMatchObject({ rate: 3000, approvedAmount: 1500 * WAN });
    expect(limits.tranches.map((x: Body) => [x.seq, x.ok, x.rule, x.limit, x.verifiedSoFar])).toEqual([
      [1, false, 'already_paid', 600 * WAN, 2000 * WAN],
      [2, false, 'input_short', 870 * WAN, 2900 * WAN],
      [3, false, 'not_accepted', 870 * WAN, 2900 * WAN],
    ]);
    expect((await release(3, 'early-key-3')).body.error.message.en).toContain('has not passed acceptance');
  });

  it('a failed final 验收 stops the remaining tranches and records what is to be recovered', async () => {
    const base = `/api/challenges/projects/${ids.project}/milestones/3`;
    await ok('POST', `${base}/evidence`, 'ent-a', {
      claimedInput: 3000 * WAN,
      evidence: [await uploadEvidence(t, h['ent-a']!, ids.project!, 3, '可靠性报告.pdf')],
    });
    // Before the verdict the fund commits the whole award (1500 万) of which 600 万 is paid.
    expect(await ok('GET', '/api/budgets/000/2026', 'auditor')).toMatchObject({
      committed: 1500 * WAN,
      paid: 600 * WAN,
      available: 8500 * WAN,
    });
    const tooMuch = await call('POST', `${base}/decision`, 'reviewer', {
      decision: 'fail',
      reason: '功率循环寿命未达标',
      recoveryAmount: 700 * WAN,
    });
    expect(tooMuch.body.error.issues[0]).toMatchObject({ path: 'recoveryAmount', rule: 'above_released' });
    const failed = await ok('POST', `${base}/decision`, 'reviewer', {
      decision: 'fail',
      reason: '功率循环寿命未达标',
      recoveryAmount: 100 * WAN,
    });
    expect(failed).toMatchObject({ state: 'failed', recoveryAmount: 100 * WAN });
    const r = await call('POST', `${base}/release`, 'approver', {}, { 'idempotency-key': 'after-fail-2' });
    expect(r.status).toBe(409);
    expect(r.body.error.message.en).toContain('has ended');
    expect(
      (
        await call('POST', `${base}/evidence`, 'ent-a', {
          claimedInput: 1,
          evidence: [{ name: 'x', sha256: sha('d'), size: 1 }],
        })
      ).status,
    ).toBe(409);
    const audit = await ok('GET', '/api/audit?action=challenges.project.recovery&limit=10', 'auditor');
    expect(audit.items[0].detail).toMatchObject({
      released: 600 * WAN,
      recovery: 100 * WAN,
      unpaid: 900 * WAN,
    });
    // Milestone 2 (accepted, unpaid) is not paid after the project failed either.
    const m2 = await call(
      'POST',
      `/api/challenges/projects/${ids.project}/milestones/2/release`,
      'approver',
      {},
      {
        'idempotency-key': 'after-fail-m2',
      },
    );
    expect(m2.status).toBe(409);
    const m = (await ok('GET', `/api/challenges/projects/${ids.project}`, 'ent-a')).milestones;
    expect(m.map((x: Body) => x.state)).toEqual(['accepted', 'accepted', 'failed']);
  });

  it('a failed final 验收 releases the unpaid commitment in the fund ledger, once', async () => {
    const project = await ok('GET', `/api/challenges/projects/${ids.project}`, 'auditor');
    const url = `/api/applications/${project.applicationId}`;
    // committed drops to what was paid; the 900 万 of stopped tranches is headroom again.
    const fund = await ok('GET', '/api/budgets/000/2026', 'auditor');
    expect(fund).toMatchObject({ committed: 600 * WAN, paid: 600 * WAN, available: 9400 * WAN });
    const ledger = await ok('GET', '/api/ledger?fund=000&year=2026', 'auditor');
    expect(ledger.lines.find((l: Body) => l.measureId === '000·二')).toMatchObject({
      committed: 600 * WAN,
      paid: 600 * WAN,
      outstanding: 0,
    });
    const entries = await ctx.db
      .selectFrom('ledger_entries')
      .select(['id', 'kind', 'amount', 'reverses'])
      .where('application_id', '=', project.applicationId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    const grant = entries.find((e) => e.kind === 'grant' && e.amount === 1500 * WAN)!;
    expect(entries.filter((e) => e.kind === 'reversal').map((e) => [e.reverses, e.amount])).toEqual([
      [grant.id, 1500 * WAN],
    ]);
    expect(entries.filter((e) => e.kind === 'grant').map((e) => e.amount)).toEqual([1500 * WAN, 600 * WAN]);
    // What is to be recovered is in the ledger too (11·5): a receivable against the grant's fund and year.
    const due = await ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('application_id', '=', project.applicationId)
      .where('kind', '=', 'recovery')
      .execute();
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      amount: 100 * WAN,
      fund: '000',
      year: 2026,
      subject: `challenge_project:${ids.project}`,
      note: '功率循环寿命未达标',
      clause: expect.stringContaining('000·二'),
    });
    expect(project.recovery).toMatchObject({ due: 100 * WAN, returned: 0, left: 100 * WAN, receipts: [] });
    // Migration 0018's backfill (for projects failed before it) finds the same entry the service wrote.
    const backfill = await sql<Body>`${sql.raw(RECOVERY_BACKFILL)}`.execute(ctx.db);
    expect(
      backfill.rows.map((r: Body) => [r.fund, r.year, Number(r.recovery_amount), r.measure_id, r.matter_id]),
    ).toEqual([[due[0]!.fund, due[0]!.year, due[0]!.amount, due[0]!.measure_id, due[0]!.matter_id]]);
    expect(ledger.lines.find((l: Body) => l.measureId === '000·二')).toMatchObject({
      due: 100 * WAN,
      returned: 0,
      receivable: 100 * WAN,
      net: 600 * WAN,
    });
    expect(fund).toMatchObject({ due: 100 * WAN, returned: 0, net: 600 * WAN });
    const audit = await ok('GET', '/api/audit?action=challenges.project.recovery&limit=10', 'auditor');
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].detail).toMatchObject({
      clause: expect.stringContaining('000·二'),
      ledger: { reversed: [{ id: grant.id, amount: 1500 * WAN }], granted: 600 * WAN },
      recoveryEntry: due[0]!.id,
    });
    expect((await ok('GET', '/api/audit/verify', 'auditor')).ok).toBe(true);
    // The application no longer offers the stopped stages for payment, and refuses them directly.
    const app = await ok('GET', url, 'approver');
    expect(app.state).toBe('paying');
    expect(app.actions).not.toContain('pay_stage');
    const unpaid = app.stages.find((st: Body) => st.seq === 2);
    const direct = await call(
      'POST',
      `${url}/stages/${unpaid.id}/pay`,
      'approver',
      {},
      { 'idempotency-key': 'direct-after-fail' },
    );
    expect(direct.status).toBe(409);
    expect(direct.body.error.message.en).toContain('commitment for the unpaid stages was released');
    // The same verdict again changes nothing: refused, no ledger entry, no audit entry.
    const again = await call(
      'POST',
      `/api/challenges/projects/${ids.project}/milestones/3/decision`,
      'reviewer',
      {
        decision: 'fail',
        reason: '功率循环寿命未达标',
        recoveryAmount: 100 * WAN,
      },
    );
    expect(again.status).toBe(409);
    const after = await ctx.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('application_id', '=', project.applicationId)
      .execute();
    expect(after).toHaveLength(entries.length);
    expect(await ok('GET', '/api/budgets/000/2026', 'auditor')).toMatchObject({ committed: 600 * WAN });
    const audit2 = await ok('GET', '/api/audit?action=challenges.project.recovery&limit=10', 'auditor');
    expect(audit2.items).toHaveLength(1);
  });

  it('every state change is audited with its clause', async () => {
    const audit = await ok('GET', '/api/audit?limit=500', 'auditor');
    const actions = new Set(audit.items.map((x: Body) => x.action));
    for (const a of [
      'challenges.problem.create',
      'challenges.problem.return',
      'challenges.problem.place',
      'challenges.list.publish',
      'challenges.list.edit',
      'challenges.bid.submit',
      'challenges.bid.revise',
      'challenges.judge.blocked',
      'challenges.bid.score',
      'challenges.problem.award',
      'challenges.milestone.pass'.replace('pass', 'conditional'),
      'challenges.milestone.release',
      'challenges.project.fail',
    ])
      expect(actions, a).toContain(a);
    const award = audit.items.find((x: Body) => x.action === 'challenges.problem.award');
    expect(award.detail.clause).toContain('000·二');
  });

  it('赛马: two teams in parallel, then a down-select stops the dropped team’s project', async () => {
    await moveTo('2026-09-01');
    const { problemId } = await problemOnNewList(
      '碳化硅模块双面散热结构攻关',
      '第二批',
      '2026-09-01',
      '2026-09-15',
    );
    const p = { id: problemId };
    const { a, b, raced } = await raceBoth(p.id, '2026-09-16');
    expect(raced.state).toBe('racing');
    expect(raced.award.winners).toHaveLength(2);
    const noReason = await call('POST', `/api/challenges/problems/${p.id}/downselect`, 'admin', {
      keep: [b],
    });
    expect(noReason.body.error.issues[0].path).toBe('reason');
    const done = await ok('POST', `/api/challenges/problems/${p.id}/downselect`, 'admin', {
      keep: [b],
      reason: '第一阶段样品性能更优',
    });
    expect(done.state).toBe('awarded');
    expect(done.award.winners.map((w: Body) => w.bidId)).toEqual([b]);
    const projects = (await ok('GET', `/api/challenges/projects?problemId=${p.id}`, 'auditor')).items;
    expect(projects.map((x: Body) => [x.bidId === a ? 'A' : 'B', x.state]).sort()).toEqual([
      ['A', 'dropped'],
      ['B', 'active'],
    ]);
    const dropped = projects.find((x: Body) => x.bidId === a);
    expect(dropped.milestones.map((m: Body) => m.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });
  it('撤回 and 撤题: a poser withdraws before listing; an officer cancels with a reason, voiding live bids', async () => {
    const draft = await ok(
      'POST',
      '/api/challenges/problems',
      'poser',
      { ...problem, title: '撤回的题目' },
      201,
    );
    expect((await ok('POST', `/api/challenges/problems/${draft.id}/withdraw`, 'poser', {})).state).toBe(
      'withdrawn',
    );
    expect((await call('POST', `/api/challenges/problems/${draft.id}/withdraw`, 'ent-a', {})).status).toBe(
      404,
    );

    const p = await ok(
      'POST',
      '/api/challenges/problems',
      'poser',
      { ...problem, title: '将被撤题的题目', submit: true },
      201,
    );
    await ok('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', { decision: 'accept' });
    const list = await ok(
      'POST',
      '/api/challenges/lists',
      'reviewer',
      {
        basisMeasureId: '000·二',
        title: '2026年攻关项目需求榜单',
        batch: '第三批',
        opensOn: '2026-09-16',
        closesOn: '2026-09-30',
      },
      201,
    );
    await ok('POST', `/api/challenges/problems/${p.id}/place`, 'reviewer', { listId: list.id });
    await ok('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {});
    const b = (await ok('POST', `/api/challenges/problems/${p.id}/bids`, 'ent-a', bid(3000 * WAN))).bid.id;
    // The poser's own scorer may sit on the panel; a user of another organisation may not.
    const notPoser = await call('POST', `/api/challenges/problems/${p.id}/judges`, 'reviewer', {
      poserScorers: [users['ent-b']],
    });
    expect(notPoser.body.error.issues[0]).toMatchObject({ path: 'poserScorers.0', rule: 'not_poser' });
    const panel = await ok('POST', `/api/challenges/problems/${p.id}/judges`, 'reviewer', {
      poserScorers: [users.poser],
    });
    expect(panel.items).toMatchObject([{ username: 'poser', kind: 'poser', blocked: false }]);
    const noReason = await call('POST', `/api/challenges/problems/${p.id}/cancel`, 'reviewer', {});
    expect(noReason.body.error.issues[0].path).toBe('reason');
    expect(
      (await call('POST', `/api/challenges/problems/${p.id}/cancel`, 'poser', { reason: '不再需要' })).status,
    ).toBe(403);
    const cancelled = await ok('POST', `/api/challenges/problems/${p.id}/cancel`, 'reviewer', {
      reason: '需求已由其他渠道解决',
    });
    expect(cancelled.state).toBe('cancelled');
    expect((await ok('GET', `/api/challenges/bids/${b}`, 'ent-a')).state).toBe('void');
    expect((await call('GET', `/api/challenges/problems/${p.id}`)).status).toBe(404);
    expect(JSON.stringify(await ok('GET', '/api/messages', 'ent-a'))).toContain('已撤题');
  });

  it('退回款: money returned is recorded against what is due back, partially, once per key, never above it', async () => {
    const url = `/api/challenges/projects/${ids.project}/repayments`;
    const pay = (amount: number, key: string, who = 'approver', extra: Body = {}) =>
      call('POST', url, who, { amount, ...extra }, { 'idempotency-key': key });
    expect((await call('POST', url, 'approver', { amount: WAN })).status).toBe(400);
    expect((await pay(WAN, 'repay-key-reviewer', 'reviewer')).status).toBe(403);
    expect((await pay(WAN, 'repay-key-ent', 'ent-a')).status).toBe(403);
    const above = await pay(101 * WAN, 'repay-key-above');
    expect(above.status).toBe(400);
    expect(above.body.error.issues[0]).toMatchObject({ path: 'amount', rule: 'above_due' });
    const zero = await pay(0, 'repay-key-zero');
    expect(zero.body.error.issues[0].path).toBe('amount');
    const future = await pay(WAN, 'repay-key-future', 'approver', { receivedOn: '2099-01-01' });
    expect(future.body.error.issues[0]).toMatchObject({ path: 'receivedOn', rule: 'future' });
    const first = await pay(40 * WAN, 'repay-key-one', 'approver', { note: '银行回单 001' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ amount: 40 * WAN, replayed: false });
    expect(first.body.project.recovery).toMatchObject({ due: 100 * WAN, returned: 40 * WAN, left: 60 * WAN });
    // A retry with the same key answers with the first receipt; the key for another amount is refused.
    const replay = await pay(40 * WAN, 'repay-key-one');
    expect(replay.body).toMatchObject({ replayed: true, entryId: first.body.entryId });
    expect((await pay(41 * WAN, 'repay-key-one')).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Two receipts of the whole rest at once, with different keys: one is recorded.
    const both = await Promise.all([pay(60 * WAN, 'repay-key-two'), pay(60 * WAN, 'repay-key-three')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const settled = await pay(WAN, 'repay-key-four');
    expect(settled.status).toBe(409);
    expect(settled.body.error.message.en).toContain('returned in full');
    const project = await ok('GET', `/api/challenges/projects/${ids.project}`, 'ent-a');
    expect(project.recovery).toMatchObject({ due: 100 * WAN, returned: 100 * WAN, left: 0 });
    expect(project.recovery.receipts.map((r: Body) => [r.amount, r.note]).sort()).toEqual([
      [40 * WAN, '银行回单 001'],
      [60 * WAN, null],
    ]);
    const ledger = await ok('GET', '/api/ledger?fund=000&year=2026', 'auditor');
    expect(ledger.lines.find((l: Body) => l.measureId === '000·二')).toMatchObject({
      paid: 600 * WAN,
      due: 100 * WAN,
      returned: 100 * WAN,
      receivable: 0,
      net: 500 * WAN,
    });
    expect(await ok('GET', '/api/budgets/000/2026', 'auditor')).toMatchObject({
      paid: 600 * WAN,
      returned: 100 * WAN,
      net: 500 * WAN,
    });
    const receipts = await ctx.db
      .selectFrom('ledger_entries')
      .select(['kind', 'amount', 'recovers', 'idempotency_key'])
      .where('kind', '=', 'recovered')
      .where('subject', '=', `challenge_project:${ids.project}`)
      .execute();
    expect(receipts).toHaveLength(2);
    const audit = await ok('GET', '/api/audit?action=challenges.project.repayment&limit=10', 'auditor');
    expect(audit.items).toHaveLength(2);
    expect(audit.items[0].detail).toMatchObject({ clause: expect.stringContaining('000·二') });
    expect(JSON.stringify(await ok('GET', '/api/messages', 'ent-a'))).toContain('已登记退回款');
    // Nothing is due on a project that did not fail.
    const active = (await ok('GET', '/api/challenges/projects', 'auditor')).items.find(
      (x: Body) => x.state === 'active',
    );
    const nothing = await call(
      'POST',
      `/api/challenges/projects/${active.id}/repayments`,
      'approver',
      { amount: WAN },
      { 'idempotency-key': 'repay-key-nothing' },
    );
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message.en).toBe('nothing is due back for this project');
    expect((await ok('GET', '/api/audit/verify', 'auditor')).ok).toBe(true);
  });

  it('赛马 with money: the dropped team keeps what it was paid; its unpaid commitment is released', async () => {
    const { problemId, listId } = await problemOnNewList(
      '碳化硅模块车规认证攻关',
      '第四批',
      '2026-09-16',
      '2026-09-20',
    );
    ids.raceList = listId;
    const p = { id: problemId };
    const { a, b } = await raceBoth(p.id, '2026-09-21', { a: 80, b: 80 });
    const projectA = (await ok('GET', `/api/challenges/projects?problemId=${p.id}`, 'auditor')).items.find(
      (x: Body) => x.bidId === a,
    );
    // Team A's award goes through the workflow and its first tranche is paid.
    const started = await ok('POST', `/api/challenges/projects/${projectA.id}/application`, 'ent-a');
    const url = `/api/applications/${started.applicationId}`;
    await ok('POST', `${url}/submit`, 'ent-a', {});
    await ok('POST', `${url}/accept`, 'reviewer', {});
    await ok('POST', `${url}/start-review`, 'reviewer', {});
    await ok('POST', `${url}/recommend`, 'reviewer', { amount: 900 * WAN });
    await ok('POST', `${url}/approve`, 'approver', {});
    await ok('POST', `${url}/publish-notice`, 'approver', { days: 3 });
    await moveTo('2026-09-28');
    await ok('POST', `${url}/close-notice`, 'admin', {});
    const scheduled = await ok('POST', `/api/challenges/projects/${projectA.id}/schedule`, 'approver');
    expect(scheduled.milestones.map((m: Body) => m.tranche)).toEqual([360 * WAN, 180 * WAN, 360 * WAN]);
    await ok('POST', `/api/challenges/projects/${projectA.id}/milestones/1/evidence`, 'ent-a', {
      claimedInput: 2000 * WAN,
      evidence: [await uploadEvidence(t, h['ent-a']!, projectA.id, 1, '样品报告.pdf')],
    });
    await ok('POST', `/api/challenges/projects/${projectA.id}/milestones/1/decision`, 'reviewer', {
      decision: 'pass',
      verifiedInput: 2000 * WAN,
    });
    const released = await call(
      'POST',
      `/api/challenges/projects/${projectA.id}/milestones/1/release`,
      'approver',
      {},
      { 'idempotency-key': 'race-release-1' },
    );
    expect(released.status).toBe(200);
    const before = await ok('GET', '/api/budgets/000/2026', 'auditor');
    const committedOf = async () =>
      (
        await ctx.db
          .selectFrom('ledger_entries as g')
          .select(['g.kind', 'g.amount', 'g.id'])
          .where('g.application_id', '=', started.applicationId)
          .orderBy('g.recorded_at')
          .orderBy('g.id')
          .execute()
      )
        .map((e) => `${e.kind} ${e.amount / WAN}`)
        .sort();
    expect(await committedOf()).toEqual(['grant 900', 'payment 360']);
    await ok('POST', `/api/challenges/problems/${p.id}/downselect`, 'admin', {
      keep: [b],
      reason: '第一阶段B队样品性能更优',
    });
    // The 540 万 of A's stopped tranches is released: committed = paid (360 万), which stays paid.
    expect(await committedOf()).toEqual(['grant 360', 'grant 900', 'payment 360', 'reversal 900']);
    const after = await ok('GET', '/api/budgets/000/2026', 'auditor');
    expect(after.committed).toBe(before.committed - 540 * WAN);
    expect(after.paid).toBe(before.paid);
    const audit = await ok(
      'GET',
      '/api/audit?action=challenges.project.release_commitment&limit=10',
      'auditor',
    );
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].detail).toMatchObject({
      clause: expect.stringContaining('000·二'),
      paid: 360 * WAN,
      ledger: { granted: 360 * WAN, committedBefore: 900 * WAN },
    });
    const dropped = await ok('GET', `/api/challenges/projects/${projectA.id}`, 'auditor');
    expect(dropped.state).toBe('dropped');
    expect(dropped.recovery).toBeNull();
  });

  it('撤销榜单: an officer cancels a list with the reason; its open problems and live bids go with it', async () => {
    const list = await ok(
      'POST',
      '/api/challenges/lists',
      'reviewer',
      {
        basisMeasureId: '000·二',
        title: '2026年攻关项目需求榜单（将撤销）',
        batch: '第五批',
        opensOn: '2026-09-28',
        closesOn: '2026-10-20',
      },
      201,
    );
    const problems = [];
    for (const title of ['撤销榜单上的题目一', '撤销榜单上的题目二']) {
      const p = await ok(
        'POST',
        '/api/challenges/problems',
        'poser',
        { ...problem, title, submit: true },
        201,
      );
      await ok('POST', `/api/challenges/problems/${p.id}/review`, 'reviewer', { decision: 'accept' });
      await ok('POST', `/api/challenges/problems/${p.id}/place`, 'reviewer', { listId: list.id });
      problems.push(p.id);
    }
    await ok('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {});
    const bidA = (await ok('POST', `/api/challenges/problems/${problems[0]}/bids`, 'ent-a', bid(3000 * WAN)))
      .bid.id;
    const bidB = (await ok('POST', `/api/challenges/problems/${problems[0]}/bids`, 'ent-b', bid(3000 * WAN)))
      .bid.id;
    const cancel = (id: string, who: string, body: Body) =>
      call('POST', `/api/challenges/lists/${id}/cancel`, who, body);
    const noReason = await cancel(list.id, 'reviewer', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('reason');
    expect((await cancel(list.id, 'ent-a', { reason: '不再需要' })).status).toBe(403);
    expect((await cancel(list.id, 'auditor', { reason: '不再需要' })).status).toBe(403);
    expect((await cancel(list.id, 'reviewer', { reason: '不再需要', version: 1 })).status).toBe(409);
    // A list with an awarded problem is not cancelled: the award is an application with money behind it.
    const awarded = await cancel(ids.raceList as string, 'reviewer', { reason: '不再需要' });
    expect(awarded.status).toBe(409);
    expect(awarded.body.error.message.en).toContain('have been awarded');

    const done = await cancel(list.id, 'reviewer', { reason: '攻关需求已纳入市级重大专项' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      state: 'cancelled',
      stateLabel: { zh: '已撤销' },
      cancelReason: '攻关需求已纳入市级重大专项',
    });
    expect(done.body.cancelledAt).toBeTruthy();
    expect((await ok('GET', `/api/challenges/bids/${bidA}`, 'ent-a')).state).toBe('void');
    expect((await ok('GET', `/api/challenges/bids/${bidB}`, 'ent-b')).state).toBe('void');
    // Public: the list stays visible as cancelled with the reason, and what was on it as cancelled.
    const pub = await ok('GET', `/api/challenges/lists/${list.id}`);
    expect(pub).toMatchObject({ state: 'cancelled', cancelReason: '攻关需求已纳入市级重大专项' });
    expect(pub.chart.problems).toBe(2);
    expect((await ok('GET', '/api/challenges/lists')).items.map((l: Body) => l.id)).toContain(list.id);
    expect((await ok('GET', `/api/challenges/problems/${problems[1]}`)).state).toBe('cancelled');
    const open = await ok('GET', '/api/challenges/problems?limit=100');
    expect(open.items.map((x: Body) => x.id)).not.toContain(problems[0]);
    // No new bid (the problem is no longer open to bid on), no publishing again, no second cancel.
    expect(
      (await call('POST', `/api/challenges/problems/${problems[1]}/bids`, 'ent-a', bid(3000 * WAN))).status,
    ).toBe(404);
    expect((await call('POST', `/api/challenges/lists/${list.id}/publish`, 'reviewer', {})).status).toBe(409);
    expect((await cancel(list.id, 'reviewer', { reason: '再次撤销' })).status).toBe(409);
    // Bidders and the poser are told.
    for (const who of ['ent-a', 'ent-b', 'poser'])
      expect(JSON.stringify(await ok('GET', '/api/messages', who)), who).toContain('已撤销');
    const audit = await ok('GET', '/api/audit?action=challenges.list.cancel&limit=10', 'auditor');
    expect(audit.items[0].detail).toMatchObject({
      clause: expect.stringContaining('000·二'),
      reason: '攻关需求已纳入市级重大专项',
      from: 'published',
      to: 'cancelled',
      bidsVoided: 2,
      problems: expect.arrayContaining(problems),
    });
    const voids = await ok('GET', '/api/audit?action=challenges.bid.void&limit=50', 'auditor');
    expect(voids.items.map((x: Body) => x.subject)).toEqual(
      expect.arrayContaining([`challenge_bid:${bidA}`, `challenge_bid:${bidB}`]),
    );

    // A draft list cancelled was never public and stays hidden.
    const draft = await ok(
      'POST',
      '/api/challenges/lists',
      'reviewer',
      {
        basisMeasureId: '000·二',
        title: '攻关项目需求榜单（草稿）',
        batch: '第九批',
        opensOn: '2026-10-01',
        closesOn: '2026-10-30',
      },
      201,
    );
    expect((await cancel(draft.id, 'admin', { reason: '重复编制' })).body.state).toBe('cancelled');
    expect((await call('GET', `/api/challenges/lists/${draft.id}`)).status).toBe(404);
    expect((await ok('GET', `/api/challenges/lists/${draft.id}`, 'auditor')).cancelReason).toBe('重复编制');
  });
  it('赛马: a dropped team’s application not yet approved is ended with it and can never be approved', async () => {
    const { problemId } = await problemOnNewList(
      '碳化硅模块栅极驱动攻关',
      '第六批',
      '2026-09-28',
      '2026-10-02',
    );
    const { a, b } = await raceBoth(problemId, '2026-10-03');
    const projects = (await ok('GET', `/api/challenges/projects?problemId=${problemId}`, 'auditor')).items;
    const projectOf = (bidId: string) => projects.find((x: Body) => x.bidId === bidId);
    // Team A's application is recommended (undecided: nothing committed yet); team B's is a draft.
    const appA = (await ok('POST', `/api/challenges/projects/${projectOf(a).id}/application`, 'ent-a'))
      .applicationId;
    const urlA = `/api/applications/${appA}`;
    await ok('POST', `${urlA}/submit`, 'ent-a', {});
    await ok('POST', `${urlA}/accept`, 'reviewer', {});
    await ok('POST', `${urlA}/start-review`, 'reviewer', {});
    await ok('POST', `${urlA}/recommend`, 'reviewer', { amount: 900 * WAN });
    // Two requests at once make one draft (written under the project's lock), not an orphan beside it.
    const startB = () => ok('POST', `/api/challenges/projects/${projectOf(b).id}/application`, 'ent-b');
    const [b1, b2] = await Promise.all([startB(), startB()]);
    expect(b1.applicationId).toBe(b2.applicationId);
    const appB = b1.applicationId;
    const drafts = await ctx.db
      .selectFrom('applications')
      .select('id')
      .where('matter_id', '=', `challenge:${projectOf(b).id}`)
      .execute();
    expect(drafts.map((d) => d.id)).toEqual([appB]);
    // The workflow's end_matter is never offered on its own, and refused without a matter that ended.
    expect((await ok('GET', urlA, 'approver')).actions).toEqual(expect.arrayContaining(['approve']));
    expect((await ok('GET', urlA, 'approver')).actions).not.toContain('end_matter');
    const before = await ok('GET', '/api/budgets/000/2026', 'auditor');

    await ok('POST', `/api/challenges/problems/${problemId}/downselect`, 'admin', {
      keep: [b],
      reason: '第一阶段B队方案更优',
    });
    const ended = await ok('GET', urlA, 'approver');
    expect(ended.state).toBe('withdrawn');
    expect(ended.actions).toEqual([]);
    const last = ended.timeline.at(-1);
    expect(last).toMatchObject({ action: 'end_matter', from: 'recommended', to: 'withdrawn' });
    expect(last.reason).toContain('第一阶段B队方案更优');
    // Approving it now is refused, as is resubmitting; nothing is committed.
    const approve = await call('POST', `${urlA}/approve`, 'approver', {});
    expect(approve.status).toBe(409);
    expect(approve.body.error.message.en).toContain('withdrawn');
    expect((await call('POST', `${urlA}/submit`, 'ent-a', {})).status).toBe(409);
    expect((await ok('GET', '/api/budgets/000/2026', 'auditor')).committed).toBe(before.committed);
    expect(
      await ctx.db.selectFrom('ledger_entries').select('id').where('application_id', '=', appA).execute(),
    ).toEqual([]);
    // Asking again for the dropped project answers the ended application; no new draft is made.
    expect(
      (await call('POST', `/api/challenges/projects/${projectOf(a).id}/application`, 'ent-a')).body
        .applicationId,
    ).toBe(appA);
    // The kept team's draft goes on as before.
    expect((await ok('GET', `/api/applications/${appB}`, 'ent-b')).state).toBe('draft');
    // Audited on both sides with the clause.
    const wf = await ok('GET', '/api/audit?action=application.end_matter&limit=10', 'auditor');
    expect(wf.items).toHaveLength(1);
    expect(wf.items[0]).toMatchObject({
      subject: `application:${appA}`,
      detail: {
        from: 'recommended',
        to: 'withdrawn',
        clause: expect.stringContaining('000·二'),
        matterEndedBy: `challenge_project:${projectOf(a).id}`,
      },
    });
    const ch = await ok('GET', '/api/audit?action=challenges.project.end_application&limit=10', 'auditor');
    expect(ch.items[0].detail).toMatchObject({
      clause: expect.stringContaining('000·二'),
      applicationId: appA,
      from: 'recommended',
      reason: '第一阶段B队方案更优',
    });
    expect((await ok('GET', '/api/audit/verify', 'auditor')).ok).toBe(true);
  });
  it('nobody won: the officer says so with the reason; no project, every bid not awarded, public as such', async () => {
    const { problemId } = await problemOnNewList(
      '碳化硅衬底缺陷检测攻关',
      '第七批',
      '2026-10-03',
      '2026-10-05',
    );
    const a = (await ok('POST', `/api/challenges/problems/${problemId}/bids`, 'ent-a', bid(3000 * WAN))).bid
      .id;
    await ok('POST', `/api/challenges/problems/${problemId}/judges`, 'reviewer', {
      experts: [users.exp1, users.exp3, users.exp4],
    });
    await moveTo('2026-10-06');
    await ok('POST', `/api/challenges/problems/${problemId}/open-judging`, 'reviewer', {});
    const url = `/api/challenges/problems/${problemId}/award`;
    const named = await call('POST', url, 'reviewer', { mode: 'none', bidIds: [a], reason: '均未达到指标' });
    expect(named.body.error.issues[0]).toMatchObject({ path: 'bidIds', rule: 'no_winner' });
    const noReason = await call('POST', url, 'reviewer', { mode: 'none' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('reason');
    const none = await ok('POST', url, 'reviewer', { mode: 'none', reason: '技术方案均未达到验收指标要求' });
    expect(none.state).toBe('no_award');
    expect((await ok('GET', `/api/challenges/bids/${a}`, 'ent-a')).state).toBe('not_awarded');
    expect((await ok('GET', `/api/challenges/projects?problemId=${problemId}`, 'auditor')).items).toEqual([]);
    const pub = await ok('GET', `/api/challenges/problems/${problemId}`);
    expect(pub.state).toBe('no_award');
    expect(pub.award).toMatchObject({ winners: [] });
    const audit = await ok('GET', '/api/audit?action=challenges.problem.no_award&limit=10', 'auditor');
    expect(audit.items[0].detail).toMatchObject({
      clause: expect.stringContaining('000·二'),
      reason: '技术方案均未达到验收指标要求',
    });
  });

  it('documents every challenges endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/challenges/'));
    for (const path of [
      '/api/challenges/lists',
      '/api/challenges/problems/{id}/bids',
      '/api/challenges/bids/{id}/scores',
      '/api/challenges/problems/{id}/award',
      '/api/challenges/problems/{id}/downselect',
      '/api/challenges/projects/{id}/milestones/{seq}/evidence',
      '/api/challenges/projects/{id}/milestones/{seq}/release',
      '/api/challenges/projects/{id}/repayments',
    ])
      expect(paths).toContain(path);
  });
});
