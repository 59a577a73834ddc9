/**
 * 十五五 plan monitoring in a real browser, through the real API and database (demo observations,
 * clock at 2026-09-01): the dashboard's cards grouped by the plan's sections, demo values labelled;
 * an officer imports a year of values — a wrong file first, its problems named by row and column,
 * nothing imported — and the 技术合同成交额 card turns from on track (正常) to at risk (存在风险);
 * the drill-down shows the chart, the imported value with its source and internal comment; the
 * officer corrects a value, records a quarter and withdraws it, with reasons; the report prints and exports; the public
 * view shows the same target without the internal comment. axe at 1280 and 390 px on every page, in
 * Chinese and in English.
 */
import { describe, expect, it } from 'vitest';
import { a11y, atRest, browserSuite, LAPTOP, newPage, PHONE, screenshot, skipReason } from './harness.ts';

const COMMENT = '内部备注：口径待统计局复核';

/** A year (2025) of values in the template's columns; `bad` puts two mistakes in it. */
function yearFile(bad: boolean): string {
  return [
    '指标编号 target,期间 period,数值 value,来源 source,备注 comment',
    'rd-intensity,2025,5.3,2025年松江区统计公报,',
    `tech-contract-turnover,2025,${bad ? '九十九' : '99'},2025年松江区统计公报,${COMMENT}`,
    `digital-core-growth,2025,4.4,${bad ? '' : '2025年松江区统计公报'},`,
    'high-value-patents,2025,40.6,2025年松江区统计公报,',
  ].join('\n');
}

