/**
 * The public side in a real browser: the catalogue, a measure, the self-check (000·二's amount and
 * reasons, the 从优就高不重复 choice with draft 001 simulated), the language switch, and a form with
 * bad input that shows the error under the field and keeps what was typed.
 */

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, LAPTOP, newPage, PHONE, screenshot, skipReason } from './harness.ts';

describe.skipIf(skipReason !== null)('catalogue and self-check in Chromium', () => {
  const e2e = browserSuite();

  /** Fills the self-check for a firm in the Jiaxing centre winning a 5000 万元 challenge. */
  async function fillChallenge(page: Page) {
    await page.goto('/#/check');
    await page.getByLabel('主体类型').selectOption('enterprise');
    await page.getByLabel('注册地').selectOption('songjiang');
    await page.getByLabel('所在产业协同创新中心的设立城市').selectOption('jiaxing');
    await page.getByLabel('事项类型').selectOption('challenge');
    await page.getByLabel('事项日期（申报或发生日期）').fill('2026-09-01');
    await page.getByLabel('测算日期').fill('2026-09-01');
    await page.getByLabel('项目列入攻关需求榜单（揭榜挂帅）').check();
    await page.getByLabel('揭榜额').fill('5000');
  }

  it('lists the catalogue, filters it, and shows a measure with its clause and worked example', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await page.goto('/');
    await expect.poll(() => page.getByTestId('measure-link').count()).toBeGreaterThan(40);
    await expect.poll(() => page.locator('h1').textContent()).toBe('政策库');
    await screenshot(page, 'catalogue-1280');

    await page.getByLabel('关键词').fill('揭榜');
    await expect.poll(() => page.getByTestId('measure-link').count()).toBeGreaterThanOrEqual(2);
    const ids = await page.locator('[data-testid=measure-link] .mid').allTextContents();
    expect(ids).toContain('000·二');
    expect(ids).toContain('001·二');
    await page.getByLabel('文件状态').selectOption('in_force');
    await expect
      .poll(() => page.locator('[data-testid=measure-link] .mid').allTextContents())
      .not.toContain('001·二');
    expect(page.url()).toContain('status=in_force');

    // Sector: read from the measures' conditions (matter.sector / applicant.sectors).
    await page.getByLabel('关键词').fill('');
    await page.getByLabel('文件状态').selectOption('');
    await page.getByLabel('产业领域').selectOption('satellite_internet');
    await expect
      .poll(() => page.locator('[data-testid=measure-link] .mid').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^001·八/)]));
    const satellite = await page.locator('[data-testid=measure-link] .mid').allTextContents();
    expect(satellite).not.toContain('000·二');
    expect(satellite.every((id) => id.startsWith('001·'))).toBe(true);
    await page.getByRole('button', { name: '清除筛选' }).click();

    await page.getByRole('link', { name: /000·二/ }).click();
    await expect
      .poll(() => page.getByTestId('clause').textContent())
      .toContain('不超过揭榜额 30%、最高 2000 万元');
    await expect.poll(() => page.getByTestId('example-result').textContent()).toContain('¥15,000,000.00');
    await expect
      .poll(() => page.locator('dl.facts').first().textContent())
      .toContain('按不超过揭榜额的30%、最高2000万元给予支持');
    await screenshot(page, 'measure-1280');
    // "Run this example in the self-check" fills the form with the example (amounts back in 万元).
    await page.getByRole('link', { name: '用此示例做政策体检' }).click();
    await expect.poll(() => page.getByLabel('揭榜额').inputValue()).toBe('5000');
    expect(await page.getByLabel('所在产业协同创新中心的设立城市').inputValue()).toBe('jiaxing');
    expect(await page.getByLabel('事项类型').inputValue()).toBe('challenge');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works the self-check: 000·二 gives 30% of the award, with the conditions and reasons', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    const grant = page.getByTestId('grant-000·二');
    await expect.poll(() => grant.getByTestId('grant-amount').textContent()).toBe('¥15,000,000.00');
    expect(await page.getByTestId('total').textContent()).toBe('¥15,000,000.00');
    expect(await grant.textContent()).toContain('揭榜额¥50,000,000.00 × 30%');

    const evaluation = page.getByTestId('eval-000·二');
    expect(await evaluation.getAttribute('open')).not.toBeNull();
    const conditions = await evaluation.locator('.conds li').allTextContents();
    expect(conditions.some((c) => c.includes('产业协同创新中心') && c.includes('嘉兴'))).toBe(true);
    expect(await evaluation.locator('.conds li[data-held=false]').count()).toBe(0);
    expect(await evaluation.locator('.reasons').textContent()).toContain('在有效期内');
    expect(await evaluation.locator('blockquote').textContent()).toContain('揭榜挂帅');
    await screenshot(page, 'self-check-result-1280');

    // Draft 001 "if adopted": the project is also on 001's corridor-source list, so 001·二 ties with
    // 000·二 and is displaced (从优、就高、不重复). Each measure pays only for its own list.
    await page.getByLabel('项目列入策源地攻关项目榜单（征求意见稿）').check();
    await page.getByLabel(/假设《.*》于以下日期施行/).check();
    await page.getByLabel('假设施行日期').fill('2026-07-01');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('displaced').textContent()).toContain('001·二');
    expect(await page.getByTestId('total').textContent()).toBe('¥15,000,000.00');
    expect(await page.getByTestId('eval-001·二').textContent()).toContain('若施行');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints the result without the form and chrome, every measure opened', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('¥15,000,000.00');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.check-form').isVisible()).toBe(false);
    expect(await page.locator('header.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: '政策体检报告' }).isVisible()).toBe(true);
    // A closed section prints opened: its conditions are on paper.
    const closed = page.getByTestId('eval-000·十二');
    expect(await closed.getAttribute('open')).toBeNull();
    expect(await closed.locator('.conds').isVisible()).toBe(true);
    await screenshot(page, 'self-check-print');
    await page.emulateMedia({ media: 'screen' });
    await context.close();
  });

  it('is usable by keyboard: skip link, labelled fields, buttons', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await page.goto('/#/check');
    await page.getByLabel('主体类型').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Every visible input, select and textarea has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('main input, main select, main textarea')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .filter((el) => {
          const e = el as HTMLInputElement;
          return !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.closest('label');
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // Actions are buttons or links, never clickable divs.
    expect(await page.locator('main [onclick]').count()).toBe(0);
    await context.close();
  });

  it('explains a "no": a firm outside any centre lacks the condition of document 000', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByLabel('所在产业协同创新中心的设立城市').selectOption('');
    await page.getByTestId('check-submit').click();
    const evaluation = page.getByTestId('eval-000·二');
    await expect.poll(() => evaluation.getAttribute('data-outcome')).toBe('ineligible');
    await evaluation.locator('summary').click();
    expect(await evaluation.locator('.conds li[data-held=false]').first().textContent()).toContain(
      '产业协同创新中心',
    );
    expect(await page.getByTestId('result').textContent()).toContain('暂无可享受的资金支持');
    await context.close();
  });

  it('switches to English, words the results in English and remembers the choice', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('grant-000·二').isVisible()).toBe(true);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Policy self-check');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('link', { name: 'Catalogue' }).count()).toBe(1);
    // Reasons come from the API in the chosen language; the form keeps its values.
    await expect
      .poll(() => page.getByTestId('grant-000·二').textContent())
      .toContain('challenge award amount');
    expect(await page.getByLabel('Registered in').inputValue()).toBe('songjiang');
    expect(await page.getByLabel('challenge award amount').inputValue()).toBe('5000');
    await screenshot(page, 'self-check-result-en-1280');

    await page.reload();
    await expect.poll(() => page.getByTestId('lang-switch').textContent()).toBe('中文');
    await page.goto('/#/catalogue');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Policy catalogue');
    expect(await page.locator('main').textContent()).toContain('In force');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows bad input next to the field, in the user language, and keeps everything typed', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByLabel('单位名称').fill('测试科技有限公司');
    const bid = page.getByLabel('揭榜额');
    await bid.fill('12abc');
    await page.getByTestId('check-submit').click();
    const bidError = page.locator('#f-matters_0_figures_bidAmount-error');
    await expect.poll(() => bidError.textContent()).toContain('请输入数字');
    expect(await bid.inputValue()).toBe('12abc');
    expect(await bid.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-matters_0_figures_bidAmount');
    expect(await page.getByTestId('form-errors').textContent()).toContain('已填写的内容都已保留');

    // Too many decimals for whole fen is refused, never rounded.
    await bid.fill('0.0000001');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => bidError.textContent()).toContain('小数位数过多');

    // A rule only the server knows: a qualification ending before it starts.
    await bid.fill('5000');
    await page.getByRole('button', { name: /添加资质/ }).click();
    await page.getByLabel('认定日期').fill('2026-05-01');
    await page.getByLabel('有效期至').fill('2025-01-01');
    await page.getByTestId('check-submit').click();
    const toError = page.locator('#f-applicant_qualifications_0_to-error');
    await expect.poll(() => toError.textContent()).toContain('截止日期不得早于起始日期');
    await screenshot(page, 'self-check-error-390-before');
    expect(await page.getByLabel('有效期至').inputValue()).toBe('2025-01-01');
    expect(await page.getByLabel('单位名称').inputValue()).toBe('测试科技有限公司');
    expect(await bid.inputValue()).toBe('5000');
    expect(await page.getByLabel('所在产业协同创新中心的设立城市').inputValue()).toBe('jiaxing');

    // The same error in English after a switch.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('check-submit').click();
    await expect.poll(() => toError.textContent()).toContain('to must not be before from');
    await context.close();
  });

  it('reads well at phone width', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL, PHONE);
    await page.goto('/');
    await expect.poll(() => page.getByTestId('measure-link').count()).toBeGreaterThan(40);
    // The menu folds behind a button; the page does not scroll sideways.
    expect(await page.locator('#main-nav ul').isVisible()).toBe(false);
    await page.getByRole('button', { name: /菜单/ }).click();
    expect(await page.locator('#main-nav ul').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'catalogue-390');
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('¥15,000,000.00');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'self-check-result-390');
    await page.setViewportSize(LAPTOP);
    await context.close();
  });
});
