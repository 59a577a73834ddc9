/**
 * 梯度培育 in a real browser, through the real API and database (demo ledger of 300 generated firms,
 * clock at 2026-09-01, 001 simulated as adopted from 2026-07-01): an officer imports a ledger file —
 * a wrong one first, its problems named by row and column, nothing imported — in which the demo
 * enterprise 嘉松智能驱动 becomes a 瞪羚企业 for the first time; the import raises the 001·十 notice; the
 * officer reads the firm's file (the event marked first time), the ladder funnel and its Sankey with
 * their tables, the 高企培育库's candidates with the distance per criterion, and the expiring list
 * filtered by service officer. The firm signs in, sees its notice (200万元, the clause quoted,
 * "政策模拟施行"), confirms it, and finds the application in 我的申报; its file and its self-check's
 * 晋级路径. A firm that reached 独角兽 before the window sees "not payable", nothing to confirm. An
 * approver's 本地标准设定. axe at 1280 and 390 px on every page, in Chinese and in English.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  a11y,
  browserSuite,
  choose,
  fillDate,
  newPage,
  screenshot,
  signInByApi,
  skipReason,
} from './harness.ts';

/** The demo enterprise qiye's firm (src/service/demo/registry.ts: the first demo organisation). */
const FIRM = { uscc: '91310117MA0000001U', name: '嘉松智能驱动科技（上海）有限公司' };

function ledgerFile(bad: boolean): string {
  return [
    '统一社会信用代码,企业名称,资质类型,级别,认定日期,发证机关',
    `${FIRM.uscc},${FIRM.name},瞪羚企业,区级,2026-08-20,松江区科学技术委员会`,
    bad
      ? '91310117MA0000001U,嘉松智能驱动科技（上海）有限公司,金牌企业,区级,2026-08-20,松江区科学技术委员会'
      : null,
    bad ? '91310117MA0000002X,,瞪羚企业,区级,2026-13-01,' : null,
  ]
    .filter((x) => x !== null)
    .join('\n');
}

/**
 * axe in Chinese and English at both widths, with the pointer at rest in the page's corner: a link left
 * under the pointer after a click (where the phone layout moves it) would be judged in its hover colour.
 */
async function check(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await a11y(page, name, { en: true });
}