describe.skipIf(skipReason !== null)('plan monitoring in Chromium', () => {
  const e2e = browserSuite();

  it('an officer imports a year of values and a card turns from on track to at risk; the public view shows no internal comment', async () => {
    const page = await e2e.as('reviewer', '/review');
    await page.getByRole('link', { name: '监测看板', exact: true }).click();
    const card = page.getByTestId('card-tech-contract-turnover');
    await card.waitFor();
    // Every target of 003, grouped as the plan groups them, demo values labelled as demo.
    expect(await page.locator('.plan-card').count()).toBe(16);
    expect(await page.locator('h2.plan-section-title').allTextContents()).toContain(
      '二（二）科技创新强化源动力',
    );
    expect(await card.getAttribute('data-signal')).toBe('green');
    expect(await page.getByTestId('status-tech-contract-turnover').textContent()).toContain('正常');
    expect(await card.textContent()).toContain('演示数据');
    await expect.poll(() => card.locator('svg').count()).toBe(1);
    await a11y(page, '/plan');
    await screenshot(page, 'plan-dashboard-1280');

    await page.getByRole('button', { name: '导入监测数据' }).click();
    await page.getByTestId('template-xlsx').waitFor();
    await a11y(page, '/plan/import');
    const upload = (csv: string) =>
      page
        .locator('input[type=file]')
        .setInputFiles({ name: '2025年数据.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

    // A wrong file: each problem names its row and column; nothing is imported.
    await upload(yearFile(true));
    const issues = page.getByTestId('import-issues');
    await issues.waitFor();
    const rows = await issues.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^3\s*value.*九十九/);
    expect(rows[1]).toMatch(/^4\s*source/);
    expect(await page.getByTestId('import-failed').textContent()).toContain('未导入任何数据');
    await page.getByRole('link', { name: '监测看板', exact: true }).click();
    await card.waitFor();
    expect(await card.getAttribute('data-signal')).toBe('green');

    // The corrected file: 2025 revised; the card now says at risk.
    await page.getByRole('button', { name: '导入监测数据' }).click();
    await upload(yearFile(false));
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.getByRole('status').textContent()).toMatch(/共 4 行/);
    const progress = await page.getByTestId('import-progress').textContent();
    expect(progress).toContain('tech-contract-turnover');
    expect(progress).toContain('存在风险');
    await page.getByRole('link', { name: '监测看板', exact: true }).click();
    await card.waitFor();
    expect(await card.getAttribute('data-signal')).toBe('red');
    expect(await page.getByTestId('status-tech-contract-turnover').textContent()).toContain('存在风险');
    expect(await page.getByTestId('value-tech-contract-turnover').textContent()).toBe('99 亿元');

    // The drill-down: chart, the imported value with source and the internal comment, its history.
    await card.getByRole('link').click();
    await page.getByTestId('plan-chart').locator('svg').waitFor();
    const observations = page.getByTestId('plan-observations');
    const row2025 = observations.locator('tbody tr', { hasText: '2025' });
    expect(await row2025.textContent()).toContain(COMMENT);
    expect(await row2025.textContent()).toContain('文件导入');
    await a11y(page, '/plan/targets/:id');
    await screenshot(page, 'plan-target-1280');
    await row2025.getByRole('button', { name: '修订记录' }).click();
    await expect.poll(() => page.getByTestId('plan-history').locator('tbody tr').count()).toBe(2);
    await page.keyboard.press('Escape');

    // Correct 2024 with a reason (none given first: named under its field).
    const row2024 = observations.locator('tbody tr', { hasText: '2024' });
    await row2024.getByRole('button', { name: '更正' }).click();
    const revise = page.getByTestId('revise-form');
    await revise.getByLabel('数值（亿元）').fill('97');
    await page.getByTestId('revise-submit').click();
    expect(await revise.locator('.field-error').textContent()).toBe('必填');
    await revise.getByLabel('更正原因').fill('统计口径调整');
    await page.getByTestId('revise-submit').click();
    await page.getByTestId('revise-saved').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => row2024.textContent()).toContain('97 亿元');

    // Record a quarter (one not yet ended first: the server's reason under the period), then withdraw it.
    const record = page.getByTestId('record-form');
    await record.getByLabel('期间').fill('2026-Q4');
    await record.getByLabel('数值（亿元）').fill('100');
    await record.getByLabel('来源', { exact: true }).fill('区科委季度报表');
    await page.getByTestId('record-submit').click();
    await expect.poll(() => record.locator('.field-error').count()).toBe(1);
    expect(await record.locator('.field-error').textContent()).toMatch(/结束/);
    await record.getByLabel('期间').fill('2026-Q2');
    await page.getByTestId('record-submit').click();
    await page.getByTestId('record-saved').waitFor();
    const rowQ2 = observations.locator('tbody tr', { hasText: '2026-Q2' });
    await rowQ2.waitFor();
    await rowQ2.getByRole('button', { name: '撤回' }).click();
    await page.getByTestId('withdraw-form').getByLabel('撤回原因').fill('重复录入');
    await page.getByTestId('withdraw-submit').click();
    await page.getByTestId('withdraw-saved').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => observations.locator('tbody tr', { hasText: '2026-Q2' }).count()).toBe(0);

    // The report: every target, printable, exported as .xlsx.
    await page.goto('/plan/report');
    await page.getByTestId('report-targets').first().waitFor();
    expect(await page.locator('[data-testid=report-targets] tbody tr').count()).toBe(16);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('report-print').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await a11y(page, '/plan/report');

    // Anyone: the same target, at risk, its values and sources — never the internal comment.
    const visitor = await newPage(e2e.browser, e2e.server.baseURL);
    const pub = visitor.page;
    await pub.goto('/plan/public');
    const publicCard = pub.getByTestId('card-tech-contract-turnover');
    await publicCard.waitFor();
    expect(await publicCard.getAttribute('data-signal')).toBe('red');
    expect(await pub.locator('.plan-card').count()).toBe(16);
    expect(await pub.content()).not.toContain('已承诺');
    await a11y(pub, '/plan/public');
    await pub.setViewportSize(PHONE);
    await screenshot(pub, 'plan-public-390');
    await pub.setViewportSize(LAPTOP);
    await publicCard.getByRole('link').click();
    await pub.getByTestId('public-observations').locator('tbody tr').first().waitFor();
    const text = (await pub.locator('main, body').first().textContent()) ?? '';
    expect(text).toContain('2025年松江区统计公报');
    expect(text).not.toContain(COMMENT);
    expect(await pub.content()).not.toContain(COMMENT);
    await a11y(pub, '/plan/public/:id');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  }, 180_000);

  it('every plan page passes axe in English too', async () => {
    // Switched once per browser context: the language is remembered (localStorage).
    const english = async (p: typeof page) => {
      await p.getByTestId('lang-switch').click();
      await expect.poll(() => p.locator('html').getAttribute('lang')).toBe('en');
      // The pointer leaves the switch and its focus goes, so axe sees the header at rest, not mid-transition.
      await p.mouse.move(640, 700);
      await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await atRest(p);
    };
    const page = await e2e.as('reviewer', '/plan');
    await page.getByTestId('card-rd-intensity').waitFor();
    await english(page);
    await a11y(page, '/plan (en)');
    await page.goto('/plan/targets/rd-intensity');
    await page.getByTestId('plan-chart').locator('svg').waitFor();
    await page.getByTestId('plan-observations').waitFor();
    await a11y(page, '/plan/targets/:id (en)');
    await page.goto('/plan/import');
    await page.getByTestId('template-xlsx').waitFor();
    await a11y(page, '/plan/import (en)');
    await page.goto('/plan/report');
    await page.getByTestId('report-targets').first().waitFor();
    await a11y(page, '/plan/report (en)');

    const visitor = await newPage(e2e.browser, e2e.server.baseURL);
    const pub = visitor.page;
    await pub.goto('/plan/public');
    await pub.getByTestId('card-rd-intensity').waitFor();
    await english(pub);
    await a11y(pub, '/plan/public (en)');
    await pub.goto('/plan/public/rd-intensity');
    await pub.getByTestId('public-observations').locator('tbody tr').first().waitFor();
    await a11y(pub, '/plan/public/:id (en)');
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });

  it('an administrator sets the width of a 左右 band and the target is judged by it', async () => {
    const page = await e2e.as('admin', '/plan/targets/sei-output-share');
    const status = page.getByTestId('detail-status');
    await status.waitFor();
    // The text gives no width: not judged until the department sets one (demo on 2026-09-01: 49.8% in 2026-Q2
    // against 50%左右, 0.2 below the centre).
    expect(await status.getAttribute('data-signal')).toBe('grey');
    const settings = page.getByTestId('settings-form');
    await settings.getByLabel('区间半宽（%）').fill('3');
    await page.getByTestId('settings-submit').click();
    await page.getByTestId('settings-saved').waitFor();
    await expect.poll(() => status.getAttribute('data-signal')).toBe('green');
    await settings.getByLabel('区间半宽（%）').fill('0.1');
    await page.getByTestId('settings-submit').click();
    await expect.poll(() => status.getAttribute('data-signal')).toBe('red');
    expect(await status.textContent()).toContain('偏离区间');
  });
});
