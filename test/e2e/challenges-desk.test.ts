/**
 * 揭榜挂帅 officer's desk and judge's scoring sheet in a real browser, through the real API and database
 * with the demo lists: the officer (区科委/科创办) reviews the demo problem waiting in the queue, accepts it
 * and places it on the open 001·二 list; appoints a panel on a closed-list problem (the expert who works
 * for the bidder is blocked, the reason shown; a scorer of the poser picked from its users) and opens judging. That expert sees the block and its
 * reason; another scores the bid per criterion, and the sent sheet is read-only. The officer reads the
 * ranking of the judged problem (totals, per criterion, tie-break basis), awards it and follows the
 * 公示 links; reads the list's chart with its table; records the second milestone's 验收 with the
 * verified input. A new draft list is cancelled (撤销榜单) with its reason. The approver sees both limits of the tranche (30% of verified input, the approved
 * amount), releases it, and the server's refusal lands on the next tranche; on the demo project whose final
 * 验收 failed, records money returned (退回款) and the fund's returned and net figures change. The auditor
 * reads, changes nothing.
 * axe on every page at 1280 and 390 px, in Chinese and in English.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { a11y, browserSuite, choose, fillDate, login, newPage, screenshot, skipReason } from './harness.ts';

const WAITING = '车载激光雷达芯片化收发模组';
const TO_JUDGE = '工业视觉大模型缺陷检测平台';
const JUDGED = '12英寸晶圆CMP抛光液国产化';
const WON = '车规级碳化硅功率模块封装可靠性攻关';
/** The demo project whose final 验收 failed: 120 万元 due back in the fund ledger. */
const FAILED = '低轨卫星相控阵终端降本';
const WAN = 1_000_000;
const LIST_A = '松江区攻关项目需求榜单（演示数据）';
const LIST_B = '长三角G60科创走廊策源地攻关项目榜单（演示数据）';