describe.skipIf(skipReason !== null)('tiers and qualifications in Chromium', () => {
  const e2e = browserSuite();

  it('an officer imports a ledger file, a firm becomes a gazelle for the first time and confirms its 001·十 notice', async () => {
    const page = await e2e.as('reviewer', '/review');

    // 台账导入: a wrong file first — each problem named by its row and column; nothing imported.
    await page.getByRole('link', { name: '台账导入', exact: true }).click();
    await page.getByTestId('template-xlsx').waitFor();
    await check(page, '/qualifications/import');
    const upload = (csv: string) =>
      page
        .locator('input[type=file]')
        .setInputFiles({ name: '2026年8月瞪羚认定.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload(ledgerFile(true));
    const issues = page.getByTestId('import-issues');
    await issues.waitFor();
    const rows = await issues.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => /^3\s*kind/.test(r))).toBe(true);
    expect(rows.some((r) => /^4\s*(uscc|granted_on)/.test(r))).toBe(true);
    expect(await page.getByTestId('import-failed').textContent()).toMatch(/未导入|没有导入|nothing/i);

    // The right file: the firm's first 瞪羚 listing, and the 001·十 notice it raises.
    await upload(ledgerFile(false));
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.getByRole('status').textContent()).toMatch(/共 1 行.*新增 1/);
    const rewards = page.getByTestId('import-rewards');
    expect(await rewards.textContent()).toContain('001·十·瞪羚');
    expect(await rewards.textContent()).toContain('已通知企业');
    expect(await rewards.textContent()).toContain('200万元');
    await screenshot(page, 'qualifications-import-1280');

    // The firm's file: the event marked first time, with its source (the file).
    await rewards.getByRole('link', { name: '企业资质档案' }).click();
    await page.getByTestId('records').waitFor();
    expect(await page.locator('h1').textContent()).toBe('企业资质档案');
    expect(await page.getByTestId('held').textContent()).toContain('瞪羚企业');
    const first = page.locator('[data-event=granted]', { hasText: '瞪羚企业' });
    expect(await first.textContent()).toContain('首次');
    expect(await first.textContent()).toContain('文件导入');
    expect(await page.getByTestId('ladder-growth').textContent()).toContain('高成长企业梯度：瞪羚企业');
    await check(page, '/qualifications/organisations/:id');
    await screenshot(page, 'qualifications-profile-1280');

    // 梯度漏斗: bars per year end and the Sankey of moves, each with its figures in a table.
    await page.getByRole('link', { name: '梯度漏斗', exact: true }).click();
    await page.getByTestId('chart-funnel').locator('svg').waitFor();
    await page.getByTestId('chart-sankey').locator('svg').waitFor();
    const funnelRows = await page.getByTestId('funnel-table').locator('tbody tr').allTextContents();
    expect(funnelRows.length).toBeGreaterThanOrEqual(5);
    expect(funnelRows.at(-1)).toContain('2026-09-01');
    const moves = page.getByTestId('moves-table').locator('tbody tr');
    expect(await moves.count()).toBe(funnelRows.length - 1);
    expect(await page.getByTestId('chart-sankey').getAttribute('aria-label')).toMatch(/晋级 \d+/);
    await check(page, '/qualifications/ladder');
    await screenshot(page, 'qualifications-ladder-1280');
    // Another ladder, from the URL's filter.
    await choose(page, '梯度', '科技企业梯度');
    await expect
      .poll(() => page.getByTestId('funnel-table').locator('thead').textContent())
      .toContain('高新技术企业');

    // 培育库: the 高企培育库's candidates with the distance to 高企 per criterion.
    await page.getByRole('link', { name: '培育库', exact: true }).click();
    await page.getByTestId('pools').waitFor();
    await check(page, '/qualifications/pools');
    await page.getByRole('link', { name: '高企培育库（演示）' }).click();
    const candidates = page.getByTestId('candidates');
    await candidates.waitFor();
    // Closest first: those meeting every comparable criterion, then those short on R&D ("7.3%，不低于 4%" / "2.1%，需 ≥ 3%").
    expect(
      await candidates.locator('li[data-status=met]', { hasText: '研究开发费用' }).first().textContent(),
    ).toMatch(/研究开发费用.*\d+(\.\d+)?%，不低于 \d+%/);
    expect(
      await candidates.locator('li[data-status=unmet]', { hasText: '研究开发费用' }).first().textContent(),
    ).toMatch(/研究开发费用.*\d+(\.\d+)?%，需 ≥ \d+%/);
    expect(await page.getByRole('status').first().textContent()).toMatch(/共 \d+ 家候选企业/);
    await check(page, '/qualifications/pools/:id');
    // Members, with their service officer; a service recorded to one of them.
    await page.getByRole('tab', { name: '在库企业' }).click();
    const members = page.getByTestId('members');
    await members.waitFor();
    expect(await members.locator('tbody tr').first().textContent()).toContain('区科委审核人');
    await members.locator('tbody tr').first().getByRole('button', { name: '记录服务' }).click();
    const service = page.getByTestId('service-form');
    await service.getByLabel('服务内容').fill('走访了解研发费用归集情况');
    await page.getByTestId('service-save').click();
    await page.getByTestId('saved').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '服务记录' }).click();
    await expect.poll(() => page.getByTestId('services').textContent()).toContain('走访了解研发费用归集情况');

    // The pool editor (a new pool, not saved: the page and its rule fields).
    await page.goto('/qualifications/pools/new');
    await page.getByTestId('pool-form').waitFor();
    await check(page, '/qualifications/pools/new');

    // 即将到期: 90 and 180 days, filtered by the service officer.
    await page.getByRole('link', { name: '即将到期', exact: true }).click();
    const expiring = page.getByTestId('expiring');
    await expiring.waitFor();
    expect(await page.getByRole('status').first().textContent()).toMatch(/^90 天内到期：共 \d+ 项$/);
    await page.getByRole('tab', { name: '180 天内' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^180 天内到期/);
    const all180 = Number(
      /共 (\d+) 项/.exec((await page.getByRole('status').first().textContent()) ?? '')?.[1],
    );
    await choose(page, '服务专员', '区科委审核人');
    await expect
      .poll(async () =>
        Number(/共 (\d+) 项/.exec((await page.getByRole('status').first().textContent()) ?? '')?.[1]),
      )
      .toBeLessThan(all180);
    for (const row of await expiring.locator('tbody tr').allTextContents())
      expect(row).toContain('区科委审核人');
    expect(page.url()).toContain('within=180');
    await check(page, '/qualifications/expiring');

    // 资质台账: stock cards and holders as of a date; the list exports.
    await page.getByRole('link', { name: '资质台账', exact: true }).click();
    await page.getByTestId('holders').waitFor();
    expect(
      Number(
        await page
          .getByTestId('stock-high_tech')
          .textContent()
          .then((x) => x?.replace(/\D/g, '')),
      ),
    ).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/holders-high_tech\.xlsx$/);
    await check(page, '/qualifications');
    await screenshot(page, 'qualifications-ledger-1280');

    // The firm: its notice (200万元, the clause, simulated adoption), confirmed into an application.
    const firm = await e2e.as('enterprise', '/check');
    await firm.getByRole('link', { name: '首次达标奖励', exact: true }).click();
    const notice = firm.getByTestId('reward-001·十·瞪羚');
    await notice.waitFor();
    expect(await notice.getAttribute('data-status')).toBe('new');
    expect(await notice.getByTestId('reward-amount').textContent()).toBe('200万元');
    expect(await notice.getByTestId('reward-clause').textContent()).toContain('200 万元的一次性奖励');
    expect(await notice.textContent()).toContain('政策模拟施行');
    await check(firm, '/qualifications/rewards');
    await notice.getByTestId('reward-confirm').click();
    await firm.locator('.ant-popconfirm').getByRole('button', { name: '确认领取' }).click();
    await notice.getByTestId('reward-application').waitFor();
    await expect.poll(() => notice.getAttribute('data-status')).toBe('confirmed');
    expect(await notice.getByTestId('reward-confirm').count()).toBe(0);
    await screenshot(firm, 'qualifications-reward-1280');
    await notice.getByRole('link', { name: '查看申请' }).click();
    await firm.waitForURL(/\/applications\/[0-9a-f-]+$/);
    await firm.getByRole('link', { name: '我的申报', exact: true }).click();
    await expect.poll(() => firm.locator('main').textContent()).toContain('001·十·瞪羚');

    // Its own file and the 晋级路径 of its self-check.
    await firm.getByRole('link', { name: '我的资质', exact: true }).click();
    await firm.getByTestId('records').waitFor();
    expect(await firm.getByTestId('held').textContent()).toContain('瞪羚企业');
    expect(await firm.getByTestId('profile-rewards').textContent()).toContain('已确认');
    await check(firm, '/qualifications/mine');
    await firm.getByRole('link', { name: '政策体检', exact: true }).click();
    const path = firm.getByTestId('tier-path');
    await path.getByTestId('path-innovation').waitFor();
    expect(await path.getByTestId('path-growth').textContent()).toContain('瞪羚企业 → 潜力独角兽企业');
    expect(await path.textContent()).toContain('标准待区科委设定');
    await check(firm, '/check (tier path)');

    // A firm that first reached 独角兽 before 001's window: explained, not paid, nothing to confirm.
    const other = await newPage(e2e.browser, e2e.server.baseURL);
    await signInByApi(other.page, e2e.server, 'chuti', '/qualifications/rewards');
    const explained = other.page.getByTestId('reward-001·十·独角兽');
    await explained.waitFor();
    expect(await explained.getAttribute('data-status')).toBe('explained');
    expect(await explained.getByTestId('reward-amount').textContent()).toBe('不予奖励');
    await explained.getByTestId('reward-explained').waitFor();
    expect(await explained.getByTestId('reward-confirm').count()).toBe(0);
    expect(other.errors).toEqual([]);
    await other.context.close();
  }, 240_000);

  it("an officer's forms: record, downgrade, revoke and withdraw on a firm's file; a new pool; a member updated and served", async () => {
    const page = await e2e.as('reviewer', '/review');
    /** A modal opened by `open`: axe on the page with it open, then the form inside it. */
    const modal = async (open: () => Promise<void>, form: string, name: string) => {
      await open();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId(form).waitFor();
      await page.mouse.move(1, 1);
      await a11y(page, name);
      return dialog;
    };
    // By its close button (an Escape can go to a select's list still open in the form instead).
    const close = async () => {
      await page.getByRole('dialog').locator('.ant-modal-close').click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    };

    // A candidate of the 高企培育库 (holds 科技型中小企业, not yet 高企): its file, from the candidates list.
    await page.goto('/qualifications/pools');
    await page.getByRole('link', { name: '高企培育库（演示）' }).click();
    const candidates = page.getByTestId('candidates');
    await candidates.waitFor();
    const firmLink = candidates.locator('tbody tr').first().getByRole('link').first();
    const firmName = (await firmLink.textContent())!.trim();
    await firmLink.click();
    const records = page.getByTestId('records');
    await records.waitFor();
    expect(await page.getByTestId('held').textContent()).toContain('科技型中小企业');

    // 登记认定: the empty form names its required fields and sends nothing; then a national 专精特新.
    let dialog = await modal(() => page.getByTestId('record-open').click(), 'record-form', 'record modal');
    await page.getByTestId('record-submit').click();
    await expect.poll(() => dialog.locator('.field-error').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('record-saved').count()).toBe(0);
    await choose(page, '资质类型', '专精特新企业', dialog);
    await choose(page, '级别', '国家级', dialog);
    await dialog.getByLabel('证书编号').fill('ZJTX-2026-0815');
    await fillDate(page, '认定日期', '2026-08-15');
    await fillDate(page, '有效期至', '2029-08-14');
    await page.getByTestId('record-submit').click();
    await expect
      .poll(() => page.getByTestId('record-saved').textContent())
      .toMatch(/已保存。.*写入 1 条台账事件/);
    await close();
    const row = (text: string) => records.locator('tbody tr', { hasText: text });
    await expect.poll(() => row('ZJTX-2026-0815').textContent()).toContain('有效');
    expect(await row('ZJTX-2026-0815').textContent()).toContain('2026-08-15');
    // The level's own name, not the level twice ("国家级…企业 · 国家级").
    await expect.poll(() => page.getByTestId('held').textContent()).toContain('国家级专精特新“小巨人”企业');
    expect(await page.getByTestId('held').textContent()).not.toMatch(/小巨人”企业 · 国家级/);

    // 降级: national to municipal from today; the held tag and the timeline say so.
    dialog = await modal(
      () => row('ZJTX-2026-0815').getByRole('button', { name: '降级' }).click(),
      'downgrade-form',
      'downgrade modal',
    );
    expect(await dialog.textContent()).toContain('降级 · 国家级专精特新');
    await choose(page, '级别', '市级', dialog);
    await dialog.getByLabel('原因').fill('复核后调整为市级');
    await page.getByTestId('downgrade-submit').click();
    await page.getByTestId('downgrade-saved').waitFor();
    await close();
    await expect.poll(() => row('ZJTX-2026-0815').textContent()).toContain('已降级');
    await expect.poll(() => page.getByTestId('held').textContent()).toContain('市级专精特新中小企业');
    expect(await page.getByTestId('held').textContent()).not.toContain('国家级专精特新');
    expect(await page.locator('[data-event=downgraded]').count()).toBeGreaterThan(0);

    // 撤销资格: the 科技型中小企业 listing, from today — no longer held, the event in the timeline.
    const listing = records
      .locator('tbody tr', { hasText: '科技型中小企业' })
      .filter({ hasText: '有效' })
      .first();
    dialog = await modal(
      () => listing.getByRole('button', { name: '撤销资格' }).click(),
      'revoke-form',
      'revoke modal',
    );
    // The reason is required: named under its field, nothing saved.
    await page.getByTestId('revoke-submit').click();
    await expect.poll(() => dialog.locator('.field-error').count()).toBe(1);
    await dialog.getByLabel('原因').fill('年度评价未通过');
    await page.getByTestId('revoke-submit').click();
    await page.getByTestId('revoke-saved').waitFor();
    await close();
    await expect.poll(() => page.locator('[data-kind=tech_sme]').count()).toBe(0);
    expect(await records.locator('tbody tr', { hasText: '已撤销' }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-event=revoked]', { hasText: '科技型中小企业' }).count()).toBe(1);

    // 撤回登记: the municipal record the downgrade wrote (an entry error) — gone from the file.
    const municipal = records.locator('tbody tr', { hasText: '市级' }).filter({ hasText: '有效' });
    const before = await records.locator('tbody tr').count();
    dialog = await modal(
      () => municipal.getByRole('button', { name: '撤回登记' }).click(),
      'withdraw-form',
      'withdraw modal',
    );
    await dialog.getByLabel('原因').fill('录入错误');
    await page.getByTestId('withdraw-submit').click();
    await page.getByTestId('withdraw-saved').waitFor();
    await close();
    await expect.poll(() => records.locator('tbody tr').count()).toBe(before - 1);
    // Held on the day: no 专精特新 any more (nothing at all, here: the listing was revoked above).
    await expect.poll(() => page.locator('[data-kind=specialised_sme]').count()).toBe(0);
    await screenshot(page, 'qualifications-officer-forms-1280');

    // 新建培育库: a 小巨人 pool with a figure condition, saved; its page says the rule in words.
    await page.goto('/qualifications/pools/new');
    const poolForm = page.getByTestId('pool-form');
    await poolForm.waitFor();
    await poolForm.getByLabel('名称', { exact: true }).fill('小巨人培育库（测试）');
    await choose(page, '目标资质', '科技小巨人');
    // A multiple choice stays open after a pick: the option, then Escape.
    const holdsAny = poolForm.getByLabel('持有以下任一资质');
    await holdsAny.click();
    await page
      .locator(`.ant-select-dropdown:has([id="${await holdsAny.getAttribute('aria-controls')}"])`)
      .locator('.ant-select-item-option', { hasText: '专精特新企业' })
      .click();
    await holdsAny.press('Escape');
    await page.getByTestId('add-metric').click();
    await choose(page, '指标', '上年度营业收入');
    await poolForm.getByLabel(/^数值/).fill('1000');
    await page.getByTestId('pool-save').click();
    await page.waitForURL(/\/qualifications\/pools\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('h1').textContent()).toContain('小巨人培育库（测试）');
    expect(await page.locator('main').textContent()).toMatch(/上年度营业收入 ≥ 1,?000(\.00)?万元/);
    await page.getByTestId('candidates').or(page.getByRole('status')).first().waitFor();

    // A member of the demo 高企培育库: officer, status and outcome updated; a service recorded.
    await page.goto('/qualifications/pools');
    await page.getByRole('link', { name: '高企培育库（演示）' }).click();
    await page.getByRole('tab', { name: '在库企业' }).click();
    const members = page.getByTestId('members');
    await members.waitFor();
    const member = members.locator('tbody tr').first();
    const memberName = (await member.getByRole('link').first().textContent())!.trim();
    dialog = await modal(
      () => member.getByRole('button', { name: '更新' }).click(),
      'member-form',
      'member modal',
    );
    await choose(page, '状态', '已毕业', dialog);
    await dialog.getByLabel('成效').fill('2026年获认定高新技术企业');
    await page.getByTestId('member-save').click();
    await page.getByTestId('saved').waitFor();
    await close();
    const updated = members.locator('tbody tr', { hasText: memberName });
    await expect.poll(() => updated.textContent()).toContain('已毕业');
    expect(await updated.textContent()).toContain('2026年获认定高新技术企业');
    const services = Number(/^(\d+)/.exec((await updated.locator('td').nth(3).textContent()) ?? '')?.[1]);
    dialog = await modal(
      () => updated.getByRole('button', { name: '记录服务' }).click(),
      'service-form',
      'service modal',
    );
    await dialog.getByLabel('服务内容').fill('高企申报政策培训');
    await page.getByTestId('service-save').click();
    await page.getByTestId('saved').waitFor();
    await close();
    await expect
      .poll(() => updated.locator('td').nth(3).textContent())
      .toMatch(new RegExp(`^${services + 1}（`));
    await page.getByRole('tab', { name: '服务记录' }).click();
    const served = page.getByTestId('services').locator('tbody tr', { hasText: '高企申报政策培训' });
    await expect.poll(() => served.textContent()).toContain('走访');
    // The firm's name comes with the members list, which may arrive after the services.
    await expect.poll(() => served.textContent()).toContain(memberName);
    expect(firmName.length).toBeGreaterThan(0);

    // 存量预测: 高企 year by year to 2030, each year's figures adding up (to rounding), the assumptions shown.
    await page.getByRole('link', { name: '存量预测', exact: true }).click();
    const forecast = page.getByTestId('forecast-table');
    await forecast.waitFor();
    await page.getByTestId('chart-forecast').locator('svg').waitFor();
    expect(await page.getByTestId('forecast-now').textContent()).toMatch(/截至 2026-09-01 有效 \d+ 家/);
    const years = await forecast.locator('tbody tr').allTextContents();
    expect(years[0]).toMatch(/^2026/);
    expect(years.at(-1)).toMatch(/^2030/);
    for (const [i] of years.entries()) {
      const cells = await forecast.locator('tbody tr').nth(i).locator('td').allTextContents();
      const [start, added, expiring, renewals, end] = cells
        .slice(1)
        .map((c) => Number(c.replace(/[^\d]/g, '')));
      // Each figure is rounded on its own (expected values are fractions): within rounding of the sum.
      expect(Math.abs(start! + added! - expiring! + renewals! - end!)).toBeLessThanOrEqual(2);
    }
    const assumptions = await page.getByTestId('forecast-assumptions').textContent();
    expect(assumptions).toContain('每年新增');
    expect(assumptions).toContain('到期续期率');
    expect(assumptions).toMatch(/有效期3 年/);
    expect(await page.locator('main').textContent()).toContain('各项分别取整');
    await check(page, '/qualifications/forecast');
    await screenshot(page, 'qualifications-forecast-1280');

    // The plan's 有效期内高企 target shows the ledger's cohort forecast beside its trend (one page load).
    await page.goto('/plan/targets/high-tech-enterprises');
    const cohort = page.getByTestId('plan-cohort');
    await cohort.waitFor();
    expect(await cohort.textContent()).toMatch(
      /按资质台账，现有效 [\d,]+ 家，至 2030 年末预计 [\d,]+ 家（目标 3,000 家）/,
    );
    const planYears = await page.getByTestId('plan-cohort-years').locator('tbody tr').allTextContents();
    expect(planYears.at(-1)).toMatch(/^2030/);
    await check(page, '/plan/targets/:id (cohort forecast)');
  }, 240_000);

  it('an approver sets a local threshold with its source; the criterion no longer says 待设定', async () => {
    const page = await e2e.as('approver', '/review');
    await page.getByRole('link', { name: '本地标准设定', exact: true }).click();
    const table = page.getByTestId('parameters');
    await table.waitFor();
    await check(page, '/qualifications/parameters');
    const row = table.locator('[data-key="gazelle/revenue_growth"]');
    expect(await row.textContent()).toContain('待区科委设定');
    await row.getByRole('button', { name: '设定' }).click();
    const form = page.getByTestId('parameter-form');
    await form.getByLabel(/标准/).fill('20');
    await page.getByTestId('parameter-save').click();
    // The source is required: named under its field, nothing saved.
    await expect.poll(() => form.locator('.field-error').count()).toBe(1);
    await form.getByLabel('依据', { exact: true }).fill('（演示）松江区瞪羚企业认定办法');
    await page.getByTestId('parameter-save').click();
    await page.getByTestId('parameter-saved').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => row.textContent()).toContain('（演示）松江区瞪羚企业认定办法');
    expect(await row.textContent()).toContain('≥ 20%');
    expect(await page.getByTestId('sourced').textContent()).toContain('国科发火〔2016〕32号');
  });
});
