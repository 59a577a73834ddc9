/**
 * 双向发榜 from a match to a funded project, through the real API on both databases:
 *  - an unrelated offer in the same sector, city and budget band is not a strong match and tells
 *    nobody (the relevance gate), and its breakdown says why;
 *  - requests to make the project's application, sent at once (really at once on PostgreSQL), make one
 *    draft: with one Idempotency-Key every retry gets that draft back; without a key the others are
 *    409; a key sent for another engagement is 422 — and nothing is left half-written;
 *  - the draft is submitted, reviewed and approved in the applications workflow, after which the
 *    engagement is "funded", the funnel counts one funded project, and the plan's matching.contracts
 *    indicator (校企双向发榜成功对接项目) counts the pair.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wanToFen } from '../src/core/money.ts';
import { insertOrganisation } from '../src/service/applications/testing.ts';
import { apiCalls, type Body } from './support/api-calls.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';

const WAN = 1_000_000;
const N = 12;

const need = {
  side: 'need',
  title: '锂电池极片表面缺陷的视觉检测',
  summary:
    '我司涂布和辊压工序的极片存在划痕、漏箔、颗粒、褶皱等缺陷，目前依靠人工抽检，漏检率高。需要基于机器视觉和深度学习的在线缺陷检测系统，适应高速卷材（80米/分钟），小样本条件下也能训练。',
  keywords: ['缺陷检测', '机器视觉', '极片', '小样本'],
  sectors: ['ai', 'new_energy'],
  city: 'songjiang',
  contact: { name: '陈工', phone: '021-57009876' },
  scenario: '动力电池极片涂布、辊压产线',
  indicators: [{ name: '缺陷检出率', target: '≥99%' }],
  budget: { min: 100 * WAN, max: 300 * WAN },
  timelineMonths: 12,
  ipExpectation: 'licence',
};

const offer = {
  side: 'offer',
  title: '小样本卷材表面缺陷检测系统',
  summary:
    '面向极片、薄膜等高速卷材，提出小样本条件下的表面缺陷检测方法，以正常样本训练、少量缺陷样本微调，线扫相机配合深度学习模型在线检测划痕、漏箔和颗粒，检出率99.2%，已在两条涂布线上试用。',
  keywords: ['缺陷检测', '机器视觉', '极片', '小样本'],
  sectors: ['ai', 'new_energy'],
  city: 'songjiang',
  contact: { name: '周教授', phone: '13700001111' },
  trl: 6,
  ipStatus: 'granted_patent',
  patents: [{ number: 'ZL202110000001.1', title: '一种小样本表面缺陷检测方法', kind: 'invention' }],
  applications: '锂电池极片、光学薄膜、钢板表面检测',
  needs: ['partner'],
  team: '教授 1 名、博士生 4 名',
  transferModes: ['licence'],
  price: { min: 100 * WAN, max: 200 * WAN },
};

/**
 * Same sector, city, budget band and maturity as the need, and the same production line in its words
 * (极片, 涂布, 高速卷材, 在线): a different problem altogether (web tension, not defects).
 */
const unrelated = {
  ...offer,
  title: '极片涂布机高速卷材张力控制与纠偏',
  summary:
    '针对锂电池极片涂布和辊压工序的高速卷材，提出基于模型预测控制的多段张力协调控制与在线纠偏方法，张力波动小于2%，纠偏精度±0.2毫米，适用于80米/分钟以上的产线。',
  keywords: ['张力控制', '纠偏', '极片', '涂布'],
  patents: [{ number: 'ZL202110000002.X', title: '一种卷材张力控制方法', kind: 'invention' }],
  applications: '锂电池极片涂布机、辊压机、分切机',
};

