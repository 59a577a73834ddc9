/**
 * Base figures for 免申即享 amounts: imported from CSV or .xlsx like the registry (codes or labels,
 * 元 to fen, all or nothing, rows and columns named), set one at a time, read by officers and by the
 * organisation itself; every write audited.
 */
import ExcelJS from 'exceljs';
import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, resetDatabase } from '../../../test/support/databases.ts';
import { actor, testCatalogue, testUscc } from '../../../test/support/fixtures.ts';
import { ImportRejectedError, NotFoundError } from '../../core/errors.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { createAuditService } from '../audit/service.ts';
import { ManualClock } from '../clock.ts';
import { createBaseFigureService } from './base-figures.ts';

const csv = (...rows: string[]) =>
  new TextEncoder().encode(['uscc,figure,year,amount_yuan,source', ...rows].join('\n'));

describeEachDatabase('base figures', (ctx) => {
  const clock = new ManualClock('2026-03-01T02:00:00Z');
  const admin = actor('admin');
  const service = () =>
    createBaseFigureService({
      db: ctx.db,
      catalogue: testCatalogue(),
      clock,
      audit: createAuditService({ db: ctx.db, clock }),
    });
  let orgA: string;
  let orgB: string;
  beforeEach(async () => {
    await resetDatabase(ctx.db);
    const repo = new OrganisationRepository(ctx.db);
    const base = {
      kind: 'intl_st_org',
      city: 'songjiang',
      district: null,
      centreOriginCity: 'hefei',
      sectors: [],
      licences: [],
    };
    orgA = await repo.insert({ ...base, uscc: testUscc(1), name: '国际组织甲' }, clock.now());
    orgB = await repo.insert(
      { ...base, uscc: testUscc(2), name: '协同创新中心乙', kind: 'innovation_centre' },
      clock.now(),
    );
  });

  it('looks up more USCCs than one statement may bind (65,535 parameters) without failing', async () => {
    // An import of 70,000 rows asks for 70,000 USCCs: the repository asks in slices.
    const usccs = Array.from({ length: 70_000 }, (_, i) => testUscc(i + 1));
    const ids = await new OrganisationRepository(ctx.db).idsByUscc(usccs);
    expect(new Map(ids)).toEqual(
      new Map([
        [testUscc(1), orgA],
        [testUscc(2), orgB],
      ]),
    );
  });

  it('imports codes or labels in 元 to fen, with their sources, and replaces the same year', async () => {
    clock.advanceMinutes(5);
    const report = await service().importFile(admin, {
      name: 'figures.csv',
      data: csv(
        `${testUscc(1)},operatingSpend,2025,4800000.50,2025 年度审计报告`,
        `${testUscc(2)},总运营支出,2025,"2,600,000",运营报告`,
        `${testUscc(1)},annualRevenue,2024,100,统计年报`,
      ),
    });
    expect(report).toMatchObject({ rows: 3, valid: 3, written: 3, committed: true, issues: [] });
    // Both organisations touched, so an incremental screening run looks at them again.
    const touched = await ctx.db.selectFrom('organisations').select(['id', 'updated_at']).execute();
    expect(touched.map((o) => new Date(o.updated_at).toISOString())).toEqual([
      clock.now().toISOString(),
      clock.now().toISOString(),
    ]);
    const a = await service().list(admin, orgA);
    expect(a.map((f) => [f.figure, f.year, f.amount, f.source])).toEqual([
      ['operatingSpend', 2025, 480_000_050, '2025 年度审计报告'],
      ['annualRevenue', 2024, 10_000, '统计年报'],
    ]);
    await service().importFile(admin, {
      data: csv(`${testUscc(1)},operatingSpend,2025,5000000,更正后的审计报告`),
    });
    expect((await service().list(admin, orgA))[0]).toMatchObject({
      amount: 500_000_000,
      source: '更正后的审计报告',
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'registry.base_figures.import')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a file with a bad row, naming each row and column, and writes nothing', async () => {
    const error = await service()
      .importFile(admin, {
        data: csv(
          `${testUscc(1)},operatingSpend,2025,100,ok`,
          `${testUscc(1)},spaceship,2025,100,ok`,
          `${testUscc(9)},operatingSpend,2025,100,ok`,
          `${testUscc(2)},operatingSpend,2025,-5,ok`,
          `${testUscc(1)},operatingSpend,2025,200,again`,
        ),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const issues = (error as ImportRejectedError).issues.map((i) => [i.row, i.column, i.rule]);
    expect(issues).toEqual([
      [3, 'figure', expect.any(String)],
      [4, 'uscc', 'unknown_organisation'],
      [5, 'amount_yuan', 'yuan_amount'],
      [6, 'figure', 'duplicate_in_file'],
    ]);
    expect(await service().list(admin, orgA)).toEqual([]);
    // With allowPartial the valid row is written.
    const partial = await service().importFile(
      admin,
      { data: csv(`${testUscc(1)},operatingSpend,2025,100,ok`, `${testUscc(9)},operatingSpend,2025,100,ok`) },
      { allowPartial: true },
    );
    expect(partial).toMatchObject({ written: 1, skipped: 1, committed: true });
  });

  it('reads .xlsx with Chinese headers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('基础数据');
    sheet.addRow(['统一社会信用代码', '指标', '年度', '金额（元）', '来源']);
    sheet.addRow([testUscc(2), '总运营支出', 2025, 2600000, '年度运营报告']);
    const data = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await service().importFile(admin, { name: 'f.xlsx', data })).toMatchObject({
      written: 1,
      format: 'xlsx',
    });
    expect((await service().list(admin, orgB))[0]).toMatchObject({
      figure: 'operatingSpend',
      amount: 260_000_000,
    });
  });

  it('sets one figure (admin), readable by officers and by the organisation itself only', async () => {
    const set = await service().set(admin, orgA, {
      figure: 'operatingSpend',
      year: 2025,
      amount: 123,
      source: '手工录入',
    });
    expect(set).toMatchObject({ organisationId: orgA, amount: 123, recordedBy: admin.username });
    await expect(
      service().set(actor('reviewer'), orgA, {
        figure: 'operatingSpend',
        year: 2025,
        amount: 1,
        source: 'x',
      }),
    ).rejects.toThrow();
    await expect(
      service().set(admin, orgA, { figure: 'nope', year: 2025, amount: 1, source: 'x' }),
    ).rejects.toThrow();
    const own = { ...actor('enterprise'), organisationId: orgA };
    expect(await service().list(own, orgA)).toHaveLength(1);
    await expect(service().list({ ...own, organisationId: orgB }, orgA)).rejects.toThrow(NotFoundError);
    expect(await service().list(actor('auditor'), orgA)).toHaveLength(1);
  });
});
