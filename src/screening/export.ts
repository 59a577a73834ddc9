/**
 * Exports of screening results for officers: CSV (UTF-8 with BOM, so Excel reads the Chinese) and
 * .xlsx (streamed, a new sheet every 1,000,000 rows — Excel's limit is 1,048,576). Both from a
 * stored run (page by page from the database) and from an in-memory screen of the columnar registry.
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { type Catalogue, isMonetary } from '../core/catalogue/types.ts';
import { fenToInput } from '../core/money.ts';
import { safeCells } from '../core/spreadsheet.ts';
import type { Actor } from '../service/applications/ports.ts';
import { loadExcel } from '../service/excel.ts';
import { type ColumnarRegistry, usccOf } from './columnar.ts';
import { syntheticNamer } from './generate.ts';
import type { ResultRow, ScreeningService } from './runs.ts';
import { hasRow, type ScreenResult } from './screen.ts';
import { upperBoundOf } from './simulate.ts';

export type ExportFormat = 'csv' | 'xlsx';

const MODE_ZH: Record<string, string> = { automatic: '免申即享', invitation: '快申快享', none: '—' };

export interface RowSink {
  rows(values: (string | number | boolean)[][]): Promise<void>;
  close(): Promise<void>;
}

const SHEET_ROWS = 1_000_000;

function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(chunk)) {
      resolve();
      return;
    }
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (e: Error) => {
      out.off('drain', onDrain);
      reject(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

export async function sinkFor(
  format: ExportFormat,
  out: Writable,
  header: string[],
  sheetName = '筛查结果',
): Promise<RowSink> {
  if (format === 'csv') {
    let started = false;
    return {
      async rows(raw) {
        const values = raw.map(safeCells);
        const text = stringify(started ? values : [header, ...values]);
        await write(out, started ? text : `\uFEFF${text}`);
        started = true;
      },
      async close() {
        if (!started) await write(out, `\uFEFF${stringify([header])}`);
        await new Promise<void>((resolve) => out.end(resolve));
      },
    };
  }
  const Excel = await loadExcel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  let sheet: ExcelJS.Worksheet | null = null;
  let inSheet = 0;
  let sheets = 0;
  const newSheet = () => {
    sheets++;
    sheet = workbook.addWorksheet(sheets === 1 ? sheetName : `${sheetName}${sheets}`);
    sheet.addRow(header).commit();
    inSheet = 0;
  };
  return {
    async rows(values) {
      for (const row of values) {
        const v = safeCells(row);
        if (!sheet || inSheet >= SHEET_ROWS) {
          (sheet as ExcelJS.Worksheet | null)?.commit();
          newSheet();
        }
        sheet!.addRow(v).commit();
        inSheet++;
      }
    },
    async close() {
      if (!sheet) newSheet();
      (sheet as unknown as ExcelJS.Worksheet).commit();
      await workbook.commit();
    },
  };
}

export const RUN_HEADER = [
  '统一社会信用代码',
  '名称',
  '类型',
  '城市',
  '措施',
  '措施名称',
  '方式',
  '本次新增',
  '通知状态',
  '最高可获金额（元）',
  '金额口径',
];

const NOTICE_ZH: Record<string, string> = {
  new: '未读',
  read: '已读',
  confirmed: '已确认',
  dismissed: '已忽略',
};

/**
 * What an officer reads in a spreadsheet: names for codes (类型, 城市, 通知状态) and the most the
 * organisation may get under the measure (the text's cap or fixed sum: the base figures are not
 * known before an application), exact in yuan, with what kind of figure it is.
 */
function runRow(r: ResultRow, catalogue: Catalogue): (string | boolean)[] {
  const label = (list: { code: string; zh: string }[], code: string) =>
    list.find((x) => x.code === code)?.zh ?? code;
  const measure = catalogue.byId.get(r.measureId);
  const amount = measure && isMonetary(measure.benefit) ? upperBoundOf(measure.benefit) : null;
  const basis =
    !measure || !isMonetary(measure.benefit)
      ? '—'
      : measure.benefit.kind === 'fixed'
        ? '定额'
        : measure.benefit.kind === 'tiered_pending'
          ? '上限（待实施细则）'
          : measure.benefit.kind === 'unspecified'
            ? '文件未定金额'
            : '上限（按核定基数计算）';
  return [
    r.uscc,
    r.name,
    label(catalogue.reference.orgKinds, r.kind),
    label(catalogue.reference.cities, r.city),
    r.measureId,
    r.measureTitle,
    MODE_ZH[r.mode] ?? r.mode,
    r.newInThisRun ? '是' : '',
    NOTICE_ZH[r.noticeStatus] ?? r.noticeStatus,
    amount === null ? '' : fenToInput(amount, 'yuan'),
    basis,
  ];
}

/** A stored run's results, page by page. Returns the number of rows written. */
export async function exportRun(
  service: ScreeningService,
  actor: Actor,
  runId: string,
  format: ExportFormat,
  out: Writable,
  catalogue: Catalogue,
): Promise<number> {
  const sink = await sinkFor(format, out, RUN_HEADER);
  let n = 0;
  for await (const page of service.results(actor, runId)) {
    await sink.rows(page.map((r) => runRow(r, catalogue)));
    n += page.length;
  }
  await sink.close();
  return n;
}

export const SCREEN_HEADER = ['统一社会信用代码', '名称', '类型', '城市', '措施', '措施名称', '方式'];

/** An in-memory screen's (organisation, measure) pairs, organisation by organisation. */
export async function exportScreen(
  result: ScreenResult,
  reg: ColumnarRegistry,
  catalogue: Catalogue,
  format: ExportFormat,
  out: Writable,
  opts: { onlyMonetary?: boolean } = {},
): Promise<number> {
  const sink = await sinkFor(format, out, SCREEN_HEADER);
  const name = syntheticNamer(catalogue.reference);
  const picked = result.measures
    .map((m, i) => ({ m, i }))
    .filter(
      ({ m }) => !opts.onlyMonetary || (m.benefit.kind !== 'service' && m.benefit.kind !== 'constraint'),
    );
  let n = 0;
  let batch: (string | number)[][] = [];
  for (let r = 0; r < reg.size; r++) {
    for (const { m, i } of picked) {
      if (!hasRow(result.bitsets[i]!, r)) continue;
      batch.push([
        usccOf(reg, r) ?? '',
        name(reg, r),
        reg.dict.kinds[reg.kind[r]! - 1]!,
        reg.dict.cities[reg.city[r]! - 1]!,
        m.id,
        m.title.zh,
        MODE_ZH[result.modes[i]!] ?? '',
      ]);
    }
    if (batch.length >= 10_000) {
      await sink.rows(batch);
      n += batch.length;
      batch = [];
    }
  }
  await sink.rows(batch);
  n += batch.length;
  await sink.close();
  return n;
}
