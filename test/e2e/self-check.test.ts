/**
 * The self-check in a real browser: the matter first and only its fields, each explained; 000·二's
 * amount in 万元 with the exact fen; the 从优就高不重复 choice with draft 001 simulated; a "no" that
 * names what is missing without opening anything; a one-to-two page print; keyboard; English; bad
 * input named under its field and kept; phone width. axe on the page at both widths.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  a11y,
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

describe.skipIf(skipReason !== null)('the self-check in Chromium', () => {
  const e2e = browserSuite();

  /** A firm in the Jiaxing centre winning a 5000 万元 challenge. */
  async function fillChallenge(page: Page) {
    await page.goto('/check');
    await page.getByTestId('matter-challenge').click();
    await choose(page, '所在产业协同创新中心的设立城市', '嘉兴');
    await fillDate(page, '事项日期（申报或发生日期）', '2026-09-01');
    await fillDate(page, '测算日期', '2026-09-01');
    await page.getByLabel('攻关项目需求榜单（沪松科创规〔2026〕1号第二条）').check();
    await page.getByLabel('揭榜额').fill('5000');
  }

  it('asks for the matter first, then only what its measures need, each field explained', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await page.goto('/check');
    await expect.poll(() => page.getByTestId('matter-choice').isVisible()).toBe(true);
    expect(await page.getByLabel('主体类型').count()).toBe(0);
    await screenshot(page, 'self-check-start-1280');
    await page.getByTestId('matter-challenge').click();
    await expect.poll(() => page.getByLabel('揭榜额').count()).toBe(1);
    // A challenge asks for the award and the list — not R&D input, partners, cities or a lease term.
    for (const other of ['研发总投入', '出让年限（年）', '项目涉及的城市', '合作单位名称'])
      expect(await page.getByLabel(other, { exact: true }).count(), other).toBe(0);
    expect(await page.getByTestId('step-matter').textContent()).toContain('支持金额按它计算');
    // The amount is echoed as understood, and 元 is an explicit switch.
    await page.getByLabel('揭榜额').fill('5000');
    await expect
      .poll(() => page.getByTestId('money-echo').first().textContent())
      .toBe('= 5,000万元（¥50,000,000.00）');
    // The challenge lists are a multiple choice: each measure pays only for its own list (000 vs 001).
    const lists = page.getByRole('group', { name: '攻关榜单' });
    expect(await lists.getByRole('checkbox').count()).toBe(2);
    // Another matter: its own fields.
    await page.getByTestId('matter-consortium').click();
    await expect.poll(() => page.getByLabel('研发总投入').count()).toBe(1);
    expect(await page.getByLabel('揭榜额').count()).toBe(0);
    // 应用性基础研究 asks whether the firm is a technology enterprise (a claim a reviewer confirms);
    // a service institution's yearly results (001·十一·工作成效) is a matter of its own.
    await page.getByTestId('matter-applied_basic_research').click();
    await expect.poll(() => page.getByLabel('属于科技型企业（无登记资质时由审核人员认定）').count()).toBe(1);
    await page.getByTestId('matter-industry_project').click();
    await expect.poll(() => page.getByLabel('属于卫星制造与商业运营等卫星互联网产业链环节').count()).toBe(1);
    expect(await page.getByTestId('matter-cluster_service_results').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works out 000·二: 30% of the award in 万元, exact to the fen, with every condition', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    const grant = page.getByTestId('grant-000·二');
    await expect.poll(() => grant.getByTestId('grant-amount').textContent()).toBe('1,500万元');
    expect(await grant.getByTestId('grant-amount').getAttribute('data-max')).toBe('1500000000');
    expect(await page.getByTestId('total').textContent()).toBe('1,500万元');
    expect(await grant.textContent()).toContain('揭榜额¥50,000,000.00 × 30%');
    // A ceiling the officer decides within, not a sum: 最高可获, the range, the formula in words.
    expect(await grant.textContent()).toContain('最高可获');
    expect(await page.getByTestId('headline').textContent()).toBe('最高可获¥15,000,000.00');
    expect(await grant.getByTestId('formula').textContent()).toContain('具体金额由审核人员在此范围内核定');
    // 分阶段: the text pays in stages; the plan proposed is the platform's (said so).
    expect(await grant.textContent()).toContain('分阶段拨付');
    expect(await grant.getByTestId('stages').textContent()).toMatch(
      /建议 3 期（4:3:3）.*600万元.*450万元.*450万元/,
    );
    expect(await grant.getByTestId('stages').textContent()).toContain('未规定期数和比例');
    const evaluation = page.locator('.eval', { has: page.locator('.mid', { hasText: /^000·二$/ }) }).first();
    await expect
      .poll(async () => (await evaluation.locator('.conds li').allTextContents()).join('|'))
      .toMatch(/产业协同创新中心[^|]*嘉兴/);
    expect(await evaluation.locator('.conds li[data-held=false]').count()).toBe(0);
    expect(await evaluation.locator('blockquote').textContent()).toContain('揭榜挂帅');
    await screenshot(page, 'self-check-result-1280');
    await a11y(page, '/check (result)', { en: true });

    // Draft 001 "if adopted": the project is also on 001's corridor-source list, so 001·二 ties with
    // 000·二 and is displaced (从优、就高、不重复). Each measure pays only for its own list.
    await page.getByLabel('长三角G60科创走廊策源地攻关项目榜单（征求意见稿第二条）').check();
    await page.getByLabel(/假设《.*》于以下日期施行/).check();
    await fillDate(page, '假设施行日期', '2026-07-01');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('displaced').textContent()).toContain('001·二');
    expect(await page.getByTestId('total').textContent()).toBe('1,500万元');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says what is missing for a "no" on the line itself, without opening anything', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await choose(page, '所在产业协同创新中心的设立城市', '无');
    await page.getByTestId('check-submit').click();
    const evaluation = page.locator('.eval', { has: page.locator('.mid', { hasText: /^000·二$/ }) }).first();
    await expect.poll(() => evaluation.getByTestId('missing').textContent()).toContain('产业协同创新中心');
    expect(await evaluation.getByTestId('missing').isVisible()).toBe(true);
    expect(await page.getByTestId('result').textContent()).toContain('暂无可享受的资金支持');
    await context.close();
  });

  it('prints a one-to-two page summary: what was entered, the result and the clauses', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByLabel('单位名称').fill('测试科技有限公司');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('1,500万元');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.check-form').isVisible()).toBe(false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    const summary = page.locator('.print-summary');
    expect(await summary.isVisible()).toBe(true);
    const text = (await summary.textContent()) ?? '';
    for (const s of [
      '政策体检报告',
      '测试科技有限公司',
      '揭榜额',
      '最高可获 1,500万元',
      '分阶段给予不超过揭榜额 30%',
    ])
      expect(text, s).toContain(s);
    await screenshot(page, 'self-check-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });
    await context.close();
  });

  it('is usable by keyboard: skip link, every field labelled, actions are buttons', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    // From the top of a freshly loaded page (what was typed is kept for the tab).
    await page.reload();
    await expect.poll(() => page.getByLabel('揭榜额').inputValue()).toBe('5000');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('main input, main select, main textarea')]
        .filter(
          (el) => (el as HTMLElement).offsetParent !== null && (el as HTMLInputElement).type !== 'hidden',
        )
        .filter((el) => {
          const e = el as HTMLInputElement;
          return (
            !(e.labels && e.labels.length > 0) &&
            !e.getAttribute('aria-label') &&
            !e.getAttribute('aria-labelledby') &&
            !e.closest('label')
          );
        })
        .map((el) => el.outerHTML.slice(0, 100)),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.locator('main [onclick]').count()).toBe(0);
    await a11y(page, '/check (form)');
    await context.close();
  });

  it('switches to English, words the results in English and remembers the choice', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('grant-000·二').isVisible()).toBe(true);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('main h1').first().textContent()).toBe('Policy self-check');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Policy self-check · Ceyuan');
    // Reasons come from the API in the chosen language; the form keeps its values.
    await expect
      .poll(() => page.getByTestId('grant-000·二').textContent())
      .toContain('challenge award amount');
    expect(await page.getByTestId('grant-000·二').getByTestId('grant-amount').textContent()).toBe(
      '1,500 × 10k yuan',
    );
    expect(await page.getByLabel('challenge award amount').inputValue()).toBe('5000');
    await screenshot(page, 'self-check-result-en-1280');
    await page.reload();
    await expect.poll(() => page.getByTestId('lang-switch').textContent()).toBe('中文');
    await page.goto('/catalogue');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Policy catalogue');
    expect(await page.locator('main').textContent()).toContain('In force');
    await a11y(page, '/catalogue (en)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows bad input under the field, in the user language, and keeps everything typed', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await fillChallenge(page);
    await page.getByLabel('单位名称').fill('测试科技有限公司');
    const bid = page.getByLabel('揭榜额');
    await bid.fill('12abc');
    await page.getByTestId('check-submit').click();
    const bidError = page.locator('#f-matter_figures_bidAmount-error');
    await expect.poll(() => bidError.textContent()).toContain('请输入数字');
    expect(await bid.inputValue()).toBe('12abc');
    expect(await bid.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('form-errors').textContent()).toContain('已填写的内容都已保留');
    // Too many decimals for whole fen is refused, never rounded.
    await bid.fill('0.0000001');
    await page.getByTestId('check-submit').click();
    await expect.poll(() => bidError.textContent()).toContain('小数位数过多');

    // A rule only the server knows: a qualification ending before it starts.
    await bid.fill('5000');
    await page.getByRole('button', { name: /添加资质/ }).click();
    await fillDate(page, '认定日期', '2026-05-01');
    await fillDate(page, '有效期至', '2025-01-01');
    await page.getByTestId('check-submit').click();
    const toError = page.locator('#f-applicant_qualifications_0_to-error');
    await expect.poll(() => toError.textContent()).toContain('截止日期不得早于起始日期');
    await screenshot(page, 'self-check-error-1280');
    expect(await page.getByLabel('单位名称').inputValue()).toBe('测试科技有限公司');
    expect(await bid.inputValue()).toBe('5000');
    // The same error in English after a switch.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('check-submit').click();
    await expect.poll(() => toError.textContent()).toContain('to must not be before from');
    await context.close();
  });

  it('reads well at phone width', async () => {
    const { page, context } = await newPage(e2e.browser, e2e.server.baseURL, PHONE);
    await fillChallenge(page);
    await noSidewaysScroll(page);
    await page.getByTestId('check-submit').click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('1,500万元');
    await noSidewaysScroll(page);
    await screenshot(page, 'self-check-result-390');
    await page.setViewportSize(LAPTOP);
    await context.close();
  });
});
