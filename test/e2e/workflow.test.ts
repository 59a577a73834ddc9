/**
 * The money path in a real browser, one role per browser context: an enterprise applies from its
 * self-check and submits; a reviewer accepts, reviews and recommends the engine's amount; an admin
 * sets the special fund's budget; an approver approves, publishes the notice, closes it after its
 * days, schedules three stages and pays the first; the enterprise sees the payment; an auditor
 * checks the ledger and verifies the hash chain. The server carries the demo data (applications in
 * every state), so the test finds its own application by its title.
 */

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../src/core/money.ts';
import { browserSuite, login, PHONE, screenshot, skipReason } from './harness.ts';

const TITLE = '浏览器测试：车规级碳化硅模块揭榜项目';

describe.skipIf(skipReason !== null)('application, review, approval and staged payment in Chromium', () => {
  const e2e = browserSuite();
  /** The enterprise's view of the application (#/applications/<id>); officers use #/review/<id>. */
  let applicationHash = '';

  const stateOf = (page: Page) => page.getByTestId('application').getAttribute('data-state');
  const reviewHash = () => applicationHash.replace('#/applications', '#/review');

  async function act(page: Page, action: string) {
    await page.getByTestId(`action-${action}`).click();
    await page.getByTestId(`do-${action}`).click();
    await expect.poll(() => page.getByTestId('action-message').textContent()).toContain('已完成');
  }

  it('an enterprise applies from its self-check and submits', async () => {
    const page = await e2e.as('enterprise');
    // Signed in, the enterprise lands on its self-check, prefilled from its registry record.
    await expect
      .poll(() => page.getByLabel('单位名称').inputValue())
      .toBe('嘉松智能驱动科技（上海）有限公司');
    expect(await page.getByLabel('所在产业协同创新中心的设立城市').inputValue()).toBe('jiaxing');
    expect(await page.getByTestId('qualification-row').count()).toBe(2);
    expect(await page.getByRole('link', { name: '我的申报' }).count()).toBe(1);
    await page.getByLabel('事项类型').selectOption('challenge');
    await page.getByLabel('事项日期（申报或发生日期）').fill('2026-09-01');
    await page.getByLabel('项目名称（申报时用作标题）').fill(TITLE);
    await page.getByLabel('项目编号（选填）').fill('E2E-CHALLENGE-01');
    await page.getByLabel('测算日期').fill('2026-09-01');
    await page.getByLabel('项目列入攻关需求榜单（揭榜挂帅）').check();
    await page.getByLabel('揭榜额').fill('5000');
    await page.getByTestId('check-submit').click();
    const grant = page.getByTestId('grant-000·二');
    await expect.poll(() => grant.getByTestId('grant-amount').textContent()).toBe('¥15,000,000.00');
    await page.getByTestId('apply-000·二').click();
    await expect.poll(() => stateOf(page)).toBe('draft');
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    expect(await page.locator('main').textContent()).toContain('已根据体检结果生成申报草稿');
    applicationHash = page
      .url()
      .replace(/^[^#]*/, '')
      .replace('?created=1', '');
    // The draft is corrected before submitting: a bad figure is named and kept, then the amount asked.
    await page.getByTestId('action-edit').click();
    const bid = page.locator('#f-matter_figures_bidAmount');
    expect(await bid.inputValue()).toBe('5000');
    await bid.fill('5000万');
    await page.getByTestId('do-edit').click();
    await expect
      .poll(() => page.locator('#f-matter_figures_bidAmount-error').textContent())
      .toContain('请输入数字');
    expect(await bid.inputValue()).toBe('5000万');
    await bid.fill('5000');
    await page.getByLabel('申请金额（万元）').fill('1500');
    await page.getByTestId('do-edit').click();
    await expect.poll(() => page.getByTestId('action-message').textContent()).toContain('已保存');
    await expect.poll(() => page.getByTestId('application').textContent()).toContain('¥15,000,000.00');
    await act(page, 'submit');
    await expect.poll(() => stateOf(page)).toBe('submitted');

    await page.goto('/#/applications');
    const mine = page.getByTestId('applications').locator('tbody tr', { hasText: TITLE });
    await expect.poll(() => mine.getAttribute('data-state')).toBe('submitted');
    // The firm's demo applications are listed too, each in its state.
    expect(await page.getByTestId('applications').locator('tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'applications-1280');
    await page.close();
  });

  it('a reviewer accepts, reviews and recommends the amount the engine computes', async () => {
    const page = await e2e.as('reviewer');
    await page.goto('/#/review');
    await page.getByTestId('queue-state').selectOption('submitted');
    const row = page.getByTestId('applications').locator('tbody tr', { hasText: TITLE });
    await expect.poll(() => row.getAttribute('data-state')).toBe('submitted');
    await screenshot(page, 'review-queue-1280');
    await row.getByRole('link').click();
    await expect.poll(() => stateOf(page)).toBe('submitted');
    await act(page, 'accept');
    await act(page, 'start_review');
    await expect.poll(() => stateOf(page)).toBe('under_review');
    await expect.poll(() => page.getByTestId('entitlement-range').textContent()).toBe('¥15,000,000.00');
    // An amount outside the range is refused by the server, shown with the form, and kept.
    await page.getByTestId('action-recommend').click();
    const amount = page.locator('#a-recommend-amount');
    expect(await amount.inputValue()).toBe('15000000');
    await amount.fill('16000000');
    await page.getByTestId('do-recommend').click();
    await expect.poll(() => page.getByTestId('form-recommend').textContent()).toMatch(/范围|区间/);
    expect(await amount.inputValue()).toBe('16000000');
    await amount.fill('15000000');
    await page.getByTestId('do-recommend').click();
    await expect.poll(() => stateOf(page)).toBe('recommended');
    await screenshot(page, 'review-application-1280');
    await page.close();
  });

  it('an admin sets the special fund budget', async () => {
    const page = await e2e.as('admin');
    await page.goto('/#/fund');
    await page.getByLabel('资金（政策文件）').last().selectOption('000');
    await page.getByLabel('年度').last().fill('2026');
    const budget = page.getByLabel('预算金额（万元）');
    await budget.fill('abc');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('#f-amount-error').textContent()).toContain('请输入数字');
    expect(await budget.inputValue()).toBe('abc');
    await budget.fill('60000');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('预算已保存').count()).toBe(1);
    await expect.poll(() => page.getByTestId('fund-table').textContent()).toContain('60,000万元');
    await page.close();
  });

  it('an approver approves, runs the public notice and pays the first of three stages', async () => {
    const page = await e2e.as('approver');
    await page.goto(`/${reviewHash()}`);
    await expect.poll(() => stateOf(page)).toBe('recommended');
    await act(page, 'approve');
    await expect.poll(() => stateOf(page)).toBe('approved');
    expect(await page.getByTestId('approved-amount').textContent()).toBe('¥15,000,000.00');
    await act(page, 'publish_notice');
    await expect.poll(() => stateOf(page)).toBe('in_notice');

    // Eight days later the session has long expired: the page says so and offers to sign in again.
    e2e.server.advanceDays(8);
    await page.reload();
    await expect.poll(() => page.getByTestId('sign-in-again').count()).toBe(1);
    await login(page, e2e.server.users.approver, e2e.server.password);
    await page.goto(`/${reviewHash()}`);
    await expect.poll(() => stateOf(page)).toBe('in_notice');
    await act(page, 'close_notice');
    await expect.poll(() => stateOf(page)).toBe('notice_closed');
    await page.getByTestId('action-schedule_stages').click();
    expect(await page.getByLabel('各期比例（如 4,3,3）').inputValue()).toBe('4,3,3');
    await page.getByTestId('do-schedule_stages').click();
    await expect.poll(() => stateOf(page)).toBe('scheduled');
    const stages = page.getByTestId('stages').locator('tbody tr');
    expect(await stages.allTextContents()).toEqual([
      expect.stringContaining('¥6,000,000.00'),
      expect.stringContaining('¥4,500,000.00'),
      expect.stringContaining('¥4,500,000.00'),
    ]);
    await page.getByTestId('pay-stage').click();
    await expect.poll(() => stateOf(page)).toBe('paying');
    await expect.poll(() => stages.first().getAttribute('data-paid')).toBe('true');
    expect(await page.getByTestId('timeline').textContent()).toContain('批准');
    await screenshot(page, 'application-paying-1280');
    await page.close();
  });

  it('the enterprise follows its payment; the ledger and the audit chain agree', async () => {
    const enterprise = await e2e.as('enterprise');
    await enterprise.goto(`/${applicationHash}`);
    await expect.poll(() => stateOf(enterprise)).toBe('paying');
    expect(await enterprise.getByTestId('stages').locator('tbody tr[data-paid=true]').count()).toBe(1);
    expect(await enterprise.getByTestId('pay-stage').count()).toBe(0);
    await enterprise.setViewportSize(PHONE);
    await screenshot(enterprise, 'application-paying-390');
    await enterprise.close();

    const auditor = await e2e.as('auditor');
    await auditor.goto('/#/fund?fund=000&year=2026');
    // The table shows the ledger exactly as the API computes it (the demo's grants included).
    const ledger = (await auditor.evaluate(() =>
      fetch('/api/ledger?fund=000&year=2026').then((r) => r.json()),
    )) as { funds: { committed: number; paid: number }[] };
    const fund = ledger.funds[0]!;
    expect(fund.paid).toBeGreaterThanOrEqual(600_000_000);
    await expect
      .poll(() => auditor.getByTestId('fund-table').textContent())
      .toContain(formatYuan(fund.committed));
    expect(await auditor.getByTestId('fund-table').textContent()).toContain(formatYuan(fund.paid));
    await expect.poll(() => auditor.getByTestId('chart-fund').locator('svg').count()).toBe(1);
    await screenshot(auditor, 'fund-1280');
    await auditor.goto('/#/audit');
    await auditor.getByTestId('verify-chain').click();
    await expect.poll(() => auditor.getByTestId('chain-status').getAttribute('data-ok')).toBe('true');
    expect(await auditor.getByTestId('audit-table').textContent()).toContain('application.approve');
    await screenshot(auditor, 'audit-1280');
    await auditor.close();
  });
});
