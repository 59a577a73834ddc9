/**
 * 双向发榜 in a real browser, through the real API and database with the demo listings: anyone browses
 * and searches (filters in the URL) without signing in; an enterprise publishes a need and sees a
 * matching offer of the demo university with the reasons (factor by factor, words in common); it sends
 * an expression of interest (no contact shown yet); the 技术经理人 publishes the need from the review
 * queue and claims the engagement on the broker desk; the university (gaoxiao) accepts; the enterprise
 * then sees the contact, records the technology contract (amount in 万元) and the 产学研 project, and
 * the self-check opens prefilled with it. An officer reads the funnel and exports it to xlsx.
 * axe on every page at 1280 and 390 px, in Chinese and in English.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  a11y,
  atRest,
  browserSuite,
  choose,
  fillDate,
  LAPTOP,
  newPage,
  noSidewaysScroll,
  PHONE,
  screenshot,
  skipReason,
} from './harness.ts';

const UNIVERSITY = '上海松江大学城工程技术大学';

describe.skipIf(skipReason !== null)('双向发榜 matching in Chromium', () => {
  const e2e = browserSuite({ matching: true });
  it('anyone browses and searches published listings, filters in the URL, no contact shown', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await page.goto('/matching');
    await expect.poll(() => page.getByTestId('listings').locator('tbody tr').count()).toBeGreaterThan(0);
    await a11y(page, '/matching');
    await page.getByTestId('search').locator('input').fill('相控阵');
    await page.getByTestId('search').locator('input').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('相控阵');
    await choose(page, '产业领域', '卫星互联网');
    await expect.poll(() => new URL(page.url()).searchParams.get('sector')).toBe('satellite_internet');
    await expect.poll(() => page.getByTestId('listings').locator('tbody tr').count()).toBeGreaterThan(0);
    // Reload keeps the filters (they live in the URL).
    await page.reload();
    await expect.poll(() => page.getByTestId('listings').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('listings').locator('tbody tr a').first().click();
    await page.getByTestId('matches').waitFor();
    await expect.poll(() => page.getByTestId('score-explanation').count()).toBeGreaterThan(0);
    expect(await page.locator('body').textContent()).not.toMatch(/1[3-9]\d{9}|@[a-z0-9-]+\.[a-z]/i);
    await a11y(page, '/matching/listings/:id (public)');
    await screenshot(page, 'matching-listing-1280');
    // On a phone: nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await screenshot(page, 'matching-listing-390');
    // In English: the page's words, and the factors' reasons from the API in English.
    await page.setViewportSize(LAPTOP);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('factors').first().textContent()).toMatch(/Text|text/);
    expect(await page.locator('main').textContent()).toMatch(/Matching (offers|needs)/);
    await a11y(page, '/matching/listings/:id (public, en)');
    await page.goto('/matching');
    await expect.poll(() => page.getByTestId('listings').locator('tbody tr').count()).toBeGreaterThan(0);
    await a11y(page, '/matching (en)');
    await context.close();
  });

  it('an enterprise publishes a need, sees a university offer with its reasons, and follows it to a prefilled 产学研 self-check', async () => {
    // 1. The enterprise publishes a need.
    const firm = await e2e.as('enterprise', '/matching/publish');
    await firm.getByTestId('listing-form').waitFor();
    await a11y(firm, '/matching/publish');
    await firm.getByLabel('标题').fill('车载低轨卫星通信相控阵天线终端');
    await firm
      .getByLabel('问题描述')
      .fill(
        '我司计划开发面向物流车队的车载低轨卫星通信终端，需要低成本Ka频段有源相控阵天线阵面，支持动中通波束扫描，希望与高校合作完成阵面设计与外场测试。',
      );
    // A multiple select stays open after a choice: pick, then close it.
    await firm.getByLabel('产业领域').click();
    await firm
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: '卫星互联网',
      })
      .first()
      .click();
    await firm.getByLabel('产业领域').press('Escape');
    await firm.getByTestId('add-indicator').click();
    await firm.getByLabel('指标').fill('扫描角度');
    await firm.getByLabel('目标值').fill('±60°');
    await firm.getByLabel('预算下限').fill('200');
    await firm.getByLabel('预算上限').fill('500');
    await firm.getByLabel('期望完成周期（月）').fill('12');
    await firm.getByLabel('联系人').fill('王工');
    await firm.getByLabel('电话').fill('021-57001234');
    await firm.getByTestId('submit-listing').click();
    await firm.waitForURL(/\/matching\/listings\/[0-9a-f-]{36}$/);
    const needId = firm.url().split('/').pop()!;
    expect(await firm.getByTestId('listing-state').textContent()).toMatch(/待审核/);

    // 2. Its matches: an offer of the demo university, with the reasons per factor and the words.
    const match = firm.getByTestId('matches').locator('li', { hasText: UNIVERSITY }).first();
    await match.waitFor();
    const factors = await match.getByTestId('factors').locator('tbody tr').allTextContents();
    expect(factors.join('\n')).toMatch(/文本/);
    expect(factors.length).toBe(5);
    expect(await match.getByTestId('matched-terms').textContent()).toMatch(/相控阵|阵面|卫星/);
    const score = Number(await match.getAttribute('data-score'));
    expect(score).toBeGreaterThanOrEqual(65);
    // The score is the sum of the factors' points.
    const points = await match
      .getByTestId('factors')
      .locator('[data-points]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
    expect(points.reduce((a, b) => a + b, 0)).toBe(score);
    await a11y(firm, '/matching/listings/:id');

    // 3. An expression of interest: sent, and no contact shown before an answer.
    await match.getByTestId('express-interest').click();
    await firm.getByTestId('interest-form').waitFor();
    await a11y(firm, '/matching/interest');
    await firm.getByLabel('合作设想').fill('希望就瓦片式阵面的车载应用开展联合开发，可提供外场测试车辆。');
    await firm.getByLabel('联系人').fill('王工');
    await firm.getByLabel('电话').fill('021-57001234');
    await firm.getByTestId('send-interest').click();
    await firm.waitForURL(/\/matching\/interests\/[0-9a-f-]{36}$/);
    const interestPath = new URL(firm.url()).pathname;
    await firm.getByTestId('contact-hidden').waitFor();
    expect(await firm.getByTestId('interest').getAttribute('data-state')).toBe('pending');
    await a11y(firm, '/matching/interests/:id');

    // 4. The broker publishes the need from the review queue and claims the engagement.
    const broker = await e2e.asUser('jishu', '/matching/review');
    const card = broker.locator(`[data-id="${needId}"]`);
    await card.waitFor();
    await a11y(broker, '/matching/review');
    await card.getByTestId('publish').click();
    await card.waitFor({ state: 'detached' });
    await broker.goto('/matching/broker');
    const interestId = interestPath.split('/').pop()!;
    await broker.getByTestId(`claim-${interestId}`).first().click();
    await expect
      .poll(() => broker.getByTestId('assigned').locator(`[data-id="${interestId}"]`).count())
      .toBeGreaterThan(0);
    expect(await broker.getByTestId('capacity').textContent()).toMatch(/\d+ \/ \d+/);
    await a11y(broker, '/matching/broker');
    await screenshot(broker, 'matching-broker-1280');

    // 5. The university accepts: the contacts are exchanged.
    const university = await e2e.asUser('gaoxiao', '/matching/interests');
    await university.locator(`[data-id="${interestId}"] a`).first().click();
    await university.getByTestId('accept').click();
    await expect.poll(() => university.getByTestId('interest').getAttribute('data-state')).toBe('accepted');
    expect(await university.getByTestId('contact').first().textContent()).toContain('021-57001234');
    await a11y(university, '/matching/interests');

    // 6. The enterprise sees the contact, records the contract and the project, and opens the self-check.
    await firm.goto(interestPath);
    await firm.getByTestId('contact').first().waitFor();
    await firm.getByLabel('技术合同编号').fill('2026310117000123');
    await firm.getByLabel('合同金额').fill('120');
    expect(await firm.getByTestId('contract-form').getByTestId('money-echo').textContent()).toContain(
      '120万元',
    );
    // The server's clock is the test's (2026-09-01): a date after it is refused.
    await fillDate(firm, '签订日期', '2026-09-01');
    await firm.getByTestId('save-contract').click();
    await firm.getByTestId('contract').waitFor();
    expect(await firm.getByTestId('contract').textContent()).toContain('¥1,200,000.00');
    await firm.getByLabel('项目投入').fill('150');
    await fillDate(firm, '组建日期', '2026-09-01');
    await firm.getByTestId('save-project').click();
    await firm.getByTestId('project').waitFor();
    expect(await firm.getByTestId('project').textContent()).toContain('000·五');
    await firm.getByTestId('open-self-check').click();
    await firm.waitForURL(/\/check$/);
    // Prefilled: the matter is the 产学研 project, its input 150万元, the university its partner.
    await expect.poll(() => firm.getByRole('radio', { name: /产学研合作项目/ }).isChecked()).toBe(true);
    expect(await firm.getByLabel('项目投入').inputValue()).toBe('150');
    expect(await firm.getByLabel('合作单位名称').inputValue()).toBe(UNIVERSITY);
    await firm.getByRole('button', { name: '开始体检' }).click();
    await firm.getByTestId('result').waitFor();
    expect(await firm.getByTestId('result').textContent()).toContain('000·五');

    // 7. My listings: the need, published.
    await firm.goto('/matching/mine');
    await expect
      .poll(() => firm.locator(`[data-id="${needId}"]`).getAttribute('data-state'))
      .toBe('published');
    await a11y(firm, '/matching/mine');
  }, 240_000);

  it('an officer reads the funnel by month and city and exports it to xlsx', async () => {
    const admin = await e2e.as('admin', '/matching/funnel');
    await expect.poll(() => admin.getByTestId('chart-funnel').locator('svg').count()).toBe(1);
    await expect.poll(() => admin.getByTestId('funnel-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await a11y(admin, '/matching/funnel');
    await screenshot(admin, 'matching-funnel-1280');
    await admin.getByTestId('by-city').click();
    await expect.poll(() => new URL(admin.url()).searchParams.get('byCity')).toBe('true');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('export-xlsx').click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    // An xlsx is a zip: "PK".
    expect(readFileSync(path!).subarray(0, 2).toString()).toBe('PK');
  });

  it('the signed-in matching pages pass axe in English too', async () => {
    // Switched once per browser context: the language is remembered (localStorage).
    async function english(page: Page) {
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      // The pointer leaves the switch and its focus goes, so axe sees the header at rest, not mid-transition.
      await page.mouse.move(640, 700);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await atRest(page);
    }
    const firm = await e2e.as('enterprise', '/matching/publish');
    await firm.getByTestId('listing-form').waitFor();
    await english(firm);
    await a11y(firm, '/matching/publish (en)');
    await firm.goto('/matching/mine');
    await firm.getByTestId('my-listings').locator('[data-id]').first().waitFor();
    await a11y(firm, '/matching/mine (en)');
    await firm.goto('/matching/interests?direction=sent');
    await firm.getByTestId('interests').locator('[data-id] a').first().click();
    await firm.getByTestId('interest').waitFor();
    await a11y(firm, '/matching/interests/:id (en)');
    const broker = await e2e.asUser('jishu', '/matching/broker');
    await broker.getByTestId('capacity').waitFor();
    await english(broker);
    await a11y(broker, '/matching/broker (en)');
    await broker.goto('/matching/review');
    await broker.getByTestId('review-total').waitFor();
    await a11y(broker, '/matching/review (en)');
    const admin = await e2e.as('admin', '/matching/funnel');
    await expect.poll(() => admin.getByTestId('chart-funnel').locator('svg').count()).toBe(1);
    await english(admin);
    await expect.poll(() => admin.getByTestId('chart-funnel').locator('svg').count()).toBe(1);
    await a11y(admin, '/matching/funnel (en)');
  });
});
