import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase, resetDatabase } from '../../../test/support/databases.ts';
import { actor, breakUscc, testCatalogue, testUscc } from '../../../test/support/fixtures.ts';
import { ImportRejectedError, InputError } from '../../core/errors.ts';
import { OrganisationRepository } from '../../storage/repositories/organisations.ts';
import { createAuditService } from '../audit/service.ts';
import { ManualClock } from '../clock.ts';
import { yuanTextToFen } from './schema.ts';
import { createRegistryService } from './service.ts';

const HEADER =
  'uscc,name,kind,city,district,centre_origin_city,sectors,qualifications,year,revenue_yuan,rd_expense_yuan,employees';
const csv = (...rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join('\n'));

describe('yuanTextToFen', () => {
  it('moves the decimal point in the text, never through a float', () => {
    expect(yuanTextToFen('1234.5')).toBe(123450);
    expect(yuanTextToFen('0.07')).toBe(7);
    expect(yuanTextToFen('1,000,000')).toBe(100000000);
    expect(yuanTextToFen('1.005')).toBeNull();
    expect(yuanTextToFen('-1')).toBeNull();
  });
});

describeEachDatabase('registry import', (ctx) => {
  const clock = new ManualClock('2026-07-01T02:00:00Z');
  const admin = actor('admin');
  const service = () => {
    const audit = createAuditService({ db: ctx.db, clock });
    return createRegistryService({ db: ctx.db, catalogue: testCatalogue(), clock, audit });
  };
  const count = () => new OrganisationRepository(ctx.db).count();
  beforeEach(() => resetDatabase(ctx.db));

  it('imports a valid CSV with labels or codes, lists, qualifications and figures in 元', async () => {
    const report = await service().importFile(admin, {
      name: 'orgs.csv',
      data: csv(
        `${testUscc(1)},松江智造有限公司,企业,松江,松江区,,"ai;智能终端",high_tech:2024-01-01:2026-12-31;tech_sme:2025-03-01,2025,12345678.90,2000000,120`,
        `${testUscc(2).toLowerCase()},嘉兴—松江协同创新中心,innovation_centre,songjiang,,嘉兴,,,,,,`,
      ),
    });
    expect(report).toMatchObject({
      format: 'csv',
      rows: 2,
      valid: 2,
      created: 2,
      updated: 0,
      committed: true,
      issues: [],
    });
    const org = await new OrganisationRepository(ctx.db).getByUscc(testUscc(1));
    expect(org).toMatchObject({
      kind: 'enterprise',
      city: 'songjiang',
      district: '松江区',
      sectors: ['ai', 'smart_terminals'],
    });
    expect(org?.qualifications).toEqual([
      { code: 'high_tech', from: '2024-01-01', to: '2026-12-31' },
      { code: 'tech_sme', from: '2025-03-01', to: null },
    ]);
    expect(org?.figures).toEqual([{ year: 2025, revenue: 1234567890, rdExpense: 200000000, employees: 120 }]);
    const centre = await new OrganisationRepository(ctx.db).getByUscc(testUscc(2));
    expect(centre?.centreOriginCity).toBe('jiaxing');
  });

  it('re-importing the same USCC updates (idempotent)', async () => {
    const file = { name: 'a.csv', data: csv(`${testUscc(3)},甲公司,enterprise,songjiang,,,,,,,,`) };
    expect((await service().importFile(admin, file)).created).toBe(1);
    const again = await service().importFile(admin, file);
    expect(again).toMatchObject({ created: 0, updated: 1 });
    const renamed = await service().importFile(admin, {
      name: 'b.csv',
      data: csv(`${testUscc(3)},甲公司（更名）,enterprise,songjiang,,,,,,,,`),
    });
    expect(renamed.updated).toBe(1);
    expect(await count()).toBe(1);
    expect((await new OrganisationRepository(ctx.db).getByUscc(testUscc(3)))?.name).toBe('甲公司（更名）');
  });

  it('a file with any error imports nothing and names row, column and rule in zh and en', async () => {
    const data = csv(
      `${testUscc(4)},好公司,enterprise,songjiang,,,,,,,,`,
      `${breakUscc(testUscc(5))},坏代码,enterprise,songjiang,,,,,,,,`,
      `${testUscc(6)},坏城市,enterprise,atlantis,,,,,,,,`,
      `${testUscc(7)},坏金额,enterprise,songjiang,,,,,2025,12.345,,`,
      `${testUscc(8)},缺设立城市,innovation_centre,songjiang,,,,,,,,`,
      `${testUscc(4)},重复,enterprise,songjiang,,,,,,,,`,
    );
    const error = await service()
      .importFile(admin, { data })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImportRejectedError);
    const issues = (error as ImportRejectedError).issues;
    const by = (row: number) => issues.find((i) => i.row === row);
    expect(by(3)).toMatchObject({ column: 'uscc', rule: 'uscc_check', path: 'row.3.uscc' });
    expect(by(3)?.zh).toContain('校验位');
    expect(by(3)?.en).toContain('check character');
    expect(by(4)).toMatchObject({ column: 'city', rule: 'invalid_value' });
    expect(by(5)).toMatchObject({ column: 'revenue_yuan', rule: 'yuan_amount' });
    expect(by(6)).toMatchObject({ column: 'centre_origin_city', rule: 'required_for_centre' });
    expect(by(7)).toMatchObject({ column: 'uscc', rule: 'duplicate_in_file' });
    expect(by(2)).toBeUndefined();
    expect(await count()).toBe(0);
    expect((await createAuditService({ db: ctx.db, clock }).verifyChain()).count).toBe(0);
  });

  it('allowPartial imports the valid rows only and reports the rest', async () => {
    const data = csv(
      `${testUscc(9)},好公司,enterprise,songjiang,,,,,,,,`,
      `${breakUscc(testUscc(10))},坏代码,enterprise,songjiang,,,,,,,,`,
      `${testUscc(11)},好公司二,enterprise,hangzhou,,,,,,,,`,
    );
    const report = await service().importFile(admin, { data }, { allowPartial: true });
    expect(report).toMatchObject({ rows: 3, valid: 2, created: 2, skipped: 1, committed: true });
    expect(report.issues.map((i) => [i.row, i.column, i.rule])).toEqual([[3, 'uscc', 'uscc_check']]);
    expect(await count()).toBe(2);
  });

  it('stores SQL-looking text as plain text', async () => {
    const name = "Robert'); DROP TABLE organisations;--";
    await service().importFile(admin, {
      data: csv(`${testUscc(12)},"${name}",enterprise,songjiang,,,,,,,,`),
    });
    expect((await new OrganisationRepository(ctx.db).getByUscc(testUscc(12)))?.name).toBe(name);
  });

  it('refuses a file without a required column, naming it', async () => {
    const data = new TextEncoder().encode(`uscc,name,city\n${testUscc(13)},x,songjiang`);
    const error = await service()
      .importFile(admin, { data })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({ path: 'header.kind', rule: 'missing_column' });
  });

  it('reads Excel .xlsx (Chinese headers, date and number cells) the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['统一社会信用代码', '名称', '类型', '城市', '资质', '年度', '营业收入（元）', '从业人数']);
    ws.addRow([testUscc(14), 'Excel 公司', '企业', '苏州', 'gazelle:2025-01-01', 2025, 5000000.5, 30]);
    ws.addRow([breakUscc(testUscc(15)), '坏行', '企业', '苏州', '', '', '', '']);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const rejected = await service()
      .importFile(admin, { name: 'orgs.xlsx', data })
      .catch((e: unknown) => e);
    expect((rejected as ImportRejectedError).issues).toMatchObject([
      { row: 3, column: 'uscc', rule: 'uscc_check' },
    ]);
    expect(await count()).toBe(0);
    const report = await service().importFile(admin, { name: 'orgs.xlsx', data }, { allowPartial: true });
    expect(report).toMatchObject({ format: 'xlsx', created: 1, skipped: 1 });
    const org = await new OrganisationRepository(ctx.db).getByUscc(testUscc(14));
    expect(org).toMatchObject({ city: 'suzhou', kind: 'enterprise' });
    expect(org?.figures[0]).toMatchObject({ year: 2025, revenue: 500000050, employees: 30 });
  });

  it('only an admin may import', async () => {
    await expect(service().importFile(actor('auditor'), { data: csv() })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
