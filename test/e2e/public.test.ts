/**
 * The public area in a real browser, signed out: the catalogue, a measure with its 办事指南, the
 * public notices (公示) and an objection anyone files — which reaches the officers' queue with its
 * contact, while nothing private ever reaches the public pages. axe on every page at both widths.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  a11y,
  browserSuite,
  choose,
  newPage,
  noSidewaysScroll,
  PHONE,
  screenshot,
  skipReason,
} from './harness.ts';

/** Every API path a page asks for while it is used. */
function apiCalls(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) seen.push(`${r.method()} ${u.pathname}`);
  });
  return seen;
}

/** What the shell itself asks (who is signed in, which API exists) and what public pages may ask. */
const ALLOWED = [
  /^GET \/api\/auth\/me$/,
  /^GET \/api\/openapi\.json$/,
  /^GET \/api\/catalogue(\/.*)?$/,
  /^POST \/api\/calc$/,
  /^(GET|POST) \/api\/public\//,
];

describe.skipIf(skipReason !== null)('the public area in Chromium', () => {
  const e2e = browserSuite();

  it('lists and filters the catalogue, and shows a measure with its clause, guide and worked example', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    const calls = apiCalls(page);
    await page.goto('/');
    await expect.poll(() => page.url()).toMatch(/\/catalogue$/);
    await expect.poll(() => page.getByTestId('measure-link').count()).toBeGreaterThan(40);
    expect(await page.title()).toBe('政策库 · 策源');
    await screenshot(page, 'catalogue-1280');
    await a11y(page);

    // What the catalogue reads into the texts is visible in the list: staging, readings, overlap groups.
    expect(await page.getByTestId('staged-tag').count()).toBeGreaterThan(0);
    const links = page.getByTestId('overlap-links');
    expect(await links.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await links.textContent()).toContain('企业联合高校、科研院所开展的研发项目');
    await page.getByLabel('关键词').fill('揭榜');
    await expect
      .poll(() => page.locator('[data-testid=measure-link] .mid').allTextContents())
      .toContain('001·二');
    await choose(page, '文件状态', '现行有效');
    await expect
      .poll(() => page.locator('[data-testid=measure-link] .mid').allTextContents())
      .not.toContain('001·二');
    expect(page.url()).toContain('status=in_force');
    expect(await page.locator('[data-testid=measure-link] .mid').allTextContents()).toContain('000·二');

    await page.getByRole('link', { name: /000·二/ }).click();
    await expect
      .poll(() => page.getByTestId('clause').textContent())
      .toContain('不超过揭榜额 30%、最高 2000 万元');
    expect(page.url()).toContain('/catalogue/000');
    expect(await page.title()).toContain('000·二');
    // 办事指南: who interprets it is quoted; what no text gives is 待补录; materials from the conditions.
    const guide = page.getByTestId('guide');
    await expect.poll(() => guide.textContent()).toContain('在各自职责范围内负责解释');
    expect(await guide.getByTestId('pending').count()).toBeGreaterThanOrEqual(3);
    expect(await guide.getByTestId('materials').textContent()).toContain('揭榜额的证明材料');
    // The worked example, run live, in 万元 with the exact yuan on hover.
    const example = page.getByTestId('example-result');
    await expect.poll(() => example.textContent()).toContain('1,500万元');
    expect(await example.locator('[data-min]').getAttribute('data-max')).toBe('1500000000');
    // Each condition with the clause's words it implements; the measures it may overlap with; 分阶段.
    const sources = page.getByTestId('condition-sources');
    expect(await sources.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await sources.locator('blockquote').count()).toBeGreaterThanOrEqual(1);
    const overlaps = page.getByTestId('overlaps');
    expect(await overlaps.locator('li[data-mode=auto]', { hasText: '001·二' }).count()).toBe(1);
    expect(await page.getByTestId('stage-plan').textContent()).toContain('分阶段');
    await screenshot(page, 'measure-1280');
    await a11y(page, undefined, { en: true });

    // A measure whose clause needed a reading: the reading, the words it reads, and the condition's link to it.
    await page.goto(`/catalogue/${encodeURIComponent('001·一')}`);
    const readings = page.getByTestId('readings');
    await expect.poll(() => readings.locator('li[data-reading=tech_enterprise]').count()).toBe(1);
    expect(await readings.locator('li[data-reading=tech_enterprise] blockquote').textContent()).toContain(
      '科技型企业',
    );
    expect(await page.getByTestId('condition-sources').getByText('依目录解读').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('overlaps').locator('li[data-mode=review]').count()).toBeGreaterThan(0);
    await a11y(page, '/catalogue/001·一');

    // A shareable URL: opened directly, the measure page is there.
    await page.goto('/catalogue/000%C2%B7%E4%B8%89');
    await expect.poll(() => page.getByTestId('clause').textContent()).toContain('创新联合体');
    for (const c of calls)
      expect(
        ALLOWED.some((re) => re.test(c)),
        c,
      ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads well at phone width: the menu folds into a drawer and nothing scrolls sideways', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL, PHONE);
    await page.goto('/catalogue');
    await expect.poll(() => page.getByTestId('measure-link').count()).toBeGreaterThan(40);
    expect(await page.locator('#main-nav').count()).toBe(0);
    await page.getByRole('button', { name: /菜单/ }).click();
    await expect.poll(() => page.locator('#main-nav').isVisible()).toBe(true);
    await page.locator('#main-nav').getByRole('link', { name: '公示公告' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('公示公告');
    await noSidewaysScroll(page);
    // Tables become cards: each notice is a card with its lines labelled.
    await expect.poll(() => page.locator('[data-testid=notices] li').count()).toBeGreaterThan(0);
    expect(await page.locator('table').count()).toBe(0);
    await screenshot(page, 'notices-390');
    await page.goto('/catalogue');
    await noSidewaysScroll(page);
    await screenshot(page, 'catalogue-390');
    await context.close();
  });

  it('publishes notices; anyone objects, the contact stays private, and the objection reaches the officers', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    const calls = apiCalls(page);
    await page.goto('/notices?open=1');
    const row = page.getByTestId('notices').locator('tbody tr[data-status=open]').first();
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('800万元');
    await screenshot(page, 'notices-1280');
    await a11y(page, '/notices', { en: true });
    await row.getByRole('link').click();
    const facts = page.getByTestId('notice-facts');
    await expect.poll(() => facts.textContent()).toContain('嘉松智能驱动科技（上海）有限公司');
    expect(await facts.textContent()).toContain('¥8,000,000.00');
    const noticeUrl = new URL(page.url()).pathname;
    expect(noticeUrl).toMatch(/^\/notices\/[0-9a-f-]{36}$/);
    await a11y(page, '/notices/:id', { en: true });

    // Bad input is named under its field in plain words, and kept.
    const text = page.getByLabel('异议内容');
    await text.fill('太短');
    await page.getByTestId('object-submit').click();
    await expect.poll(() => page.locator('#f-contact-error').textContent()).toBe('必填');
    expect(await page.locator('#f-text-error').textContent()).toContain('至少 10 个字');
    expect(await text.inputValue()).toBe('太短');
    await page.getByLabel('姓名或单位（选填）').fill('李四');
    await page.getByLabel('联系电话或电子邮箱').fill('13912345678');
    await text.fill('该项目的揭榜合同金额与公开信息不一致，请核实后再拨付。');
    await page.getByTestId('object-submit').click();
    await expect.poll(() => page.getByTestId('objection-received').textContent()).toContain('异议已收到');
    await screenshot(page, 'notice-objection-1280');
    // The public page never shows the contact, even after a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('notice-facts').isVisible()).toBe(true);
    expect(await page.content()).not.toContain('13912345678');
    for (const c of calls)
      expect(
        ALLOWED.some((re) => re.test(c)),
        c,
      ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();

    // The reviewer's queue shows it; the application shows the contact to officers.
    const reviewer = await e2e.as('reviewer', '/review');
    const alert = reviewer.getByTestId('public-objections');
    await expect.poll(() => alert.textContent()).toContain('揭榜合同金额与公开信息不一致');
    await alert.getByRole('link').first().click();
    const objection = reviewer.getByTestId('public-objection');
    await expect.poll(() => objection.getAttribute('data-status')).toBe('open');
    expect(await objection.getByTestId('objection-contact').textContent()).toBe('13912345678');
    expect(await objection.textContent()).toContain('李四');
    await reviewer.close();

    // An administrator decides it: dismissed with a reason, the notice runs on.
    const admin = await e2e.as('admin', noticeUrl.replace('/notices/', '/review/'));
    await admin.getByTestId('action-dismiss_objection').click();
    await admin.getByTestId('do-dismiss_objection').click();
    await expect.poll(() => admin.locator('[id$="reason-error"]').textContent()).toBe('必填');
    await admin.getByLabel('理由').fill('经核实，合同金额与申报一致');
    await admin.getByTestId('do-dismiss_objection').click();
    await expect
      .poll(() => admin.getByTestId('public-objection').getAttribute('data-status'))
      .toBe('dismissed');
    await admin.close();
  });

  it('answers an unknown page with a page that says so; the sign-in page is accessible', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await page.goto('/login');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('登录');
    expect(await page.title()).toBe('登录 · 策源');
    await a11y(page, undefined, { en: true });
    await page.locator('form.login-form button[type=submit]').click();
    await expect.poll(() => page.locator('#f-username-error').textContent()).toBe('必填');
    await screenshot(page, 'login-1280');
    await page.goto('/no-such-page');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('页面不存在');
    await a11y(page, undefined, { en: true });
    // An old hash link still lands on its page.
    await page.goto('/#/catalogue/000%C2%B7%E4%BA%8C');
    await expect.poll(() => page.getByTestId('clause').textContent()).toContain('揭榜挂帅');
    expect(new URL(page.url()).pathname).toBe('/catalogue/000%C2%B7%E4%BA%8C');
    await context.close();
  });
});
