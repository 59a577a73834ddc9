/**
 * The money path in a real browser, one role per browser context: an enterprise applies from its
 * self-check (the draft carries the amount), attaches the materials the checklist asks for (another
 * organisation cannot download them), corrects and submits; a reviewer finds it in the queue
 * (applicant, days waiting, sorting, saved filters) and recommends in 万元 — the echo and the
 * confirmation catch 150 typed as 元; an admin sets the budget; an approver sees the amount and the
 * reason before approving, runs the notice, schedules and pays a stage; the auditor reads the ledger
 * and a trail of names. axe on every page at both widths.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../src/core/money.ts';
import { PDF } from '../support/files.ts';
import { a11y, browserSuite, choose, fillDate, login, PHONE, screenshot, skipReason } from './harness.ts';

const TITLE = '浏览器测试：车规级碳化硅模块揭榜项目';

describe.skipIf(skipReason !== null)('application, review, approval and staged payment in Chromium', () => {
  const e2e = browserSuite();
  let applicationId = '';
  let attachmentId = '';

  const stateOf = (page: Page) => page.getByTestId('application').getAttribute('data-state');

  async function act(page: Page, action: string, reason?: string) {
    const version = await page.getByTestId('application').getAttribute('data-version');
    await page.getByTestId(`action-${action}`).click();
    if (reason) await page.getByLabel('理由').fill(reason);
    await page.getByTestId(`do-${action}`).click();
    // Done when the application has moved on (its version changed) and says so.
    await expect.poll(() => page.getByTestId('application').getAttribute('data-version')).not.toBe(version);
    expect(await page.getByTestId('action-message').textContent()).toContain('已完成');
  }

  it('an enterprise applies from its self-check, attaches its materials, corrects and submits', async () => {
    const page = await e2e.as('enterprise');
    // Signed in, the enterprise lands on its self-check with its registry record filled in.
    await expect.poll(() => page.url()).toMatch(/\/check$/);
    await page.getByTestId('matter-challenge').click();
    await expect
      .poll(() => page.getByLabel('单位名称').inputValue())
      .toBe('嘉松智能驱动科技（上海）有限公司');
    expect(await page.getByTestId('qualification-row').count()).toBe(2);
    await fillDate(page, '事项日期（申报或发生日期）', '2026-09-01');
    await page.getByLabel('项目名称（申报时用作标题）').fill(TITLE);
    await page.getByLabel('项目编号（选填）').fill('E2E-CHALLENGE-01');
    await fillDate(page, '测算日期', '2026-09-01');
    await page.getByLabel('攻关项目需求榜单（沪松科创规〔2026〕1号第二条）').check();
    await page.getByLabel('揭榜额').fill('5000');
    await page.getByTestId('check-submit').click();
    await expect
      .poll(() => page.getByTestId('grant-000·二').getByTestId('grant-amount').textContent())
      .toBe('1,500万元');
    await page.getByTestId('apply-000·二').click();

    // The draft carries the amount the self-check found (as the amount asked) and its evaluation.
    await expect.poll(() => stateOf(page)).toBe('draft');
    expect(await page.locator('main h1').textContent()).toBe(TITLE);
    expect(await page.getByTestId('requested-amount').textContent()).toContain('1,500万元');
    expect(await page.getByTestId('entitlement-range').textContent()).toBe('1,500万元');
    applicationId = new URL(page.url()).pathname.split('/').pop()!;

    // The materials checklist follows from 000·二's conditions; each upload ticks its item.
    const checklist = page.getByTestId('checklist');
    await expect
      .poll(() => checklist.locator('li[data-material="f:bidAmount"]').getAttribute('data-done'))
      .toBe('false');
    await choose(page, '对应材料', '揭榜额的证明材料');
    await page.locator('[data-testid=attachments] input[type=file]').setInputFiles({
      name: '揭榜合同.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect
      .poll(() => checklist.locator('li[data-material="f:bidAmount"]').getAttribute('data-done'))
      .toBe('true');
    const file = page.getByTestId('attachment').filter({ hasText: '揭榜合同.pdf' });
    attachmentId = (await file.getByTestId('download').getAttribute('href'))!.split('/').pop()!;
    // A file that is not what its name says is refused, with the rule named.
    await page.locator('[data-testid=attachments] input[type=file]').setInputFiles({
      name: '营业执照.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ this is not a PDF'),
    });
    await expect.poll(() => page.getByTestId('upload-error').textContent()).toContain('不支持的文件类型');
    // The download is the file itself.
    const got = await page.evaluate(async (id) => {
      const r = await fetch(`/api/attachments/${id}`);
      return { status: r.status, size: (await r.arrayBuffer()).byteLength };
    }, attachmentId);
    expect(got).toEqual({ status: 200, size: PDF.length });
    await screenshot(page, 'application-draft-1280');
    await a11y(page, '/applications/:id', { en: true });

    // 补正 before submitting: a bad figure is named and kept, then corrected.
    await page.getByTestId('action-edit').click();
    const bid = page.getByLabel('揭榜额');
    expect(await bid.inputValue()).toBe('5000');
    await bid.fill('5000万');
    await page.getByTestId('do-edit').click();
    await expect.poll(() => page.locator('#f-figures_bidAmount-error').textContent()).toContain('请输入数字');
    expect(await bid.inputValue()).toBe('5000万');
    await bid.fill('5000');
    await page.getByTestId('do-edit').click();
    await expect.poll(() => page.getByTestId('action-message').textContent()).toContain('已保存');
    await act(page, 'submit');
    await expect.poll(() => stateOf(page)).toBe('submitted');

    await page.goto('/applications');
    const mine = page.getByTestId('applications').locator('tbody tr', { hasText: TITLE });
    await expect.poll(() => mine.getAttribute('data-state')).toBe('submitted');
    expect(await mine.textContent()).toContain('1,500万元');
    await screenshot(page, 'applications-1280');
    await a11y(page, '/applications', { en: true });
    await page.close();
  });

  it('another organisation cannot open the application or download its files', async () => {
    const other = await e2e.as('enterprise2', '/check');
    const res = await other.evaluate(
      async ([app, file]) => ({
        app: (await fetch(`/api/applications/${app}`)).status,
        file: (await fetch(`/api/attachments/${file}`)).status,
        list: (await fetch(`/api/attachments?subjectType=application&subjectId=${app}`)).status,
      }),
      [applicationId, attachmentId],
    );
    expect(res).toEqual({ app: 404, file: 404, list: 404 });
    await other.goto(`/applications/${applicationId}`);
    await expect.poll(() => other.locator('.error-box').textContent()).toContain('未找到');
    await other.close();
  });

  it('a reviewer finds it in the queue and recommends in 万元; 150 typed as 元 is caught', async () => {
    const page = await e2e.as('reviewer');
    await expect.poll(() => page.url()).toMatch(/\/review$/);
    await choose(page, '状态', '已提交');
    const row = page.getByTestId('applications').locator('tbody tr', { hasText: TITLE });
    await expect.poll(() => row.getAttribute('data-state')).toBe('submitted');
    // The queue names the applicant, the submission date and the days waiting.
    expect(await row.textContent()).toContain('嘉松智能驱动科技（上海）有限公司');
    expect(await row.textContent()).toContain('2026-09-01');
    expect(await row.getByTestId('days-waiting').textContent()).toBe('0 天');
    await choose(page, '排序', '等待最久');
    expect(page.url()).toContain('sort=waiting');
    // A saved filter comes back with one click.
    await page.getByLabel('筛选名称').fill('待受理');
    await page.getByRole('button', { name: '保存当前筛选' }).click();
    await page.goto('/review');
    await page.getByTestId('saved-filters').getByRole('button', { name: '待受理', exact: true }).click();
    await expect.poll(() => page.url()).toContain('state=submitted');
    await screenshot(page, 'review-queue-1280');
    await a11y(page, '/review', { en: true });
    await page.setViewportSize(PHONE);
    await expect.poll(() => page.locator('[data-testid=applications] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=applications] table').count()).toBe(0);
    await screenshot(page, 'review-queue-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`/review/${applicationId}`);
    await expect.poll(() => stateOf(page)).toBe('submitted');
    // Beside the application: the applicant's record and the materials it sent.
    expect(await page.getByTestId('applicant').textContent()).toContain('91310117MA0000001U');
    // The materials load beside the application: wait for them rather than count what has arrived.
    await expect.poll(() => page.getByTestId('checklist').locator('li[data-done=true]').count()).toBe(1);
    await act(page, 'accept');
    await act(page, 'start_review');
    await expect.poll(() => page.getByTestId('entitlement-range').textContent()).toBe('1,500万元');
    // The range the amount is decided within, its formula, and the stage plan the text implies.
    expect(await page.getByTestId('range').textContent()).toMatch(/最高可获 1,500万元.*区间 0 ~ 1,500万元/);
    expect(await page.getByTestId('range').textContent()).toContain('具体金额由审核人员在此范围内核定');
    expect(await page.getByTestId('stage-plan').textContent()).toContain('分阶段拨付（建议比例 4:3:3）');

    await page.getByTestId('action-recommend').click();
    expect(await page.getByTestId('recommend-range').textContent()).toContain('低于最高可获须写明理由');
    const amount = page.getByLabel('金额', { exact: true });
    expect(await amount.inputValue()).toBe('1500');
    // 元 is an explicit switch; the echo says what 150 means; far below the request → confirm.
    await choose(page, '金额单位', /^元$/);
    await amount.fill('150');
    await expect.poll(() => page.getByTestId('money-echo').textContent()).toBe('= 0.015万元（¥150.00）');
    await page.getByTestId('do-recommend').click();
    const confirm = page.getByTestId('amount-confirm');
    await expect.poll(() => confirm.textContent()).toContain('远低于申请金额 1,500万元');
    await screenshot(page, 'review-amount-confirm-1280');
    await page.getByRole('button', { name: '返回修改' }).click();
    expect(await stateOf(page)).toBe('under_review');
    expect(await amount.inputValue()).toBe('150');
    // Outside the range: confirmed, then refused by the server, and what was typed is kept.
    await choose(page, '金额单位', /^万元$/);
    await amount.fill('1600');
    await expect
      .poll(() => page.getByTestId('money-echo').textContent())
      .toBe('= 1,600万元（¥16,000,000.00）');
    await page.getByTestId('do-recommend').click();
    await expect.poll(() => confirm.textContent()).toContain('超出系统测算的可核定范围');
    await page.getByRole('button', { name: '确认无误，提交' }).click();
    await expect.poll(() => page.getByTestId('form-recommend').textContent()).toMatch(/范围|区间/);
    expect(await amount.inputValue()).toBe('1600');
    // Below the ceiling (最高可获 1,500万元) the amount rests on a written reason: the server's 422
    // REASON_REQUIRED lands on the reason field, which the form marks as required.
    await amount.fill('1200');
    await page.getByTestId('do-recommend').click();
    await expect.poll(() => page.locator('#f-reason-error').textContent()).toContain('请写明核定理由');
    expect(await page.getByLabel('建议理由').getAttribute('aria-required')).toBe('true');
    expect(await stateOf(page)).toBe('under_review');
    await page
      .getByLabel('建议理由')
      .fill('揭榜额 5000 万元经合同核实，首期投入尚未全部到位，按已核实投入核定 1200 万元。');
    await page.getByTestId('do-recommend').click();
    await expect.poll(() => stateOf(page)).toBe('recommended');
    expect(await page.getByTestId('recommended-reason').textContent()).toContain(
      '按已核实投入核定 1200 万元',
    );
    await screenshot(page, 'review-application-1280');
    await a11y(page, '/review/:id', { en: true });
    await page.close();
  });

  it('the queue flags an application with overlaps to judge, and its page says which and why', async () => {
    const page = await e2e.as('reviewer', '/review?state=under_review');
    // 从优、就高、不重复 left to a person: the queue flags the demo's 产学研 project (000·五), which may
    // be the same project as the organisation's consortium grant (000·三); its page says why.
    const flagged = page.getByTestId('applications').locator('tbody tr', { hasText: '东华大学' });
    await expect.poll(() => flagged.getByTestId('overlap-badge').textContent()).toBe('1 项需判断');
    await flagged.getByRole('link').first().click();
    const checks = page.getByTestId('overlap-checks');
    await expect.poll(() => checks.getByTestId('overlap-check').count()).toBe(1);
    expect(await checks.textContent()).toContain('000·三');
    expect(await checks.textContent()).toContain('已获资助');
    await screenshot(page, 'review-overlap-checks-1280');
    await a11y(page, '/review/:id (overlap checks)');
    await page.close();
  });

  it('an admin sets the special fund budget in 万元', async () => {
    const page = await e2e.as('admin', '/fund');
    const form = page.getByTestId('budget-form');
    await choose(page, '资金（政策文件）', /^000$/, form);
    await form.getByLabel('年度').fill('2026');
    const budget = form.getByLabel('预算金额');
    await budget.fill('abc');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('#f-amount-error').textContent()).toContain('请输入数字');
    expect(await budget.inputValue()).toBe('abc');
    await budget.fill('60000');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('预算已保存').count()).toBe(1);
    await expect.poll(() => page.getByTestId('fund-table').textContent()).toContain('60,000万元');
    await page.close();
  });

  it('an approver sees the amount and the reason, approves, runs the notice and pays the first of three stages', async () => {
    const page = await e2e.as('approver', `/review/${applicationId}`);
    await expect.poll(() => stateOf(page)).toBe('recommended');
    await page.getByTestId('action-approve').click();
    const summary = page.getByTestId('approve-summary');
    expect(await summary.textContent()).toContain('1,200万元（¥12,000,000.00）');
    expect(await summary.textContent()).toContain('最高可获 1,500万元');
    expect(await page.getByTestId('approve-recommend-reason').textContent()).toContain('按已核实投入核定');
    // The recommendation's reason carries the approval: the approver's own is optional.
    expect(await page.getByLabel('理由').getAttribute('aria-required')).not.toBe('true');
    expect(await page.getByTestId('do-approve').textContent()).toContain('1,200万元');
    await page.getByTestId('do-approve').click();
    await expect.poll(() => stateOf(page)).toBe('approved');
    expect(await page.getByTestId('approved-amount').textContent()).toContain('¥12,000,000.00');
    expect(await page.getByTestId('approved-reason').textContent()).toContain('按已核实投入核定 1200 万元');
    await act(page, 'publish_notice');
    await expect.poll(() => stateOf(page)).toBe('in_notice');

    // Eight days later the session has long expired: the page says so and offers to sign in again.
    e2e.server.advanceDays(8);
    await page.reload();
    await expect.poll(() => page.getByTestId('sign-in-again').count()).toBe(1);
    await login(page, e2e.server.users.approver, e2e.server.password);
    await page.goto(`/review/${applicationId}`);
    await expect.poll(() => stateOf(page)).toBe('in_notice');
    await act(page, 'close_notice');
    await expect.poll(() => stateOf(page)).toBe('notice_closed');
    await page.getByTestId('action-schedule_stages').click();
    // Prefilled with the plan the workflow proposes, said to be the platform's default, not the text's.
    expect(await page.getByLabel('各期比例（如 4,3,3）').inputValue()).toBe('4,3,3');
    expect(await page.getByTestId('stage-basis').textContent()).toContain('未规定期数和比例');
    await expect.poll(() => page.getByTestId('stages-preview').textContent()).toContain('480万元');
    await page.getByTestId('do-schedule_stages').click();
    await expect.poll(() => stateOf(page)).toBe('scheduled');
    const stages = page.getByTestId('stages').locator('tbody tr');
    expect(await stages.allTextContents()).toEqual([
      expect.stringContaining('¥4,800,000.00'),
      expect.stringContaining('¥3,600,000.00'),
      expect.stringContaining('¥3,600,000.00'),
    ]);
    await page.getByTestId('pay-stage').click();
    await page.getByRole('button', { name: '拨付', exact: true }).click();
    await expect.poll(() => stateOf(page)).toBe('paying');
    await expect.poll(() => stages.first().getAttribute('data-paid')).toBe('true');
    expect(await page.getByTestId('timeline').textContent()).toContain('批准');
    await screenshot(page, 'application-paying-1280');
    await page.close();
  });

  it('the enterprise follows its payment; the ledger and a trail of names agree', async () => {
    const enterprise = await e2e.as('enterprise', `/applications/${applicationId}`);
    await expect.poll(() => stateOf(enterprise)).toBe('paying');
    expect(await enterprise.getByTestId('pay-stage').count()).toBe(0);
    await enterprise.setViewportSize(PHONE);
    await expect.poll(() => enterprise.locator('[data-testid=stages] li[data-paid=true]').count()).toBe(1);
    await screenshot(enterprise, 'application-paying-390');
    await enterprise.close();

    const auditor = await e2e.as('auditor', '/fund?fund=000&year=2026');
    const ledger = (await auditor.evaluate(() =>
      fetch('/api/ledger?fund=000&year=2026').then((r) => r.json()),
    )) as {
      funds: { committed: number; paid: number; returned: number; net: number }[];
    };
    const fund = ledger.funds[0]!;
    expect(fund.paid).toBeGreaterThanOrEqual(480_000_000);
    const table = auditor.getByTestId('fund-table');
    await expect.poll(() => table.locator(`[data-fen="${fund.committed}"]`).count()).toBe(1);
    // Paid, and the net spend beside it (paid − returned: nothing was returned here).
    expect(fund).toMatchObject({ returned: 0, net: fund.paid });
    expect(await table.locator(`[data-fen="${fund.paid}"]`).count()).toBe(2);
    await expect.poll(() => auditor.getByTestId('chart-fund').locator('svg').count()).toBe(1);
    await screenshot(auditor, 'fund-1280');
    await a11y(auditor, '/fund', { en: true });
    await auditor.goto('/audit');
    await auditor.getByTestId('verify-chain').click();
    await expect.poll(() => auditor.getByTestId('chain-status').getAttribute('data-ok')).toBe('true');
    // People, not codes: actions in words, accounts by name.
    const trail = auditor.getByTestId('audit-table');
    await expect
      .poll(() => trail.locator('tr[data-action="application.approve"]').first().textContent())
      .toContain('申报：批准');
    expect(await trail.textContent()).not.toContain('auth.login');
    expect(await trail.textContent()).toContain('登录');
    await screenshot(auditor, 'audit-1280');
    await a11y(auditor, '/audit', { en: true });
    await auditor.setViewportSize(PHONE);
    await screenshot(auditor, 'audit-390');
    expect(formatYuan(fund.paid)).toMatch(/^¥/);
    await auditor.close();
  });
});
