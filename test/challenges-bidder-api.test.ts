/**
 * What the bidder's web pages need beyond the core endpoints (docs/challenges.md): every version of a
 * bid as submitted, sealed exactly as the bid (another bidder, the poser and anyone before the deadline
 * get 404); and the registry lookup of consortium partners, which answers only name, USCC, kind and city,
 * only to organisation users, and never the caller itself. And group links imported in bulk (the registry's
 * CSV import with 母公司/股东统一社会信用代码 columns) block a judge of the bidder's group (issue 11·3).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withUsccCheck } from '../src/core/uscc.ts';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { apiCalls, type Body } from './support/api-calls.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { challengeParties, listedProblem } from './support/challenges.ts';
import { describeEachDatabase } from './support/databases.ts';

const WAN = 1_000_000;

const bid = (amount: number, plan: string, partners: string[] = []) => ({
  amount,
  plan,
  team: '教授级高工 2 名、博士 5 名',
  partners,
  milestones: [
    { title: '工艺开发与样品', dueOn: '2027-03-31', plannedInput: 2000 * WAN, indicators: '样品 100 套' },
    { title: '可靠性验证与交付', dueOn: '2027-12-31', plannedInput: 2000 * WAN, indicators: '寿命' },
  ],
  attachments: [],
});

describeEachDatabase('challenges API for the bidder pages', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const org: Record<string, string> = {};
  const { call, ok } = apiCalls(() => t, h);
  let problemId = '';
  let bidId = '';

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-07-01T02:00:00Z' });
    Object.assign(org, await challengeParties(ctx.db));
    org.u = await insertOrganisation(ctx.db, { name: '松江工程技术大学', kind: 'university' });
    await t.createUser('poser', 'enterprise', org.p);
    await t.createUser('ent-a', 'enterprise', org.a);
    await t.createUser('ent-b', 'enterprise', org.b);
    await t.createUser('reviewer', 'reviewer', null, { department: '区科委' });
    await t.createUser('exp', 'expert');
    await t.createUser('admin', 'admin');
    for (const n of ['poser', 'ent-a', 'ent-b', 'reviewer', 'exp', 'admin']) h[n] = await t.login(n);

    ({ problemId } = await listedProblem(
      ok,
      { poser: 'poser', officer: 'reviewer' },
      { opensOn: '2026-07-01', closesOn: '2026-07-31' },
    ));
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('finds consortium partners in the registry by name or USCC: public register facts only', async () => {
    const found = await ok('GET', `/api/challenges/partners?q=${encodeURIComponent('松江')}`, 'ent-a');
    expect(found.items.map((o: Body) => o.name).sort()).toEqual(['松江工程技术大学', '松江整车电驱有限公司']);
    expect(Object.keys(found.items[0]).sort()).toEqual(['city', 'id', 'kind', 'name', 'uscc']);
    // Never the caller itself; by ids, the partners already chosen.
    const self = await ok('GET', `/api/challenges/partners?q=${encodeURIComponent('嘉松')}`, 'ent-a');
    expect(self.items).toEqual([]);
    const byIds = await ok('GET', `/api/challenges/partners?ids=${org.u},${org.b}`, 'ent-a');
    expect(byIds.items.map((o: Body) => o.id).sort()).toEqual([org.u, org.b].sort());
    // Only organisation users; a one-letter search and a bad id are 400 naming the field.
    expect((await call('GET', '/api/challenges/partners?q=松江', 'exp')).status).toBe(403);
    expect((await call('GET', '/api/challenges/partners?q=松江')).status).toBe(401);
    const short = await call('GET', '/api/challenges/partners?q=x', 'ent-a');
    expect(short.status).toBe(400);
    expect(short.body.error.issues[0].path).toBe('query.q');
    const bad = await call('GET', '/api/challenges/partners?ids=nope', 'ent-a');
    expect(bad.status).toBe(400);
  });

  it('group links imported in bulk (母公司 / 股东 USCC columns) block a judge of the bidder’s group', async () => {
    const [holding, bidder, lab] = ['000000071', '000000072', '000000073'].map((n) =>
      withUsccCheck(`91330400${n}`),
    );
    // The registry import, as an officer sends a spreadsheet: the links are rows' columns, by USCC.
    const csv = [
      '统一社会信用代码,单位名称,单位类型,所在城市,中心设立城市,母公司统一社会信用代码,股东统一社会信用代码',
      `${holding},嘉兴功率集团有限公司,enterprise,jiaxing,,,`,
      `${bidder},嘉兴功率（松江）创新中心有限公司,enterprise,songjiang,jiaxing,${holding},`,
      `${lab},嘉功检测技术研究院,research_institute,jiaxing,,,${holding}`,
    ].join('\n');
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/organisations/import?name=groups.csv',
      headers: { ...h.admin, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ created: 3, committed: true });
    const idOf = async (uscc: string) =>
      (
        await ctx.db
          .selectFrom('organisations')
          .select('id')
          .where('uscc', '=', uscc)
          .executeTakeFirstOrThrow()
      ).id;
    const links = await ctx.db
      .selectFrom('organisation_links')
      .select(['organisation_id', 'relation', 'related_uscc'])
      .where('related_uscc', '=', holding!)
      .orderBy('relation')
      .execute();
    expect(links).toEqual([
      { organisation_id: await idOf(bidder!), relation: 'parent', related_uscc: holding },
      { organisation_id: await idOf(lab!), relation: 'shareholder', related_uscc: holding },
    ]);
    // The imported centre bids; an expert of the lab (the same holding's shareholding) is blocked.
    await t.createUser('ent-g', 'enterprise', await idOf(bidder!));
    await t.createUser('exp-lab', 'expert', null, { affiliationOrganisationId: await idOf(lab!) });
    for (const n of ['ent-g', 'exp-lab']) h[n] = await t.login(n);
    await ok(
      'POST',
      `/api/challenges/problems/${problemId}/bids`,
      'ent-g',
      bid(3000 * WAN, '宽禁带器件封装工艺，分两阶段完成样品与验证。'),
    );
    const people = await ok('GET', '/api/people?limit=100', 'admin');
    const expLab = people.items.find((p: Body) => p.username === 'exp-lab').id;
    const panel = await ok('POST', `/api/challenges/problems/${problemId}/judges`, 'reviewer', {
      experts: [expLab],
    });
    expect(panel.items).toMatchObject([
      {
        username: 'exp-lab',
        blocked: true,
        conflicts: [{ reason: 'same_group', organisationId: await idOf(bidder!) }],
      },
    ]);
  });

  it('keeps every version of a bid, readable only by the bidder before the deadline', async () => {
    const first = await ok(
      'POST',
      `/api/challenges/problems/${problemId}/bids`,
      'ent-a',
      bid(5000 * WAN, '银烧结与铜线键合工艺，分两阶段完成。'),
    );
    bidId = first.bid.id;
    const second = await ok(
      'POST',
      `/api/challenges/problems/${problemId}/bids`,
      'ent-a',
      bid(4500 * WAN, '银烧结工艺与双面散热结构，分两阶段完成。', [org.u!]),
    );
    expect(second.revised).toBe(true);
    expect(second.bid.id).toBe(bidId);
    const versions = await ok('GET', `/api/challenges/bids/${bidId}/versions`, 'ent-a');
    expect(versions.items.map((v: Body) => [v.version, v.amount, v.partners])).toEqual([
      [1, 5000 * WAN, []],
      [2, 4500 * WAN, [org.u]],
    ]);
    expect(versions.items[0].plan).toContain('铜线键合');
    expect(versions.items[1].milestones).toHaveLength(2);
    // Sealed as the bid: another bidder, the poser, an officer before the deadline, an expert: 404.
    for (const who of ['ent-b', 'poser', 'reviewer', 'exp'])
      expect((await call('GET', `/api/challenges/bids/${bidId}/versions`, who)).status, who).toBe(404);
    expect((await call('GET', `/api/challenges/bids/${bidId}/versions`)).status).toBe(401);
    // After the deadline the officer reads them (the seal lifts for staff).
    t.clock.set('2026-08-01T04:00:00Z');
    h.reviewer = await t.login('reviewer');
    expect((await ok('GET', `/api/challenges/bids/${bidId}/versions`, 'reviewer')).items).toHaveLength(2);
  });
});
