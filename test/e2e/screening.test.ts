/**
 * The officers' other pages in a real browser: an admin runs a screening (免申即享), reads the counts
 * by measure name and the results, and exports them with names for codes and the amount; simulates
 * adopting draft 001 (a bad figure first, named under its field and kept) and reads a chart the
 * 快申快享 ceilings do not flatten; fills a 待补录 fact of a measure's 办事指南, which the public measure
 * page then shows; the enterprise confirms a notice from its inbox. Issue 15: an administrator imports
 * base figures (a bad row named by row and column); an officer reads the demo run's money by fund
 * against the budget and by measure — totals that must equal the stored results summed here — and the
 * international organisation reads its 免申即享 notice with the amount and the figure, year and source
 * it was worked out from. axe on every page at both widths (the 免申即享 pages in English too).
 */
import { describe, expect, it } from 'vitest';
import {
  a11y,
  browserSuite,
  choose,
  fillDate,
  newPage,
  noSidewaysScroll,
  PHONE,
  screenshot,
  signInByApi,
  skipReason,
} from './harness.ts';

describe.skipIf(skipReason !== null)('screening, simulation, guides and the inbox in Chromium', () => {
  const e2e = browserSuite();

  it('an administrator imports base figures: a bad row is named by its row and column, nothing written', async () => {
    const page = await e2e.as('admin', '/review');
    await page.getByRole('link', { name: '导入基础数据' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('导入基础数据');
    await a11y(page, '/screening/figures', { en: true });
    const csv = [
      'uscc,figure,year,amount_yuan,source',
      '91310117MA1FL00001,operatingSpend,2025,4800000,审计报告',
      '91310117MA1FL00001,operatingSpend,2025,四百万,审计报告',
    ].join('\n');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const issues = page.getByTestId('import-issues');
    await expect.poll(() => issues.locator('tbody tr').count()).toBeGreaterThan(0);
    // The bad amount is named on its spreadsheet row (the header is row 1) and column.
    expect(await issues.locator('tbody tr[data-row="3"][data-column=amount_yuan]').count()).toBe(1);
    expect(await page.getByTestId('import-failed').textContent()).toContain('未导入');
    await screenshot(page, 'base-figures-import-1280');
    await page.close();
  });

  it('an officer reads the demo run’s money by fund against the budget and by measure, equal to its stored results', async () => {
    const page = await e2e.as('reviewer', '/review');
    await page.getByRole('link', { name: '免申即享' }).click();
    // The run the demo made (npm start makes the same), opened from the list of runs.
    await page.getByTestId('runs').locator('tbody tr[data-status=completed] a').first().click();
    const summary = page.getByTestId('run-summary');
    await expect
      .poll(() => summary.getByTestId('summary-funds').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-summary-funds').locator('svg').count()).toBe(1);
    await expect.poll(() => page.getByTestId('chart-summary-measures').locator('svg').count()).toBe(1);
    const runId = page.url().split('/').pop()!;

    // What the server stored: every result row, and the fund's ledger for the year.
    const stored = await page.evaluate(async (id) => {
      const rows: { measureId: string; mode: string; amount: { min: number; max: number } | null }[] = [];
      for (let offset = 0; ; offset += 1000) {
        const r = await (await fetch(`/api/screening/runs/${id}/results?limit=1000&offset=${offset}`)).json();
        rows.push(...r.items);
        if (rows.length >= r.total) break;
      }
      const budget = await (await fetch('/api/budgets/000/2026')).json();
      return { rows, budget };
    }, runId);
    const in000 = stored.rows.filter((r) => r.measureId.startsWith('000·'));
    const sumMax = (rs: typeof in000) => rs.reduce((a, r) => a + (r.amount?.max ?? 0), 0);
    const automatic000 = sumMax(in000.filter((r) => r.mode === 'automatic'));
    expect(automatic000).toBeGreaterThan(0);

    // The fund's row: its budget, committed, paid and available as the ledger has them, and the run's
    // 免申即享 ceilings and ranges as the stored rows add up.
    const fund = summary.getByTestId('summary-funds').locator('tbody tr[data-fund="000"]');
    const fenIn = async (col: number) =>
      Number(await fund.locator(`td:nth-child(${col}) [data-fen]`).first().getAttribute('data-fen'));
    expect(await fenIn(2)).toBe(stored.budget.amount);
    expect(await fenIn(3)).toBe(stored.budget.committed);
    expect(await fenIn(4)).toBe(stored.budget.paid);
    expect(await fenIn(5)).toBe(stored.budget.available);
    expect(
      Number(await fund.getByTestId('fund-automatic-max').locator('[data-fen]').getAttribute('data-fen')),
    ).toBe(automatic000);
    expect(Number(await fund.locator('td:nth-child(7) [data-max]').getAttribute('data-max'))).toBe(
      sumMax(in000),
    );

    // Counted by mode, and per measure: 000·九·运营 reaches the international organisation as 免申即享.
    const modes = summary.getByTestId('summary-modes');
    const count = async (mode: string) =>
      Number(
        (await modes.locator(`[data-mode=${mode}] .ant-statistic-content-value`).textContent())?.replace(
          /\D/g,
          '',
        ),
      );
    expect(await count('automatic')).toBe(stored.rows.filter((r) => r.mode === 'automatic').length);
    expect(await count('invitation')).toBe(stored.rows.filter((r) => r.mode === 'invitation').length);
    const operation = summary.getByTestId('summary-measures').locator('tbody tr[data-measure="000·九·运营"]');
    expect(Number(await operation.locator('td:nth-child(3)').textContent())).toBeGreaterThan(0);
    expect(await operation.textContent()).toMatch(/万元/);
    await screenshot(page, 'screening-summary-1280');
    await a11y(page, '/screening/:id (summary)', { en: true });

    // The results say, row by row, 免申即享 or not and the amount range.
    await choose(page, '方式', '免申即享');
    const results = page.getByTestId('results');
    await expect
      .poll(async () => {
        const modes = await results
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-mode')));
        return modes.length > 0 && modes.every((m) => m === 'automatic');
      })
      .toBe(true);
    const first = results.locator('tbody tr').first();
    expect(await first.textContent()).toContain('免申即享');
    expect(Number(await first.getByTestId('result-amount').getAttribute('data-max'))).toBeGreaterThan(0);
    await page.setViewportSize(PHONE);
    // The charts follow the new width (a ResizeObserver), then nothing scrolls sideways.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'screening-summary-390');
    await page.close();
  });

  it('the international organisation reads its 免申即享 notice with the amount and the data it used; the centre’s 快申快享 one says why', async () => {
    const { page, context, errors } = await newPage(e2e.browser, e2e.server.baseURL);
    await signInByApi(page, e2e.server, 'guoji', '/applications');
    const notice = page.getByTestId('inbox').locator('li[data-testid="notice-000·九·运营"]');
    expect(await notice.getAttribute('data-mode')).toBe('automatic');
    // 不超过 30%、最高 200 万元 of the filed 480 万元 operating spend: 最高可获 144 万元, decided within 0 ~ 144.
    expect(Number(await notice.getByTestId('notice-amount').getAttribute('data-max'))).toBe(144 * 1_000_000);
    expect(await notice.textContent()).toMatch(/最高可获\s*144万元/);
    const figures = notice.getByTestId('notice-figures');
    expect(await figures.textContent()).toContain('2025');
    expect(await figures.textContent()).toContain('年度财务审计报告（演示数据）');
    // A 快申快享 notice says what keeps it from being 免申即享.
    const invitation = page.getByTestId('inbox').locator('li[data-mode=invitation]').first();
    if ((await invitation.count()) > 0)
      expect((await invitation.getByTestId('notice-why').textContent())?.length).toBeGreaterThan(0);
    await screenshot(page, 'inbox-amounts-1280');
    await a11y(page, '/applications (notices)', { en: true });

    await notice.getByTestId('notice-details').click();
    const detail = page.getByTestId('notice');
    await expect.poll(() => detail.getAttribute('data-measure')).toBe('000·九·运营');
    const basis = detail.getByTestId('notice-basis');
    await expect.poll(() => basis.locator('tbody tr[data-figure=operatingSpend]').count()).toBe(1);
    const line = (await basis.locator('tbody tr').first().textContent()) ?? '';
    expect(line).toContain('2025');
    expect(line).toContain('480万元');
    expect(line).toContain('年度财务审计报告（演示数据）');
    expect(await detail.getByTestId('notice-citation').textContent()).toMatch(/第.+条/);
    expect(Number(await detail.getByTestId('notice-amount').getAttribute('data-max'))).toBe(144 * 1_000_000);
    await screenshot(page, 'notice-1280');
    await a11y(page, '/applications/notices/:id', { en: true });
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await context.close();
    expect(errors).toEqual([]);

    // The Jiaxing centre: 000·十二 worked out from its filed 260万 (30%: 最高可获 78万元) but 快申快享,
    // and the notice says why — a reviewer must judge the cross-region effect.
    const centre = await newPage(e2e.browser, e2e.server.baseURL);
    await signInByApi(centre.page, e2e.server, 'zhongxin', '/applications');
    const twelve = centre.page.getByTestId('inbox').locator('li[data-testid="notice-000·十二"]');
    expect(await twelve.getAttribute('data-mode')).toBe('invitation');
    expect(Number(await twelve.getByTestId('notice-amount').getAttribute('data-max'))).toBe(78 * 1_000_000);
    expect(await twelve.getByTestId('notice-why').textContent()).toContain('需审核认定');
    expect(await twelve.getByTestId('notice-why').textContent()).toContain('带动跨区域协同成效明显');
    expect(await twelve.getByTestId('notice-figures').textContent()).toContain(
      '年度运营情况报告（演示数据）',
    );
    await centre.context.close();
    expect(centre.errors).toEqual([]);
  });

  it('an officer runs a screening, reads the counts and results, and exports them with names and amounts', async () => {
    const page = await e2e.as('admin', '/review');
    await page.getByRole('link', { name: '免申即享' }).click();
    await a11y(page, '/screening');
    await fillDate(page, '筛查日期', '2026-09-01');
    await page.getByTestId('start-run').click();
    const run = page.getByTestId('run');
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    await expect.poll(() => page.getByTestId('counts').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-counts').locator('svg').count()).toBe(1);
    // The chart's axis names the measures, not only their numbers.
    // (Polled: the svg is in place before ECharts has drawn its labels.)
    await expect
      .poll(() => page.getByTestId('chart-counts').textContent())
      .toMatch(/\d{3}·[一二三四五六七八九十]+\s\S/);
    await expect.poll(() => page.getByTestId('results').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('results-page').textContent()).toMatch(/第 1–\d+ 条，共 \d+ 条/);
    // Kinds and cities by name, and the most each may get.
    const first = (await page.getByTestId('results').locator('tbody tr').first().textContent()) ?? '';
    // Any of reference.yaml's orgKinds (the demo run's first row may be the international organisation
    // whose base figures the demo files), by its name, never by its code.
    expect(first).toMatch(
      /企业|高校|科研院所|产业协同创新中心|国际性科技组织|孵化载体|科技服务机构|产业集群载体/,
    );
    expect(first).not.toMatch(/enterprise|university|innovation_centre|intl_st_org/);
    expect(first).toMatch(/万元|—/);

    const measure = await page
      .getByTestId('results')
      .locator('tbody tr')
      .first()
      .getAttribute('data-measure');
    await choose(page, '措施', new RegExp(`^${measure} · `));
    await expect
      .poll(async () => {
        const rows = await page
          .getByTestId('results')
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-measure')));
        return rows.length > 0 && rows.every((m) => m === measure);
      })
      .toBe(true);
    await screenshot(page, 'screening-run-1280');
    await a11y(page, '/screening/:id');

    const href = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await page.evaluate(async (url) => {
      const r = await fetch(url!);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\n');
    expect(header).toContain('最高可获金额（元）');
    expect(row).not.toMatch(/,(innovation_centre|enterprise|new|read),/);

    await page.goto('/screening');
    await expect
      .poll(() => page.getByTestId('runs').locator('tbody tr[data-status=completed]').count())
      .toBeGreaterThan(0);
    // Who started it, by name.
    await expect.poll(() => page.getByTestId('runs').textContent()).toContain('平台管理员');
    await screenshot(page, 'screening-1280');
    await page.close();
  });

  it('an officer simulates adopting draft 001 against the policies as they are', async () => {
    const page = await e2e.as('admin', '/simulation');
    await fillDate(page, '名录快照日期', '2026-09-01');
    await page.getByTestId('add-change').click();
    await page.getByLabel('比例（%）').fill('abc');
    await page.getByTestId('run-simulation').click();
    await expect.poll(() => page.locator('#f-changes_0_value-error').textContent()).toContain('请输入数字');
    expect(await page.getByLabel('比例（%）').inputValue()).toBe('abc');
    await a11y(page, '/simulation');
    await choose(page, '调整类型', '征求意见稿施行');
    await fillDate(page, '施行日期', '2026-07-01');
    await page.getByTestId('run-simulation').click();
    const report = page.getByTestId('simulation');
    await expect.poll(() => report.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(Number(await page.getByTestId('newly').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('sim-totals').locator('tbody tr').count()).toBe(5);
    expect(
      await page.getByTestId('sim-measures').locator('tbody tr[data-changed=true]').count(),
    ).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chart-simulation').locator('svg').count()).toBe(1);
    // The chart draws 免申即享 against the budget; the 快申快享 ceilings stay in the table.
    expect(await page.getByTestId('chart-simulation').textContent()).not.toContain('快申快享');
    await screenshot(page, 'simulation-1280');
    await a11y(page, '/simulation (report)', { en: true });
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await screenshot(page, 'simulation-390');
    await page.close();
  });

  it('an administrator fills a 待补录 fact of a 办事指南, with its source; the measure page shows it', async () => {
    const page = await e2e.as('admin', '/review');
    await page.getByRole('link', { name: '办事指南维护' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('办事指南维护');
    await a11y(page, '/admin/guides', { en: true });
    await page.getByRole('button', { name: /000·七/ }).click();
    const form = page.getByTestId('fill-000·七');
    await choose(page, '项目', /咨询电话/, form);
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('#f-value-error').textContent()).toBe('必填');
    await form.getByLabel('内容').fill('021-00000000（演示）');
    await form.getByLabel('来源').fill('区经委 2026 年申报通知（演示）');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.getByText('已保存').count()).toBe(1);
    await screenshot(page, 'admin-guides-1280');
    await page.close();

    const { page: visitor, context } = await newPage(e2e.browser, e2e.server.baseURL);
    await visitor.goto('/catalogue/000%C2%B7%E4%B8%83');
    const guide = visitor.getByTestId('guide');
    await expect.poll(() => guide.textContent()).toContain('021-00000000（演示）');
    expect(await guide.textContent()).toContain('区经委 2026 年申报通知（演示）');
    await context.close();
  });

  it('the enterprise confirms a notice from its inbox', async () => {
    const page = await e2e.as('enterprise', '/applications');
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
      await expect.poll(() => page.url()).toContain('/check');
      await expect.poll(() => page.getByTestId('step-matter').count()).toBe(1);
    }
    await page.close();
  });
});