describe.skipIf(skipReason !== null)('揭榜挂帅 officer desk and scoring sheet in Chromium', () => {
  const e2e = browserSuite();
  const extra: BrowserContext[] = [];
  /** A demo account the harness does not name by role (the 评审专家). */
  async function signIn(username: string): Promise<Page> {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    page.on('close', () => expect(errors).toEqual([]));
    extra.push(context);
    await login(page, username, e2e.server.password);
    return page;
  }
  afterAll(async () => {
    for (const c of extra) await c.close().catch(() => undefined);
  });
  let officer: Page;

  async function openProblem(page: Page, title: string): Promise<void> {
    await page.goto('/challenges/desk');
    await page.getByTestId('desk-judging').waitFor();
    await page.getByRole('link', { name: title, exact: true }).first().click();
    await page.getByTestId('problem-facts').waitFor();
  }

  it('the officer reviews a waiting problem, places it on the open list, and appoints a panel with a conflict blocked', async () => {
    officer = await e2e.as('reviewer');
    await officer.goto('/challenges/desk');
    const queue = officer.getByTestId('review-queue');
    await expect.poll(() => queue.textContent()).toContain(WAITING);
    await a11y(officer, '/challenges/desk', { en: true });
    await queue.getByRole('link', { name: WAITING }).click();
    await officer.getByTestId('section-review').waitFor();
    await a11y(officer, '/challenges/desk/problems/:id (review)', { en: true });
    // Returning needs a reason: the server's refusal lands on the reason field.
    await officer.getByTestId('return').click();
    await expect.poll(() => officer.locator('#f-reason-error').textContent()).toMatch(/理由|原因|reason/i);
    await officer.getByTestId('accept').click();
    await officer.getByTestId('place').waitFor();
    // Only lists still open for bids are offered: list A has closed.
    await officer.getByLabel('列入的榜单').click();
    await expect.poll(() => officer.locator('.ant-select-dropdown').last().textContent()).toContain(LIST_B);
    expect(await officer.locator('.ant-select-dropdown').last().textContent()).not.toContain(LIST_A);
    await officer.keyboard.press('Escape');
    await choose(officer, '列入的榜单', LIST_B);
    await officer.getByTestId('place').click();
    await expect
      .poll(() =>
        officer.locator('[data-testid="problem-facts"] [data-state]').first().getAttribute('data-state'),
      )
      .toBe('listed');
    await expect.poll(() => officer.getByTestId('problem-facts').textContent()).toContain(LIST_B);

    // A problem of the closed list: appoint two experts; the one working for the bidder is blocked.
    await openProblem(officer, TO_JUDGE);
    await officer.getByTestId('appoint').waitFor();
    // A multiple select stays open while options are picked.
    await officer.getByLabel('任命评审专家').click();
    for (const name of ['评审专家（工程技术大学）', '评审专家（嘉松智能驱动）'])
      await officer
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
          hasText: name,
        })
        .click();
    await officer.keyboard.press('Escape');
    // And a scorer of the poser (出题方阅卷), picked from the poser organisation's active users.
    const scorers = officer.getByLabel(/任命出题方阅卷人/).first();
    await scorers.click();
    // The list this select opened, not the experts' one still fading out.
    const scorer = officer
      .locator('.ant-select-dropdown', {
        has: officer.locator(`[id="${await scorers.getAttribute('aria-controls')}"]`),
      })
      .locator('.ant-select-item-option')
      .first();
    const scorerName = (await scorer.textContent())!;
    await scorer.click();
    await officer.keyboard.press('Escape');
    await officer.getByTestId('appoint').click();
    await expect
      .poll(() =>
        officer.getByTestId('panel-table').locator('tr, .ant-card', { hasText: scorerName }).count(),
      )
      .toBeGreaterThan(0);
    expect(
      await officer.getByTestId('panel-table').locator('tr', { hasText: scorerName }).first().textContent(),
    ).toContain('出题方');
    const blocked = officer.locator('[data-testid="judge-blocked"][data-judge="zhuanjia2"]');
    await blocked.waitFor();
    expect(await blocked.textContent()).toMatch(/评审专家所在单位即揭榜方/);
    expect(await officer.locator('[data-judge="zhuanjia"]').textContent()).toContain('无利益冲突');
    // The bids are open to officers now that the window has closed.
    await expect.poll(() => officer.getByTestId('bids-table').textContent()).toContain('嘉松智能驱动');
    await officer.getByTestId('open-judging').click();
    await officer.getByTestId('section-ranking').waitFor();
    await a11y(officer, '/challenges/desk/problems/:id (judging)', { en: true });

    // A new list: drafted on a legal basis with its window; publishing an empty list is refused.
    await officer.goto('/challenges/desk/lists/new');
    await officer.getByTestId('list-form').waitFor();
    expect(await officer.getByTestId('basis-eligibility').textContent()).toContain('揭榜');
    await a11y(officer, '/challenges/desk/lists/new', { en: true });
    await officer.getByLabel('榜单名称').fill('松江区攻关项目需求榜单（测试批）');
    await officer.getByLabel('批次').fill('2026年第三批');
    await fillDate(officer, '开始日期', '2026-09-10');
    await fillDate(officer, '截止日期', '2026-09-05');
    await officer.getByTestId('save-list').click();
    await expect
      .poll(() => officer.locator('#f-closesOn-error').textContent())
      .toContain('截止日期不得早于开始日期');
    await fillDate(officer, '截止日期', '2026-10-31');
    await officer.getByTestId('save-list').click();
    await officer.getByTestId('list-facts').waitFor();
    expect(await officer.getByTestId('list-criteria').textContent()).toContain('技术路线');
    await officer.getByTestId('publish-list').click();
    await expect.poll(() => officer.locator('.error-box').textContent()).toMatch(/题目/);

    // 撤销榜单: the dialog asks for the reason (required); the cancelled list then says why, with no button left.
    await officer.getByTestId('cancel-list').click();
    await officer.getByTestId('cancel-list-form').waitFor();
    await officer.getByTestId('confirm-cancel-list').click();
    await expect.poll(() => officer.locator('#f-reason-error').textContent()).toBeTruthy();
    await officer.getByLabel('撤销原因').fill('本批题目并入第二批发布');
    await officer.getByTestId('confirm-cancel-list').click();
    await officer.getByTestId('list-cancelled').waitFor();
    expect(await officer.getByTestId('list-cancelled').textContent()).toContain('本批题目并入第二批发布');
    expect(await officer.getByTestId('cancel-list').count()).toBe(0);
  });

  it('a judge with a conflict sees the block and its reason; another scores a bid and the sheet is read-only', async () => {
    const blockedJudge = await signIn('zhuanjia2');
    await blockedJudge.goto('/challenges/judging');
    await blockedJudge.getByTestId('judge-panels').waitFor();
    expect(await blockedJudge.getByTestId('judge-panels').textContent()).toContain('已回避');
    await a11y(blockedJudge, '/challenges/judging', { en: true });
    await blockedJudge.getByRole('link', { name: TO_JUDGE }).click();
    const block = blockedJudge.getByTestId('judge-block');
    await block.waitFor();
    expect(await block.textContent()).toMatch(/利益冲突[\s\S]*评审专家所在单位即揭榜方/);
    expect(await blockedJudge.getByTestId('sheet-bid').count()).toBe(0);
    await a11y(blockedJudge, '/challenges/judging/:id (blocked)', { en: true });
    await blockedJudge.close();

    const judge = await signIn('zhuanjia');
    await expect.poll(() => new URL(judge.url()).pathname).toBe('/challenges/judging');
    // The judge's menu has the scoring sheets, not the officer's desk.
    const judgeMenu = await judge.locator('#main-nav').textContent();
    expect(judgeMenu).toContain('评审打分');
    expect(judgeMenu).not.toContain('揭榜挂帅工作台');
    await judge.getByRole('link', { name: TO_JUDGE }).click();
    await judge.getByTestId('sheet-bid').waitFor();
    expect(await judge.getByTestId('sheet-criteria').textContent()).toMatch(/技术路线 ×1/);
    expect(await judge.getByTestId('declaration').textContent()).toContain('利益冲突声明');
    // The bid's files, sealed until judging opened, now download from the sheet.
    const file = judge.getByTestId('sheet-bid').first().getByTestId('bid-files').getByRole('link').first();
    const got = await judge.request.get((await file.getAttribute('href'))!);
    expect([got.status(), (await got.body()).subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    await judge.getByTestId('score-open').click();
    await judge.getByTestId('score-form').waitFor();
    await a11y(judge, '/challenges/judging/:id (sheet)', { en: true });
    // A criterion left empty is caught on its own field before anything is sent.
    for (const [code, points] of [
      ['team', 80],
      ['input', 75],
      ['milestones', 82],
      ['price', 78],
    ] as const)
      await judge.locator(`#f-scores_${code}`).fill(String(points));
    await judge.getByTestId('send-sheet').click();
    await expect.poll(() => judge.locator('#f-scores_technical_route-error').count()).toBe(1);
    await judge.locator('#f-scores_technical_route').fill('88');
    await judge.getByTestId('send-sheet').click();
    const sent = judge.getByTestId('sent-sheet');
    await sent.waitFor();
    expect(await sent.locator('[data-criterion="technical_route"]').textContent()).toBe('88');
    expect(await judge.getByTestId('score-form').count()).toBe(0);
    // Read-only after a reload too: the sheet comes from the record.
    await judge.reload();
    await judge.getByTestId('sent-sheet').waitFor();
    expect(await judge.getByTestId('score-open').count()).toBe(0);
    await judge.close();
  });

  it('the officer reads the ranking, awards, follows the 公示 links, reads the list chart and records a 验收', async () => {
    await openProblem(officer, JUDGED);
    const ranking = officer.getByTestId('ranking-table');
    await expect.poll(() => ranking.getByTestId('total').count()).toBe(2);
    expect(await officer.getByTestId('ranking-basis').textContent()).toMatch(
      /加权平均分[\s\S]*并列时依次比较/,
    );
    const totals = await ranking.getByTestId('total').allTextContents();
    expect(totals.map(Number)).toEqual([...totals.map(Number)].sort((a, b) => b - a));
    await officer.getByTestId('award').click();
    await officer.getByTestId('award-mode').waitFor();
    expect(await officer.getByTestId('award-form').count()).toBe(0);
    expect(await officer.getByTestId('award-mode').textContent()).toMatch(/揭榜成功：/);
    const publicHref = await officer.getByTestId('public-award-link').getAttribute('href');
    expect(publicHref).toMatch(/^\/challenges\/problems\/[0-9a-f-]{36}$/);
    await a11y(officer, '/challenges/desk/problems/:id (awarded)');

    // The demo winner's project: its application went through 公示.
    await openProblem(officer, WON);
    const notice = officer.getByTestId('notice-link').first();
    await notice.waitFor();
    expect(await notice.getAttribute('href')).toMatch(/^\/notices\/[0-9a-f-]{36}$/);
    await notice.click();
    await expect.poll(() => new URL(officer.url()).pathname).toMatch(/^\/notices\//);
    await expect.poll(() => officer.locator('main').textContent()).toContain('嘉松智能驱动');

    // The list's chart: problems, bids per problem, money awarded against the budget, figures beside.
    await officer.goto('/challenges/desk');
    await officer.getByRole('link', { name: LIST_A }).click();
    await officer.getByTestId('list-chart').waitFor();
    await expect.poll(() => officer.getByTestId('chart-bids').locator('svg').count()).toBeGreaterThan(0);
    const figures = officer.getByTestId('list-figures');
    expect(await figures.locator('[data-figure="problems"]').textContent()).toBe('6');
    expect(await figures.textContent()).toContain(`揭榜数：${WON}`);
    expect(await figures.textContent()).toMatch(new RegExp(`揭榜数：${WON}\\s*3`));
    await a11y(officer, '/challenges/desk/lists/:id', { en: true });
    await screenshot(officer, 'challenges-desk-list-1280');

    // The second milestone awaits 验收: pass it with the input verified.
    await officer.goto('/challenges/desk');
    await officer.getByTestId('desk-project-link').filter({ hasText: WON }).click();
    const m2 = officer.getByTestId('milestone-2');
    await m2.getByTestId('decision-2').waitFor();
    await a11y(officer, '/challenges/desk/projects/:id (验收)', { en: true });
    // The verified input may not exceed what was claimed: the server says so on the field.
    await m2.locator('#f-verifiedInput').fill('99999');
    await m2.getByTestId('decide-2').click();
    await expect
      .poll(() => officer.locator('#f-verifiedInput-error').textContent())
      .toMatch(/不得超过申报投入/);
    await m2.locator('#f-verifiedInput').fill('1500');
    await m2.getByTestId('decide-2').click();
    await expect.poll(() => m2.locator('[data-state]').first().getAttribute('data-state')).toBe('accepted');
    expect(await m2.getByTestId('verified-input').textContent()).toContain('1,500万元');
    // Officers who are not payers see the limits but no release button.
    expect(await officer.getByTestId('release-2').count()).toBe(0);
  });

  it('the approver sees both limits of a tranche, releases it, and the server refuses the next one on its button', async () => {
    const approver = await e2e.as('approver');
    await approver.goto('/challenges/desk');
    await approver.getByTestId('desk-project-link').filter({ hasText: WON }).click();
    const t2 = approver.getByTestId('tranche-2');
    await t2.waitFor();
    // 30% of the input verified up to milestone 2 (2,000万 + 1,500万) and the approved 1,500万.
    expect(await t2.getByTestId('input-limit').textContent()).toContain('1,050万元');
    expect(await t2.textContent()).toContain('1,500万元');
    expect(await approver.getByTestId('release-rule').textContent()).toContain('30%');
    await a11y(approver, '/challenges/desk/projects/:id (release)', { en: true });
    await approver.getByTestId('release-2').click();
    await t2.getByTestId('tranche-paid').waitFor();
    // Tranche 3: its milestone has not passed 验收: the refusal is shown where it was asked.
    await approver.getByTestId('release-3').click();
    const refusal = approver.getByTestId('release-3-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/第3个里程碑尚未验收通过/);
    await screenshot(approver, 'challenges-desk-project-1280');
    expect(await approver.locator('#main-nav').textContent()).toContain('揭榜挂帅工作台');

    // 退回款: the failed project owes 120 万元. The fund's figures before, as the ledger gives them.
    type FundRow = { fund: string; year: number; paid: number; due: number; returned: number; net: number };
    const fundOf = async () =>
      (
        (await approver.evaluate(() => fetch('/api/ledger?fund=000').then((r) => r.json()))) as {
          funds: FundRow[];
        }
      ).funds.find((f) => f.due > 0)!;
    const before = await fundOf();
    expect(before.due).toBe(120 * WAN);
    await approver.locator('#main-nav').getByRole('link', { name: '揭榜挂帅工作台' }).click();
    await approver.getByTestId('desk-project-link').filter({ hasText: FAILED }).click();
    const recovery = approver.getByTestId('recovery-ledger');
    await recovery.waitFor();
    await approver.getByTestId('failed-stops').waitFor();
    expect(await recovery.getByTestId('recovery-left').locator('[data-fen]').getAttribute('data-fen')).toBe(
      String(120 * WAN),
    );
    await a11y(approver, '/challenges/desk/projects/:id (failed, 退回款)', { en: true });
    // More than is still due is refused on the amount field; then a partial receipt is recorded.
    const form = approver.getByTestId('repayment-form');
    await form.getByLabel('退回金额').fill('200');
    await approver.getByTestId('record-repayment').click();
    await expect.poll(() => form.locator('[id$="amount-error"]').textContent()).toBeTruthy();
    await form.getByLabel('退回金额').fill('30');
    await form.getByLabel('备注（如银行回单号）').fill('银行回单 G60-001');
    await approver.getByTestId('record-repayment').click();
    await expect
      .poll(() => recovery.getByTestId('recovery-left').locator('[data-fen]').getAttribute('data-fen'))
      .toBe(String(90 * WAN));
    expect(await recovery.getByTestId('recovery-receipts').textContent()).toContain('银行回单 G60-001');
    // The fund page: returned up by 30 万元, the net spend down by as much, the amount due unchanged.
    const after = await fundOf();
    expect([after.due, after.returned, after.net, after.paid]).toEqual([
      before.due,
      before.returned + 30 * WAN,
      before.net - 30 * WAN,
      before.paid,
    ]);
    await approver.goto(`/fund?fund=000&year=${after.year}`);
    const row = approver.getByTestId('fund-table');
    await expect.poll(() => row.locator(`[data-fen="${after.returned}"]`).count()).toBeGreaterThan(0);
    expect(await row.locator(`[data-fen="${after.net}"]`).count()).toBeGreaterThan(0);
    expect(await row.locator(`[data-fen="${after.due}"]`).count()).toBeGreaterThan(0);
    await approver.close();
  });

  it('the auditor reads the desk and a project without a single button to change them', async () => {
    const auditor = await e2e.as('auditor');
    await auditor.goto('/challenges/desk');
    await auditor.getByTestId('desk-projects').waitFor();
    expect(await auditor.locator('#main-nav').textContent()).toContain('揭榜挂帅工作台');
    expect(await auditor.getByTestId('new-list').count()).toBe(0);
    await auditor.getByTestId('desk-project-link').filter({ hasText: WON }).click();
    await auditor.getByTestId('tranche-2').waitFor();
    expect(await auditor.getByTestId('input-limit').first().textContent()).toContain('万元');
    expect(await auditor.locator('main button').count()).toBe(0);
    await auditor.close();
  });
});
