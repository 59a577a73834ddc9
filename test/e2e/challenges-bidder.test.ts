/**
 * 揭榜挂帅 from the bidder's side in a real browser, through the real API and database with the demo lists:
 * anyone browses the 榜单 (legal basis 000·二 / 001·二, window, eligibility) and searches problems by keyword
 * and sector without signing in, and reads a problem's page (need, 验收指标, budget, co-funding, the list's
 * changes after publication); a demo enterprise (qiye) proposes a problem and submits it (出题); bids on an
 * open 000·二 problem watching the live entitlement follow the 揭榜额 (30% of it), with a partner from the
 * registry and a PDF uploaded to its sealed folder in the attachment store (downloadable from the bid page);
 * revises the bid (version 2, version 1 kept and shown); another
 * organisation (qiye2) cannot see the bid by page or API; and the winner's milestone page of the demo
 * project shows the accepted, paid first milestone, the application it became, and takes the next
 * milestone's evidence (a PDF stored with its SHA-256). axe on every page at 1280 and 390 px, zh and en.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  a11y,
  browserSuite,
  choose,
  fillDate,
  newPage,
  noSidewaysScroll,
  PHONE,
  screenshot,
  skipReason,
} from './harness.ts';

const OPEN_PROBLEM = '工业机器人高精度减速器国产化';
const WAN = 1_000_000;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.skipIf(skipReason !== null)('揭榜挂帅 bidder pages in Chromium', () => {
  const e2e = browserSuite();
  let problemUrl = '';
  let bidUrl = '';
  let projectId = '';
  let bidFile = '';

  const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr[data-id]');

  it('anyone browses the lists and searches the problems, then reads a problem, without signing in', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    const calls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) calls.push(`${r.method()} ${decodeURIComponent(u.pathname)}`);
    });
    await page.goto('/challenges');
    await expect.poll(() => page.getByTestId('list-card').count()).toBe(3);
    const bases = await page
      .getByTestId('list-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-basis')));
    expect(new Set(bases)).toEqual(new Set(['000·二', '001·二']));
    expect(await page.getByTestId('lists').textContent()).toMatch(/九城市|协同创新中心|全球/);
    await expect.poll(() => rows(page, 'problems').count()).toBe(12);
    await a11y(page, '/challenges', { en: true });
    await screenshot(page, 'challenges-browse-1280');
    // Keyword, then sector: both in the URL.
    await page.getByTestId('search').locator('input').fill('减速器');
    await page.getByTestId('search').locator('input').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('减速器');
    await expect.poll(() => rows(page, 'problems').count()).toBe(1);
    await choose(page, '领域', '航空航天');
    await expect.poll(() => new URL(page.url()).searchParams.get('sector')).toBe('aerospace');
    await expect.poll(() => page.getByTestId('problem-total').textContent()).toMatch(/共 0 个/);
    await page.goto('/challenges?sector=high_end_equipment');
    await expect.poll(() => rows(page, 'problems').count()).toBe(1);
    await rows(page, 'problems').locator('a').first().click();
    await page.getByTestId('problem-need').waitFor();
    problemUrl = new URL(page.url()).pathname;
    expect(await page.locator('h1').textContent()).toBe(OPEN_PROBLEM);
    expect(await page.getByTestId('problem-indicators').textContent()).toContain('回差');
    expect(await page.getByTestId('budget-range').first().textContent()).toMatch(/1,000万元\s*~\s*4,000万元/);
    expect(await page.getByTestId('list-basis').textContent()).toContain('000·二');
    await page.getByTestId('list-versions').waitFor();
    // Not signed in: the way to bid is to sign in; no bid is readable here.
    await expect.poll(() => page.getByTestId('bid-call').textContent()).toMatch(/登录后揭榜/);
    await a11y(page, '/challenges/problems/:id (public)', { en: true });
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await screenshot(page, 'challenges-problem-390');
    // The list: its problems, its chart's figures and versions. Bidding is open: no count is published yet.
    await page.locator('.page-subtitle a').first().click();
    await expect
      .poll(() => page.getByTestId('list-problems').locator('tbody tr, .ant-card').count())
      .toBeGreaterThan(0);
    const figures = page.getByTestId('list-figures');
    await expect.poll(() => figures.locator('[data-figure="problems"]').textContent()).toBe('2');
    expect(await figures.textContent()).toContain('揭榜截止后公布');
    expect(await page.getByTestId('chart-bids').count()).toBe(0);
    await a11y(page, '/challenges/lists/:id', { en: true });
    // The judged list (closed, one award): the desk's chart, bids per problem and money awarded vs budget.
    const judged = (await (await page.request.get('/api/challenges/lists')).json()).items.find(
      (l: { window: { phase: string } }) => l.window.phase === 'closed',
    );
    await page.goto(`/challenges/lists/${judged.id}`);
    await expect.poll(() => page.getByTestId('chart-bids').locator('svg').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-money').locator('svg').count()).toBeGreaterThan(0);
    expect(await figures.locator('[data-figure="awarded"]').textContent()).toMatch(/万元/);
    await a11y(page, '/challenges/lists/:id (judged, chart)', { en: true });
    await noSidewaysScroll(page);
    // The public pages asked only for the public API: lists, problems, the reference — never a bid or an entitlement.
    const allowed = [
      /^GET \/api\/(auth\/me|openapi\.json|catalogue)$/,
      /^GET \/api\/challenges\/(reference|lists|problems)(\/[0-9a-f-]{36})?$/,
    ];
    expect(calls.filter((c) => !allowed.some((re) => re.test(c)))).toEqual([]);
    await context.close();
  });

  it('出题: a demo enterprise proposes a problem and submits it; it waits for review in “my problems”', async () => {
    const page = await e2e.as('enterprise', '/challenges/propose');
    await page.getByTestId('problem-form').waitFor();
    await a11y(page, '/challenges/propose', { en: true });
    await page.getByLabel('题目名称').fill('伺服电机高动态响应控制算法');
    await page
      .getByLabel('技术需求')
      .fill('高端数控机床伺服系统动态响应不足，需要开发高带宽电流环与自适应振动抑制算法，并在整机上验证。');
    await choose(page, '领域', '高端装备');
    await page.getByLabel('指标 1 名称').fill('速度环带宽');
    await page.getByLabel('指标 1 目标值').fill('≥ 3 kHz');
    await page.getByLabel('预期成果').fill('算法软件、整机测试报告');
    await page.getByLabel('实施周期（月）').fill('18');
    await page.getByLabel('揭榜额下限').fill('500');
    await page.getByLabel('揭榜额上限').fill('1500');
    await page.getByTestId('submit-problem').click();
    await page.waitForURL(/\/challenges\/mine\?saved=/);
    const row = page
      .getByTestId('my-problems')
      .locator('tbody tr', { hasText: '伺服电机高动态响应控制算法' });
    await expect.poll(() => row.getAttribute('data-state')).toBe('submitted');
    expect(await row.textContent()).toContain('待审核');
    await a11y(page, '/challenges/mine', { en: true });
  });

  it('揭榜: the live entitlement follows the 揭榜额 as it is typed; the bid is version 1', async () => {
    const page = await e2e.as('enterprise', problemUrl);
    await page.getByTestId('go-bid').click();
    await page.getByTestId('bid-form').waitFor();
    const amount = page.getByLabel('揭榜额', { exact: true });
    await amount.fill('1000');
    // 000·二: 30% of the 揭榜额 (the ceiling the officer decides within), by the calculator.
    await expect
      .poll(() => page.getByTestId('entitlement-max').getAttribute('data-max'))
      .toBe(String(300 * WAN));
    await amount.fill('4000');
    await expect
      .poll(() => page.getByTestId('entitlement-max').getAttribute('data-max'))
      .toBe(String(1200 * WAN));
    expect(await page.getByTestId('entitlement').textContent()).toContain('000·二');
    expect(await page.getByTestId('entitlement-formula').textContent()).toMatch(/30%/);
    await page
      .getByLabel('技术方案', { exact: true })
      .fill('摆线针轮精密磨削与在线检测，分样机、整机验证两阶段完成。');
    await page.getByLabel('团队', { exact: true }).fill('教授级高工 2 名、工程师 10 名');
    // A consortium partner from the registry, found by name.
    const partners = page.getByLabel('联合体成员');
    await partners.click();
    await partners.pressSequentially('工程技术大学');
    await page.locator('.ant-select-item-option', { hasText: '上海松江大学城工程技术大学' }).first().click();
    await page.keyboard.press('Escape');
    await page.getByLabel('里程碑 1 名称').fill('样机研制');
    await fillDate(page, '里程碑 1 完成日期', '2027-06-30');
    await page.getByLabel('里程碑 1 计划投入').fill('2000');
    await page.getByLabel('里程碑 1 对应的验收指标').fill('回差 ≤ 1 arcmin');
    await page.getByTestId('add-milestone').click();
    await page.getByLabel('里程碑 2 名称').fill('整机验证');
    await fillDate(page, '里程碑 2 完成日期', '2028-03-31');
    await page.getByLabel('里程碑 2 计划投入').fill('2000');
    await page.getByLabel('里程碑 2 对应的验收指标').fill('额定寿命 ≥ 6000 小时');
    await expect.poll(() => page.getByTestId('planned-total').textContent()).toContain('4,000万元');
    // The file goes to the organisation's sealed folder in the attachment store before the bid is sent.
    await page.locator('[data-testid=bid-form] [data-testid=attachments] input[type=file]').setInputFiles({
      name: '揭榜技术方案.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect
      .poll(() => page.getByTestId('bid-form').getByTestId('attachment').getAttribute('data-name'))
      .toBe('揭榜技术方案.pdf');
    await a11y(page, '/challenges/problems/:id/bid', { en: true });
    await screenshot(page, 'challenges-bid-1280');
    await page.getByTestId('submit-bid').click();
    await page.waitForURL(/\/challenges\/bids\/[0-9a-f-]{36}$/);
    bidUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('bid-version').textContent()).toBe('v1');
    await expect
      .poll(() => page.getByTestId('bid-version-body').textContent())
      .toContain('上海松江大学城工程技术大学');
    // The bid names the stored file by its SHA-256; the link downloads the very bytes uploaded.
    const file = page.getByTestId('bid-files').getByRole('link', { name: '揭榜技术方案.pdf' });
    const href = (await file.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/challenges\/bids\/[0-9a-f-]{36}\/files\/[0-9a-f]{64}$/);
    const got = await page.request.get(href);
    expect(got.status()).toBe(200);
    expect(Buffer.from(await got.body()).equals(PDF)).toBe(true);
    bidFile = href;
  });

  it('the bid is revised to version 2 with version 1 kept and shown, then withdrawn before the deadline', async () => {
    const page = await e2e.as('enterprise', bidUrl);
    // Revise: the form opens with version 1; a lower 揭榜额 becomes version 2.
    await page.getByTestId('revise').click();
    await page.getByTestId('revising').waitFor();
    await expect.poll(() => page.getByLabel('揭榜额', { exact: true }).inputValue()).toBe('4000');
    await page.getByLabel('揭榜额', { exact: true }).fill('3500');
    await expect
      .poll(() => page.getByTestId('entitlement-max').getAttribute('data-max'))
      .toBe(String(1050 * WAN));
    await page.getByLabel('里程碑 2 计划投入').fill('1500');
    await page.getByTestId('submit-bid').click();
    await page.waitForURL(bidUrl);
    await expect.poll(() => page.getByTestId('bid-version').textContent()).toBe('v2');
    const versions = page.getByTestId('bid-versions');
    await expect.poll(() => versions.locator('.ant-segmented-item').count()).toBe(2);
    expect(await page.getByTestId('bid-version-body').textContent()).toContain('3,500万元');
    await versions.locator('.ant-segmented-item').first().click();
    await expect.poll(() => page.getByTestId('bid-version-body').getAttribute('data-version')).toBe('1');
    expect(await page.getByTestId('bid-version-body').textContent()).toContain('4,000万元');
    await a11y(page, '/challenges/bids/:id', { en: true });
    await page.goto('/challenges/bids');
    await expect
      .poll(() =>
        page
          .getByTestId('my-bids')
          .locator(`tbody tr[data-id="${bidUrl.split('/').pop()}"]`)
          .count(),
      )
      .toBe(1);
    await a11y(page, '/challenges/bids', { en: true });
    // Withdrawn before the deadline: the versions stay, revising is over.
    await page.goto(bidUrl);
    await page.getByTestId('withdraw').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect
      .poll(() => page.getByTestId('bid-state').locator('[data-state]').getAttribute('data-state'))
      .toBe('withdrawn');
    expect(await page.getByTestId('revise').count()).toBe(0);
    await expect.poll(() => page.getByTestId('bid-versions').locator('.ant-segmented-item').count()).toBe(2);
  });

  it("the winner's milestone page: the paid first milestone, its application, and the next milestone's evidence", async () => {
    const page = await e2e.as('enterprise', '/challenges/projects');
    await expect.poll(() => page.getByTestId('projects').locator('tbody tr').count()).toBe(1);
    await a11y(page, '/challenges/projects', { en: true });
    await page.getByTestId('projects').locator('tbody tr a', { hasText: '里程碑' }).click();
    await page.getByTestId('milestone-steps').waitFor();
    projectId = new URL(page.url()).pathname.split('/').pop()!;
    const first = page.locator('[data-testid=milestone][data-seq="1"]');
    expect(await first.getAttribute('data-state')).toBe('accepted');
    expect(await first.getByTestId('released').textContent()).toBe('已拨付');
    expect(await first.getByTestId('evidence').textContent()).toMatch(
      /关键工艺验证报告\.pdf.*SHA-256 [0-9a-f]{64}/s,
    );
    expect(await page.getByTestId('application-link').getAttribute('href')).toMatch(
      /^\/applications\/[0-9a-f-]{36}$/,
    );
    expect(await page.getByTestId('project-paid').textContent()).not.toMatch(/^0/);
    await a11y(page, '/challenges/projects/:id', { en: true });
    // The first milestone awaiting evidence: a PDF into the attachment store, the input claimed, submitted for 验收.
    const next = page.locator('[data-testid=milestone][data-state=pending]').first();
    const seq = await next.getAttribute('data-seq');
    expect(Number(seq)).toBeGreaterThan(1);
    const second = page.locator(`[data-testid=milestone][data-seq="${seq}"]`);
    await second.locator('[data-testid=attachments] input[type=file]').setInputFiles({
      name: '样品测试报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect.poll(() => second.getByTestId('attachments').textContent()).toContain('样品测试报告.pdf');
    await second.getByLabel(`里程碑 ${seq} 的实际投入`).fill('1500');
    await second.getByTestId('submit-evidence').click();
    await expect.poll(() => second.getAttribute('data-state')).toBe('submitted');
    expect(await second.getByTestId('evidence').textContent()).toMatch(
      /样品测试报告\.pdf.*SHA-256 [0-9a-f]{64}/s,
    );
    await screenshot(page, 'challenges-project-1280');
  });
  it('sealed: another organisation cannot see the bid nor the winner’s project and evidence, by page or by API', async () => {
    const page = await e2e.as('enterprise2', bidUrl);
    await expect.poll(() => page.locator('.error-box').textContent()).toMatch(/不存在|未找到|找不到/);
    expect(await page.locator('main').textContent()).not.toContain('摆线针轮');
    const id = bidUrl.split('/').pop();
    expect((await page.request.get(`/api/challenges/bids/${id}`)).status()).toBe(404);
    expect((await page.request.get(`/api/challenges/bids/${id}/versions`)).status()).toBe(404);
    // Nor its files: not by the bid's file link, not through the attachment store's own routes.
    expect((await page.request.get(bidFile)).status()).toBe(404);
    const owner = (await e2e.as('enterprise', bidUrl)).request;
    const bid = await (await owner.get(`/api/challenges/bids/${id}`)).json();
    const folder = `/api/attachments?subjectType=challenge_bid&subjectId=${bid.problemId}:${bid.organisation.id}`;
    const stored = (await (await owner.get(folder)).json()).items;
    expect(stored).toHaveLength(1);
    expect((await page.request.get(folder)).status()).toBe(404);
    expect((await page.request.get(`/api/attachments/${stored[0].id}`)).status()).toBe(404);
    const problemId = problemUrl.split('/').pop();
    const onProblem = await (await page.request.get(`/api/challenges/problems/${problemId}/bids`)).json();
    expect(onProblem.items).toEqual([]);
    const mine = await (await page.request.get('/api/challenges/bids/mine')).json();
    expect(mine.items.map((b: { id: string }) => b.id)).not.toContain(id);
    // Its own bid page on the same problem: 000·二 does not cover a firm outside the centres, and says why.
    await page.goto(`${problemUrl}/bid`);
    await page.getByLabel('揭榜额', { exact: true }).fill('1000');
    await page.getByTestId('entitlement-refused').waitFor();
    expect(await page.getByTestId('entitlement').getAttribute('data-outcome')).toBe('ineligible');
    expect(await page.getByTestId('entitlement-reasons').textContent()).toContain('✗');
    expect(await page.getByTestId('entitlement-max').count()).toBe(0);
    // Nor the winner's project, nor its evidence files in the attachment store.
    expect((await page.request.get(`/api/challenges/projects/${projectId}`)).status()).toBe(404);
    const files = `/api/attachments?subjectType=challenge_milestone&subjectId=${projectId}:2`;
    expect((await page.request.get(files)).status()).toBe(404);
    const upload = await page.request.post(files, {
      headers: { Origin: e2e.server.baseURL },
      multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: PDF } },
    });
    expect(upload.status()).toBe(404);
  });
});
