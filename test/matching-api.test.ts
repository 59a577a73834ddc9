/**
 * 双向发榜 through the real API on both databases: a need and an offer are linted, reviewed (returned,
 * then published), matched with reasons (never within one group), browsed publicly without contact
 * details; an expression of interest keeps contacts hidden on every endpoint until accepted; a meeting,
 * a technology contract and a project follow, whose prefilled self-check the calculator accepts and
 * which becomes a draft application; brokers claim work under a capacity and a clock; listings expire
 * and are renewed; the funnel counts it all and exports to xlsx; every change is in the audit trail.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { contractIndicators } from '../src/service/matching/indicators.ts';
import { OrganisationRepository } from '../src/storage/repositories/organisations.ts';
import { apiCalls } from './support/api-calls.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

const WAN = 1_000_000;
const PHONE_A = '021-57001234';
const EMAIL_A = 'zhang@jiasong.example.cn';
const PHONE_U = '13912345678';
const EMAIL_U = 'li@sjut.example.edu.cn';

const need = {
  side: 'need',
  title: '低轨卫星宽带终端相控阵天线降本',
  summary:
    '我司的低轨星座用户终端采用Ka频段相控阵天线，单台成本过高，难以进入车载和船载市场。寻求低成本相控阵架构（如瓦片式、多通道芯片集成），在保证扫描角与EIRP的前提下把天线成本降低50%以上。',
  keywords: ['相控阵天线', '低轨卫星', 'Ka频段', '瓦片式'],
  sectors: ['satellite_internet'],
  city: 'songjiang',
  contact: { name: '张工', phone: PHONE_A, email: EMAIL_A },
  scenario: '车载、船载卫星宽带终端',
  indicators: [
    { name: '扫描范围', target: '±60°' },
    { name: '天线成本', target: '降低≥50%' },
  ],
  budget: { min: 300 * WAN, max: 800 * WAN },
  timelineMonths: 18,
  ipExpectation: 'exclusive_licence',
  validDays: 90,
};

const offer = {
  side: 'offer',
  title: '瓦片式Ka频段有源相控阵天线',
  summary:
    '采用多通道波束赋形芯片与多层PCB瓦片式集成架构，取消传统砖式T/R组件，256单元阵面扫描±60°，BOM成本较砖式方案降低60%，已完成车载动中通外场测试，可用于低轨卫星宽带终端。',
  keywords: ['相控阵天线', '低轨卫星', 'Ka频段', '瓦片式'],
  sectors: ['satellite_internet'],
  city: 'songjiang',
  contact: { name: '李教授', phone: PHONE_U, email: EMAIL_U },
  trl: 6,
  ipStatus: 'granted_patent',
  patents: [{ number: 'ZL201710601862.3', title: '一种瓦片式相控阵天线', kind: 'invention' }],
  applications: '低轨卫星通信车载、船载、机载用户终端',
  needs: ['pilot_site', 'partner'],
  team: '教授 1 名、副教授 2 名、博士生 6 名',
  transferModes: ['licence', 'joint_development'],
  price: { min: 300 * WAN, max: 600 * WAN },
};

describeEachDatabase('matching API', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};

  const { call, ok } = apiCalls(() => t, h);
  const audit = async (action: string) =>
    (await ok('GET', `/api/audit?action=${action}&limit=500`, 'admin')).items as {
      subject: string;
      actor: string;
    }[];

  const names = ['ent-a', 'ent-b', 'uni-u', 'inst-r', 'broker-u', 'broker-x', 'reviewer', 'admin', 'auditor'];
  /** Sessions end after 30 idle minutes: after moving the clock, everyone signs in again. */
  const relogin = async () => {
    for (const name of names) h[name] = await t.login(name);
  };

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-07-01T02:00:00Z' });
    org.a = await insertOrganisation(ctx.db, { name: '嘉松卫星终端有限公司', kind: 'enterprise' });
    org.b = await insertOrganisation(ctx.db, {
      name: '杭州星联通信有限公司',
      kind: 'enterprise',
      city: 'hangzhou',
    });
    org.u = await insertOrganisation(ctx.db, { name: '松江工程技术大学', kind: 'university' });
    org.r = await insertOrganisation(ctx.db, { name: '嘉松卫星研究院', kind: 'research_institute' });
    // The institute is a subsidiary of enterprise A: one group, so their listings never match.
    const a = await new OrganisationRepository(ctx.db).get(org.a);
    await ctx.db
      .insertInto('organisation_links')
      .values({ organisation_id: org.r, relation: 'parent', related_uscc: a!.uscc })
      .execute();
    await t.createUser('ent-a', 'enterprise', org.a);
    await t.createUser('ent-b', 'enterprise', org.b);
    await t.createUser('uni-u', 'enterprise', org.u);
    await t.createUser('inst-r', 'enterprise', org.r);
    await t.createUser('broker-u', 'broker', null, { affiliationOrganisationId: org.u });
    await t.createUser('broker-x', 'broker');
    await t.createUser('reviewer', 'reviewer', null, { department: '区科委' });
    await t.createUser('admin', 'admin');
    await t.createUser('auditor', 'auditor');
    await relogin();
    for (const row of await ctx.db.selectFrom('users').select(['id', 'username']).execute())
      users[row.username] = row.id;
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('refuses bad listings with the one error shape, naming each field', async () => {
    const bad = await call('POST', '/api/matching/listings', 'ent-a', {
      ...need,
      title: '短',
      sectors: ['warp_drive'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['sectors.0', 'title']);
    // An enterprise publishes needs, not offers.
    const side = await call('POST', '/api/matching/listings', 'ent-a', offer);
    expect(side.status).toBe(400);
    expect(side.body.error.issues[0]).toMatchObject({ path: 'side', rule: 'publisher_kind' });
    // Not signed in: 401; budget band upside down: 400 on budget.max.
    expect((await call('POST', '/api/matching/listings', undefined, need)).status).toBe(401);
    const band = await call('POST', '/api/matching/listings', 'ent-a', {
      ...need,
      budget: { min: 9 * WAN, max: 1 * WAN },
    });
    expect(band.body.error.issues[0].path).toBe('budget.max');
    // A NUL in text is refused, not stored.
    const nul = await call('POST', '/api/matching/listings', 'ent-a', {
      ...need,
      summary: `${need.summary}\u0000`,
    });
    expect(nul.status).toBe(400);
  });

  it('lints, submits, returns for revision, and publishes after review — each step audited', async () => {
    const draft = await ok('POST', '/api/matching/listings', 'ent-a', { ...need, budget: null }, 201);
    ids.need = draft.id;
    expect(draft.state).toBe('draft');
    expect(draft.lint.map((f: { rule: string }) => f.rule)).toContain('no_budget');
    expect(draft.contact.phone).toBe(PHONE_A);
    // Not public yet.
    expect((await call('GET', `/api/matching/listings/${ids.need}`)).status).toBe(404);
    expect((await ok('POST', `/api/matching/listings/${ids.need}/submit`, 'ent-a')).state).toBe(
      'pending_review',
    );
    expect(
      (await ok('GET', '/api/matching/review', 'reviewer')).items.map((l: { id: string }) => l.id),
    ).toContain(ids.need);
    // Returning needs a reason; an enterprise cannot review.
    expect(
      (await call('POST', `/api/matching/listings/${ids.need}/review`, 'reviewer', { decision: 'return' }))
        .status,
    ).toBe(400);
    expect(
      (await call('POST', `/api/matching/listings/${ids.need}/review`, 'ent-b', { decision: 'publish' }))
        .status,
    ).toBe(403);
    const returned = await ok('POST', `/api/matching/listings/${ids.need}/review`, 'reviewer', {
      decision: 'return',
      note: '请补充预算区间',
    });
    expect(returned).toMatchObject({ state: 'returned', reviewNote: '请补充预算区间' });
    const edited = await ok('PUT', `/api/matching/listings/${ids.need}`, 'ent-a', need);
    expect(edited.lint.map((f: { rule: string }) => f.rule)).not.toContain('no_budget');
    await ok('POST', `/api/matching/listings/${ids.need}/submit`, 'ent-a', { version: edited.version });
    // A stale version is a conflict.
    expect(
      (
        await call('POST', `/api/matching/listings/${ids.need}/review`, 'reviewer', {
          decision: 'publish',
          version: 1,
        })
      ).status,
    ).toBe(409);
    const published = await ok('POST', `/api/matching/listings/${ids.need}/review`, 'reviewer', {
      decision: 'publish',
    });
    expect(published).toMatchObject({ state: 'published', expiresOn: '2026-09-28' });
    for (const action of ['create', 'submit', 'return', 'edit', 'publish'])
      expect(
        (await audit(`matching.listing.${action}`)).some((e) => e.subject === `matching_listing:${ids.need}`),
      ).toBe(true);
  });

  it('blocks a submission with lint errors: patent status without numbers, contact details in public text', async () => {
    const noPatents = await ok('POST', '/api/matching/listings', 'uni-u', { ...offer, patents: [] }, 201);
    const r1 = await call('POST', `/api/matching/listings/${noPatents.id}/submit`, 'uni-u');
    expect(r1.status).toBe(400);
    expect(r1.body.error.issues[0]).toMatchObject({ path: 'patents', rule: 'patents_missing' });
    const leaky = await ok(
      'POST',
      '/api/matching/listings',
      'uni-u',
      { ...offer, summary: `${offer.summary}欢迎致电 13800138000 洽谈。` },
      201,
    );
    const r2 = await call('POST', `/api/matching/listings/${leaky.id}/submit`, 'uni-u');
    expect(r2.body.error.issues[0]).toMatchObject({ path: 'summary', rule: 'contact_in_text' });
    await ok('POST', `/api/matching/listings/${leaky.id}/withdraw`, 'uni-u');
  });

  it('publishes the offer; a broker may not review their own employer’s listing', async () => {
    const created = await ok('POST', '/api/matching/listings?submit=true', 'uni-u', offer, 201);
    ids.offer = created.id;
    expect(created.state).toBe('pending_review');
    const conflict = await call('POST', `/api/matching/listings/${ids.offer}/review`, 'broker-u', {
      decision: 'publish',
    });
    expect(conflict.status).toBe(403);
    expect(conflict.body.error.code).toBe('FORBIDDEN');
    await ok('POST', `/api/matching/listings/${ids.offer}/review`, 'broker-x', { decision: 'publish' });
    // The institute in enterprise A's group publishes the same technology: never matched with A.
    const same = await ok(
      'POST',
      '/api/matching/listings?submit=true',
      'inst-r',
      { ...offer, contact: { name: '王', phone: '021-11112222' } },
      201,
    );
    ids.groupOffer = same.id;
    await ok('POST', `/api/matching/listings/${ids.groupOffer}/review`, 'reviewer', { decision: 'publish' });
  });

  it('ranks matches with a breakdown that adds up, the terms and what is missing; no self-match within a group', async () => {
    const m = await ok('GET', `/api/matching/listings/${ids.need}/matches`);
    const ids_ = m.items.map((x: { offerId: string }) => x.offerId);
    expect(ids_).toContain(ids.offer);
    expect(ids_).not.toContain(ids.groupOffer);
    const top = m.items.find((x: { offerId: string }) => x.offerId === ids.offer);
    expect(top.score).toBe(top.factors.reduce((s: number, f: { points: number }) => s + f.points, 0));
    expect(top.factors.map((f: { factor: string }) => f.factor)).toEqual([
      'text',
      'sector',
      'maturity',
      'budget',
      'location',
    ]);
    expect(top.score).toBeGreaterThanOrEqual(80);
    expect(top.matchedTerms.map((x: { term: string }) => x.term)).toContain('相控阵天线');
    expect(top.counterpart.contact).toBeNull();
    expect(top.recordedAt).not.toBeNull();
    // Public, and nothing private in it.
    expect(m.listing.contact).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(new RegExp(`${PHONE_A}|${PHONE_U}|${EMAIL_A}|${EMAIL_U}`));
    // The offer side sees the same pair with the same score; enterprise B's need would see the group offer.
    const back = await ok('GET', `/api/matching/listings/${ids.offer}/matches`);
    expect(back.items.find((x: { needId: string }) => x.needId === ids.need).score).toBe(top.score);
    // Both sides were told of the strong match.
    for (const who of ['ent-a', 'uni-u']) {
      const inbox = await ok('GET', '/api/messages?kind=matching.strong_match', who);
      expect(inbox.items.length).toBe(1);
    }
  });

  it('browses and searches publicly, in Chinese, without contact details', async () => {
    const search = await ok('GET', '/api/matching/listings?q=%E7%9B%B8%E6%8E%A7%E9%98%B5&side=offer');
    expect(search.items.map((l: { id: string }) => l.id)).toContain(ids.offer);
    expect(search.items[0].relevance).toBeGreaterThan(0);
    const all = await ok('GET', '/api/matching/listings?limit=50');
    expect(all.total).toBe(3);
    expect(JSON.stringify(all)).not.toMatch(new RegExp(`${PHONE_A}|${PHONE_U}|${EMAIL_A}|${EMAIL_U}`));
    // Even the owner, browsing, gets the public view; its own page has the contact.
    expect(JSON.stringify(await ok('GET', '/api/matching/listings?limit=50', 'ent-a'))).not.toContain(
      PHONE_A,
    );
    expect((await ok('GET', '/api/matching/my/listings', 'ent-a')).items[0].contact.phone).toBe(PHONE_A);
    expect((await call('GET', '/api/matching/listings?trlMin=12')).status).toBe(400);
    const ref = await ok('GET', '/api/matching/reference');
    expect(ref.factors.reduce((s: number, f: { max: number }) => s + f.max, 0)).toBe(100);
  });

  it('keeps contacts hidden on every endpoint until the interest is accepted', async () => {
    const leak = await call('POST', '/api/matching/interests', 'ent-a', {
      listingId: ids.offer,
      ownListingId: ids.need,
      message: '请联系 zhang@jiasong.example.cn',
      contact: { name: '张工', phone: PHONE_A },
    });
    expect(leak.status).toBe(400);
    expect(leak.body.error.issues[0]).toMatchObject({ path: 'message', rule: 'contact_in_text' });
    // Same group: refused like a self-match.
    const self = await call('POST', '/api/matching/interests', 'ent-a', {
      listingId: ids.groupOffer,
      message: '希望合作',
      contact: { name: '张工', phone: PHONE_A },
    });
    expect(self.status).toBe(409);
    const eoi = await ok(
      'POST',
      '/api/matching/interests',
      'ent-a',
      {
        listingId: ids.offer,
        ownListingId: ids.need,
        message: '希望洽谈独占许可与联合开发。',
        contact: { name: '张工', phone: PHONE_A, email: EMAIL_A },
      },
      201,
    );
    ids.interest = eoi.id;
    expect(eoi).toMatchObject({ state: 'pending', counterpartContact: null, perspective: 'sender' });
    expect(eoi.score).toBeGreaterThanOrEqual(80);
    const again = await call('POST', '/api/matching/interests', 'ent-a', {
      listingId: ids.offer,
      message: '再次表达',
      contact: { name: '张工', phone: PHONE_A },
    });
    expect(again.status).toBe(409);
    // Every endpoint either side can call, before acceptance: no other side's contact.
    const probes: [string, string, RegExp][] = [
      ['uni-u', `/api/matching/interests/${ids.interest}`, new RegExp(`${PHONE_A}|${EMAIL_A}`)],
      ['uni-u', '/api/matching/interests', new RegExp(`${PHONE_A}|${EMAIL_A}`)],
      ['uni-u', `/api/matching/listings/${ids.need}`, new RegExp(`${PHONE_A}|${EMAIL_A}`)],
      ['uni-u', `/api/matching/listings/${ids.offer}/matches`, new RegExp(`${PHONE_A}|${EMAIL_A}`)],
      ['uni-u', '/api/messages', new RegExp(`${PHONE_A}|${EMAIL_A}`)],
      ['ent-a', `/api/matching/interests/${ids.interest}`, new RegExp(`${PHONE_U}|${EMAIL_U}`)],
      ['ent-a', '/api/matching/interests', new RegExp(`${PHONE_U}|${EMAIL_U}`)],
      ['ent-a', `/api/matching/listings/${ids.offer}`, new RegExp(`${PHONE_U}|${EMAIL_U}`)],
      ['ent-a', `/api/matching/listings/${ids.need}/matches`, new RegExp(`${PHONE_U}|${EMAIL_U}`)],
      ['ent-a', '/api/messages', new RegExp(`${PHONE_U}|${EMAIL_U}`)],
      ['ent-b', `/api/matching/interests/${ids.interest}`, /./],
    ];
    for (const [who, url, forbidden] of probes) {
      const r = await call('GET', url, who);
      if (who === 'ent-b') expect(r.status).toBe(404);
      else {
        expect(r.status).toBe(200);
        expect(r.raw).not.toMatch(forbidden);
      }
    }
    // Only the receiver answers.
    expect((await call('POST', `/api/matching/interests/${ids.interest}/accept`, 'ent-a')).status).toBe(403);
    const accepted = await ok('POST', `/api/matching/interests/${ids.interest}/accept`, 'uni-u', {
      note: '欢迎来访',
    });
    expect(accepted.counterpartContact).toMatchObject({ phone: PHONE_A, email: EMAIL_A });
    const sender = await ok('GET', `/api/matching/interests/${ids.interest}`, 'ent-a');
    expect(sender.counterpartContact).toMatchObject({ phone: PHONE_U, email: EMAIL_U });
    expect((await ok('GET', '/api/messages?kind=matching.interest_answered', 'ent-a')).items).toHaveLength(1);
    expect(
      (await audit('matching.interest.accept')).some(
        (e) => e.subject === `matching_interest:${ids.interest}`,
      ),
    ).toBe(true);
  });

  it('follows the match to a meeting, a technology contract and a project whose self-check is prefilled', async () => {
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/meetings`, 'uni-u', {
          date: '2026-07-09',
          note: '未来日期',
        })
      ).status,
    ).toBe(400);
    const met = await ok('POST', `/api/matching/interests/${ids.interest}/meetings`, 'uni-u', {
      date: '2026-07-01',
      note: '现场考察车载终端产线，商定联合开发路线',
    });
    expect(met).toMatchObject({ meetings: 1, stage: 'meeting' });
    // A project needs a contract first.
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/project`, 'ent-a', {
          kind: 'iur_project',
          title: 'x',
          input: WAN,
        })
      ).status,
    ).toBe(409);
    const badAmount = await call('POST', `/api/matching/interests/${ids.interest}/contract`, 'ent-a', {
      contractNo: 'JS2026-0001',
      amount: 12.5,
      signedOn: '2026-07-01',
    });
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.error.issues[0].path).toBe('amount');
    const contract = await ok('POST', `/api/matching/interests/${ids.interest}/contract`, 'ent-a', {
      contractNo: 'JS2026-0001',
      registrationNo: '2026310117000123',
      amount: 4_200_000 * 100,
      signedOn: '2026-07-01',
      registeredOn: '2026-07-01',
    });
    expect(contract.contract).toMatchObject({ contractNo: 'JS2026-0001', amount: 420_000_000 });
    expect(contract.stage).toBe('contract');
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/contract`, 'ent-a', {
          contractNo: 'JS2026-0002',
          amount: 100,
          signedOn: '2026-07-01',
        })
      ).status,
    ).toBe(409);
    const project = await ok('POST', `/api/matching/interests/${ids.interest}/project`, 'ent-a', {
      kind: 'iur_project',
      title: '低成本瓦片式相控阵终端产学研合作',
      input: 800 * WAN,
    });
    expect(project.project.measureIds).toEqual(['000·五']);
    const selfCheck = await ok('GET', `/api/matching/interests/${ids.interest}/self-check`, 'ent-a');
    expect(selfCheck.input.applicant.name).toBe('嘉松卫星终端有限公司');
    expect(selfCheck.input.matters[0]).toMatchObject({
      type: 'iur_project',
      partners: [{ kind: 'university', city: 'songjiang', name: '松江工程技术大学' }],
      figures: { projectInput: 800 * WAN },
    });
    // The calculator takes the prefill as it is.
    const calc = await ok('POST', '/api/calc', undefined, selfCheck.input);
    expect(JSON.stringify(calc)).toContain('000·五');
    // The university side cannot apply for the enterprise; the enterprise makes one draft, once.
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/application`, 'uni-u', {
          measureId: '000·五',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/application`, 'ent-a', {
          measureId: '001·四',
        })
      ).status,
    ).toBe(400);
    const app = await ok(
      'POST',
      `/api/matching/interests/${ids.interest}/application`,
      'ent-a',
      { measureId: '000·五' },
      201,
    );
    const draft = await ok('GET', `/api/applications/${app.applicationId}`, 'ent-a');
    expect(draft).toMatchObject({ measureId: '000·五', state: 'draft' });
    expect(draft.matter.figures.projectInput).toBe(800 * WAN);
    expect(
      (
        await call('POST', `/api/matching/interests/${ids.interest}/application`, 'ent-a', {
          measureId: '000·五',
        })
      ).status,
    ).toBe(409);
    for (const action of ['record_meeting', 'record_contract', 'form_project', 'start_application'])
      expect((await audit(`matching.interest.${action}`)).length).toBeGreaterThan(0);
  });

  it('lets brokers claim engagements under a capacity, with a conflict check and a response clock', async () => {
    // A second engagement: enterprise B about the offer.
    const needB = await ok(
      'POST',
      '/api/matching/listings?submit=true',
      'ent-b',
      { ...need, city: 'hangzhou', contact: { name: '赵', email: 'zhao@b.example.cn' } },
      201,
    );
    await ok('POST', `/api/matching/listings/${needB.id}/review`, 'reviewer', { decision: 'publish' });
    const eoiB = await ok(
      'POST',
      '/api/matching/interests',
      'ent-b',
      { listingId: ids.offer, message: '希望许可使用', contact: { name: '赵', email: 'zhao@b.example.cn' } },
      201,
    );
    ids.interestB = eoiB.id;
    // A third: the institute about enterprise B's need.
    const eoiC = await ok(
      'POST',
      '/api/matching/interests',
      'inst-r',
      {
        listingId: needB.id,
        message: '可提供相控阵样机测试',
        contact: { name: '王', phone: '021-11112222' },
      },
      201,
    );
    expect(
      (await call('PUT', `/api/matching/brokers/${users['broker-x']}`, 'ent-a', { capacity: 1 })).status,
    ).toBe(403);
    await ok('PUT', `/api/matching/brokers/${users['broker-x']}`, 'admin', { capacity: 1 });
    // The university's own broker may not take a case of the university.
    const conflict = await call('POST', `/api/matching/interests/${ids.interestB}/assign`, 'broker-u');
    expect(conflict.status).toBe(403);
    const claimed = await ok('POST', `/api/matching/interests/${ids.interestB}/assign`, 'broker-x');
    expect(claimed.broker.id).toBe(users['broker-x']);
    expect(claimed.brokerRespondBy).toBe('2026-07-03T02:00:00.000Z');
    const full = await call('POST', `/api/matching/interests/${eoiC.id}/assign`, 'broker-x');
    expect(full.status).toBe(422);
    expect(full.body.error.code).toBe('LIMIT_EXCEEDED');
    // A closed engagement (its project is formed) is not brokered.
    expect((await call('POST', `/api/matching/interests/${ids.interest}/assign`, 'broker-x')).status).toBe(
      409,
    );
    const queue = await ok('GET', '/api/matching/broker/queue', 'broker-x');
    expect(queue.broker).toMatchObject({ capacity: 1, open: 1 });
    expect(queue.assigned[0]).toMatchObject({ id: ids.interestB, overdue: false });
    expect(queue.unassigned.map((x: { id: string }) => x.id)).toContain(eoiC.id);
    t.clock.advance(49 * 3_600_000);
    await relogin();
    const late = await ok('GET', '/api/matching/broker/queue', 'broker-x');
    expect(late.assigned[0]).toMatchObject({ overdue: true, overdueReason: 'broker_response' });
    await ok('POST', `/api/matching/interests/${ids.interestB}/notes`, 'broker-x', {
      text: '已电话联系双方，约定下周评审许可方案',
    });
    expect((await ok('GET', '/api/matching/broker/queue', 'broker-x')).assigned[0].overdue).toBe(false);
    expect((await ok('GET', '/api/messages?kind=matching.assigned', 'broker-x')).items).toHaveLength(1);
    await ok('POST', `/api/matching/interests/${ids.interestB}/release`, 'broker-x');
    const assigned = await ok('POST', `/api/matching/interests/${eoiC.id}/assign`, 'reviewer', {
      brokerId: users['broker-x'],
    });
    expect(assigned.broker.id).toBe(users['broker-x']);
    expect((await audit('matching.interest.assign')).length).toBe(2);
  });

  it('expires listings after their period, hides them at once, and renews them', async () => {
    t.clock.set('2026-09-29T02:00:00Z');
    await relogin();
    // Past its last day: gone from public pages before any scan.
    expect((await call('GET', `/api/matching/listings/${ids.need}`)).status).toBe(404);
    expect((await call('POST', '/api/matching/expire', 'ent-a')).status).toBe(403);
    const scan = await ok('POST', '/api/matching/expire', 'reviewer');
    expect(scan.expired).toBeGreaterThanOrEqual(1);
    const mine = await ok('GET', `/api/matching/listings/${ids.need}`, 'ent-a');
    expect(mine).toMatchObject({ state: 'expired', renewable: true });
    expect(mine.actions).toContain('renew');
    expect((await ok('GET', '/api/messages?kind=matching.listing_expired', 'ent-a')).items).toHaveLength(1);
    const renewed = await ok('POST', `/api/matching/listings/${ids.need}/renew`, 'ent-a');
    expect(renewed).toMatchObject({ state: 'published', renewals: 1, expiresOn: '2026-12-27' });
    // Not yet in the renewal window: 409.
    expect((await call('POST', `/api/matching/listings/${ids.need}/renew`, 'ent-a')).status).toBe(409);
    expect(
      (await audit('matching.listing.expire')).some((e) => e.subject === `matching_listing:${ids.need}`),
    ).toBe(true);
    expect((await audit('matching.listing.renew')).length).toBe(1);
  });

  it('counts the funnel by month and city, exports it to xlsx, and gives the plan its indicator', async () => {
    expect((await call('GET', '/api/matching/funnel?from=2026-07-01&to=2026-09-30', 'ent-a')).status).toBe(
      403,
    );
    expect((await call('GET', '/api/matching/funnel?from=2026-09-01&to=2026-07-01', 'reviewer')).status).toBe(
      400,
    );
    const f = await ok('GET', '/api/matching/funnel?from=2026-07-01&to=2026-09-30', 'reviewer');
    expect(f.rows.map((r: { period: string }) => r.period)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(f.total).toMatchObject({
      listings: 4,
      contacts: 1,
      contracts: 1,
      contractAmount: 420_000_000,
      funded: 0,
    });
    expect(f.total.matches).toBeGreaterThanOrEqual(2);
    expect(f.rows[0].conversion.contacts).not.toBeNull();
    const byCity = await ok(
      'GET',
      '/api/matching/funnel?from=2026-07-01&to=2026-09-30&byCity=true',
      'auditor',
    );
    expect(new Set(byCity.rows.map((r: { city: string }) => r.city))).toEqual(
      new Set(['songjiang', 'hangzhou']),
    );
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/matching/funnel/export?from=2026-07-01&to=2026-09-30',
      headers: h.reviewer,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await audit('matching.funnel.export')).length).toBe(1);
    const indicators = await contractIndicators(ctx.db, {
      from: '2026-01-01',
      to: '2026-12-31',
      by: 'quarter',
    });
    expect(indicators).toEqual([
      { period: '2026-Q1', city: null, pairs: 0, amount: 0 },
      { period: '2026-Q2', city: null, pairs: 0, amount: 0 },
      { period: '2026-Q3', city: null, pairs: 1, amount: 420_000_000 },
      { period: '2026-Q4', city: null, pairs: 0, amount: 0 },
    ]);
  });

  it('records group links in the registry and answers sameGroup', async () => {
    const registry = new OrganisationRepository(ctx.db);
    expect(await registry.sameGroup(org.a!, org.r!)).toBe(true);
    expect(await registry.sameGroup(org.r!, org.a!)).toBe(true);
    expect(await registry.sameGroup(org.a!, org.u!)).toBe(false);
    const record = await ok('GET', `/api/organisations/${org.r}`, 'admin');
    expect(record.groupLinks).toEqual([{ relation: 'parent', uscc: (await registry.get(org.a!))!.uscc }]);
  });
});
