/**
 * The officers' side of 免申即享 and 政策模拟 in a real browser: an admin starts a screening run,
 * watches it complete, reads the counts per measure and the results, and exports them; simulates
 * adopting draft 001 (and a bad figure first); the enterprise confirms a notice from its inbox.
 *
 */

import { describe, expect, it } from 'vitest';
import { browserSuite, PHONE, screenshot, skipReason } from './harness.ts';

describe.skipIf(skipReason !== null)('screening, simulation and the inbox in Chromium', () => {
  const e2e = browserSuite();

  it('an officer runs a screening, watches it complete, reads and exports the results', async () => {
    const page = await e2e.as('admin');
    await page.getByRole('link', { name: '免申即享' }).click();
    await page.getByLabel('筛查日期').fill('2026-09-01');
    await page.getByTestId('start-run').click();
    const run = page.getByTestId('run');
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    expect(await run.locator('progress').getAttribute('value')).toBe('100');
    await expect.poll(() => page.getByTestId('counts').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-counts').locator('svg').count()).toBe(1);
    await expect.poll(() => page.getByTestId('results').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('results-page').textContent()).toMatch(/第 1–\d+ 条，共 \d+ 条/);

    // Filter by a measure: every row is that measure.
    const measure = await page.getByTestId('results-measure').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('results-measure').selectOption(measure!);
    await expect
      .poll(async () => {
        const cells = await page
          .getByTestId('results')
          .locator('tbody tr td:nth-child(3) a')
          .allTextContents();
        return cells.length > 0 && cells.every((c) => c === measure);
      })
      .toBe(true);

    // The export link downloads the results as CSV (with the session cookie).
    const href = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await page.evaluate(async (url) => {
      const r = await fetch(url!);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\n').length).toBeGreaterThan(2);
    await screenshot(page, 'screening-run-1280');

    await page.goto('/#/screening');
    await expect
      .poll(() => page.getByTestId('runs').locator('tbody tr[data-status=completed]').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'screening-1280');
    await page.close();
  });

  it('an officer simulates adopting draft 001 against the policies as they are', async () => {
    const page = await e2e.as('admin');
    await page.goto('/#/simulation');
    await page.getByLabel('名录快照日期').fill('2026-09-01');
    // A bad figure is named under its field and kept.
    await page.getByTestId('add-change').click();
    await page.getByLabel('比例（%）').fill('abc');
    await page.getByTestId('run-simulation').click();
    await expect
      .poll(() => page.locator('#f-changes_0_ratePercent-error').textContent())
      .toContain('请输入数字');
    expect(await page.getByLabel('比例（%）').inputValue()).toBe('abc');
    // Adopt the draft instead.
    await page.getByLabel('调整类型').selectOption('adopt');
    await page.getByLabel('施行日期').fill('2026-07-01');
    await page.getByTestId('run-simulation').click();
    const report = page.getByTestId('simulation');
    await expect.poll(() => report.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(Number(await page.getByTestId('newly').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('sim-totals').locator('tbody tr').count()).toBe(5);
    expect(
      await page.getByTestId('sim-measures').locator('tbody tr[data-changed=true]').count(),
    ).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-simulation').locator('svg').count()).toBe(1);
    await screenshot(page, 'simulation-1280');
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'simulation-390');
    await page.close();
  });

  it('the enterprise confirms a notice from its inbox', async () => {
    const page = await e2e.as('enterprise');
    await page.goto('/#/applications');
    const inbox = page.getByTestId('inbox');
    await expect.poll(() => inbox.locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'inbox-1280');
    const automatic = inbox.locator('li[data-mode=automatic]:not([data-status=confirmed])');
    if ((await automatic.count()) > 0) {
      // 免申即享: confirming makes the application, prefilled, in one step.
      await automatic.first().getByTestId('notice-confirm').click();
      await expect.poll(() => page.getByTestId('application').getAttribute('data-state')).toBe('draft');
    } else {
      // 快申快享: an invitation opens the self-check for the measure's matter.
      await inbox.locator('li[data-mode=invitation]').first().getByTestId('notice-confirm').click();
      await expect.poll(() => page.url()).toContain('#/check');
      await expect.poll(() => page.getByLabel('事项类型').inputValue()).not.toBe('');
    }
    await page.close();
  });
});