describeEachDatabase('matching: from a match to a funded project', (ctx) => {
  let t: TestApp;
  const h: Record<string, { authorization: string }> = {};
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const { call, ok } = apiCalls(() => t, h);
  const publish = async (who: string, body: unknown) => {
    const created = await ok('POST', '/api/matching/listings?submit=true', who, body, 201);
    await ok('POST', `/api/matching/listings/${created.id}/review`, 'reviewer', { decision: 'publish' });
    return created.id as string;
  };
  /** An accepted engagement with a contract and a 产学研 project: ready to apply. */
  const projectReady = async (enterprise: string, contractNo: string) => {
    const needId = await publish(enterprise, need);
    const eoi = await ok(
      'POST',
      '/api/matching/interests',
      enterprise,
      {
        listingId: ids.offer,
        ownListingId: needId,
        message: '希望洽谈许可。',
        contact: { name: '陈工', phone: '021-57009876' },
      },
      201,
    );
    await ok('POST', `/api/matching/interests/${eoi.id}/accept`, 'uni');
    await ok('POST', `/api/matching/interests/${eoi.id}/contract`, enterprise, {
      contractNo,
      registrationNo: `3101172026${contractNo.slice(-6)}`,
      amount: 150 * WAN,
      signedOn: '2026-07-01',
      registeredOn: '2026-07-01',
    });
    await ok('POST', `/api/matching/interests/${eoi.id}/project`, enterprise, {
      kind: 'iur_project',
      title: '极片缺陷在线检测产学研合作',
      input: 600 * WAN,
    });
    return eoi.id as string;
  };
  const applicationsOf = async (organisationId: string) =>
    (
      await ctx.db
        .selectFrom('applications')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .execute()
    ).map((r) => r.id);
  const auditCount = async (action: string, subject: string) =>
    (
      await ctx.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', action)
        .where('subject', '=', subject)
        .execute()
    ).length;

  beforeAll(async () => {
    t = await buildTestApp(ctx.db, { now: '2026-07-01T02:00:00Z' });
    // 000·五 supports firms in a collaborative innovation centre set up in Songjiang by a member city.
    const centre = { kind: 'enterprise', centreOriginCity: 'jiaxing' } as const;
    org.a = await insertOrganisation(ctx.db, { name: '松江锂电装备有限公司', ...centre });
    org.b = await insertOrganisation(ctx.db, { name: '松江涂布科技有限公司', ...centre });
    org.c = await insertOrganisation(ctx.db, { name: '松江极片材料有限公司', ...centre });
    org.u = await insertOrganisation(ctx.db, { name: '松江视觉工程大学', kind: 'university' });
    await t.createUser('ent-a', 'enterprise', org.a);
    await t.createUser('ent-b', 'enterprise', org.b);
    await t.createUser('ent-c', 'enterprise', org.c);
    await t.createUser('uni', 'enterprise', org.u);
    await t.createUser('reviewer', 'reviewer', null, { department: '区科委' });
    await t.createUser('approver', 'approver', null, { department: '区科委' });
    await t.createUser('admin', 'admin');
    for (const name of ['ent-a', 'ent-b', 'ent-c', 'uni', 'reviewer', 'approver', 'admin'])
      h[name] = await t.login(name);
    ids.offer = await publish('uni', offer);
    ids.unrelated = await publish('uni', unrelated);
    ids.interestC = await projectReady('ent-c', 'JS2026-100002');
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('does not call an unrelated offer in the same sector a strong match, and says why', async () => {
    ids.needA = await publish('ent-a', need);
    const m = await ok('GET', `/api/matching/listings/${ids.needA}/matches`);
    const good = m.items.find((x: Body) => x.offerId === ids.offer);
    expect(good.score).toBeGreaterThanOrEqual(80);
    expect(good.gate.weight).toBe(1);
    const bad = m.items.find((x: Body) => x.offerId === ids.unrelated);
    // It may be listed (it shares a sector word or two), but far below the thresholds.
    if (bad) {
      expect(bad.score).toBeLessThan(65);
      expect(bad.gate.weight).toBeLessThan(1);
      const sector = bad.factors.find((f: Body) => f.factor === 'sector');
      expect(sector.fit).toBe(15);
      expect(sector.points).toBeLessThan(15);
      expect(sector.reason.zh).toContain('按文本相关度计');
      expect(bad.missing.map((x: Body) => x.zh)).toContain(bad.gate.reason.zh);
    }
    const strong = (await ok('GET', '/api/messages?kind=matching.strong_match', 'ent-a')).items;
    expect(strong.map((x: Body) => x.subject.zh).join()).toContain(offer.title);
    expect(strong.map((x: Body) => x.subject.zh).join()).not.toContain(unrelated.title);
    // Nor is it recorded as a match (the funnel's "matches").
    const recorded = await ctx.db
      .selectFrom('matching_matches')
      .select('offer_id')
      .where('need_id', '=', ids.needA)
      .execute();
    expect(recorded.map((r) => r.offer_id)).toEqual([ids.offer]);
    const ref = await ok('GET', '/api/matching/reference');
    expect(ref.thresholds).toMatchObject({ match: 65, strong: 80, relevanceFull: 0.8 });
  });

  it(`${N} requests at once with one Idempotency-Key make one draft; every retry gets it back`, async () => {
    const id = await projectReady('ent-b', 'JS2026-100001');
    const key = `app-${randomUUID()}`;
    const url = `/api/matching/interests/${id}/application`;
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        call('POST', url, 'ent-b', { measureId: '000·五' }, { 'idempotency-key': key }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(N - 1).fill(200), 201]);
    const made = new Set(results.map((r) => r.body.applicationId));
    expect(made.size).toBe(1);
    expect(results.filter((r) => r.body.replayed)).toHaveLength(N - 1);
    expect(await applicationsOf(org.b!)).toEqual([...made]);
    expect(await auditCount('matching.interest.start_application', `matching_interest:${id}`)).toBe(1);
    expect(await auditCount('application.create', `application:${[...made][0]}`)).toBe(1);
    // Later retries too; the same key for another measure or another engagement is refused.
    const later = await call('POST', url, 'ent-b', { measureId: '000·五' }, { 'idempotency-key': key });
    expect(later).toMatchObject({ status: 200, body: { replayed: true, applicationId: [...made][0] } });
    const otherMeasure = await call(
      'POST',
      url,
      'ent-b',
      { measureId: '000·三' },
      { 'idempotency-key': key },
    );
    expect(otherMeasure.status).toBe(422);
    const other = ids.interestC!;
    const reused = await call(
      'POST',
      `/api/matching/interests/${other}/application`,
      'ent-c',
      { measureId: '000·五' },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The refusal left nothing behind: no draft for C, its engagement still free to apply.
    expect(await applicationsOf(org.c!)).toEqual([]);
    expect((await ok('GET', `/api/matching/interests/${other}`, 'ent-c')).project.applicationId).toBeNull();
    // A key that is too short is a clear 400, naming the header.
    const short = await call('POST', url, 'ent-b', { measureId: '000·五' }, { 'idempotency-key': 'k' });
    expect(short.status).toBe(400);
  });

  it(`${N} requests at once without a key make one draft; the others are told it exists`, async () => {
    const url = `/api/matching/interests/${ids.interestC}/application`;
    const results = await Promise.all(
      Array.from({ length: N }, () => call('POST', url, 'ent-c', { measureId: '000·五' })),
    );
    // One draft, not one per request with all but one left orphaned.
    expect(await applicationsOf(org.c!)).toHaveLength(1);
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(N - 1).fill(409)]);
    expect(
      await auditCount('matching.interest.start_application', `matching_interest:${ids.interestC}`),
    ).toBe(1);
  });

  it('follows the project through review and approval: funded in the engagement, the funnel and the plan', async () => {
    const id = await projectReady('ent-a', 'JS2026-100003');
    ids.interestA = id;
    const started = await call(
      'POST',
      `/api/matching/interests/${id}/application`,
      'ent-a',
      { measureId: '000·五' },
      { 'idempotency-key': `app-${randomUUID()}` },
    );
    expect(started.status).toBe(201);
    const app = `/api/applications/${started.body.applicationId}`;
    await ok('PUT', '/api/budgets/000/2026', 'admin', { amount: wanToFen(10_000) });
    expect((await ok('POST', `${app}/submit`, 'ent-a', {})).state).toBe('submitted');
    expect((await ok('GET', `/api/matching/interests/${id}`, 'ent-a')).stage).not.toBe('funded');
    await ok('POST', `${app}/accept`, 'reviewer', {});
    await ok('POST', `${app}/start-review`, 'reviewer', {});
    await ok('POST', `${app}/recommend`, 'reviewer', {
      amount: wanToFen(120),
      reason: '按项目投入600万元的20%核定',
    });
    const approved = await ok('POST', `${app}/approve`, 'approver', {});
    expect(approved).toMatchObject({ state: 'approved', approvedAmount: wanToFen(120) });

    const engagement = await ok('GET', `/api/matching/interests/${id}`, 'ent-a');
    expect(engagement.stage).toBe('funded');
    expect(engagement.project.applicationId).toBe(started.body.applicationId);

    const funnel = await ok('GET', '/api/matching/funnel?from=2026-07-01&to=2026-07-31', 'reviewer');
    // Three engagements reached a contract (B's and C's drafts were never submitted); one was funded.
    expect(funnel.total).toMatchObject({ contracts: 3, contractAmount: 3 * 150 * WAN, funded: 1 });
    expect(funnel.total.conversion.funded).toBe(Math.round((1 / 3) * 10_000));

    // The plan reads the pairs that reached a contract: 校企双向发榜成功对接项目.
    const figures = await ok('GET', '/api/public/plan/figures');
    const dual = figures.indicators.find((x: Body) => x.id === 'dual-listing-projects');
    expect(dual.derived).toMatchObject({ available: true, total: 3 });
  });
});
