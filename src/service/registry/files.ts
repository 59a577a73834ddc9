/**
 * Reads an import file into header + rows of text cells, whatever it came as: CSV (UTF-8 with or
 * without BOM, or GB18030 as saved by Excel on Chinese Windows) or Excel .xlsx (first worksheet).
 * Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
 */
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { InputError } from '../../core/errors.ts';
import { loadExcel } from '../excel.ts';

export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: SheetRow[];
}

export const MAX_IMPORT_ROWS = 100_000;

function fileError(rule: string, zh: string, en: string): InputError {
  return new InputError([{ path: 'file', rule, zh, en }]);
}

export function detectFormat(data: Uint8Array, name?: string): 'csv' | 'xlsx' {
  // .xlsx is a zip: it starts with "PK\x03\x04" whatever the file is called.
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  if (name && /\.xls$/i.test(name)) {
    throw fileError(
      'unsupported_format',
      '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV',
      'legacy .xls is not supported: save as .xlsx or CSV',
    );
  }
  return 'csv';
}

function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function parseCsv(data: Uint8Array): Sheet {
  let records: string[][];
  try {
    records = parse(decodeText(data), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
  } catch (e) {
    throw fileError(
      'csv_syntax',
      `CSV 格式错误：${(e as Error).message}`,
      `CSV syntax error: ${(e as Error).message}`,
    );
  }
  const [headers = [], ...body] = records;
  const rows = body
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { format: 'csv', headers, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates are calendar days stored as UTC midnight.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function parseXlsx(data: Uint8Array): Promise<Sheet> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw fileError(
      'xlsx_unreadable',
      `无法读取 Excel 文件：${(e as Error).message}`,
      `cannot read the Excel file: ${(e as Error).message}`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileError('xlsx_empty', 'Excel 文件没有工作表', 'the Excel file has no worksheet');
  const width = sheet.columnCount;
  const read = (rowNumber: number) => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
  };
  const headers = read(1);
  const rows: SheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const cells = read(r);
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: r, cells });
  }
  return { format: 'xlsx', headers, rows };
}

export async function readSheet(data: Uint8Array, name?: string): Promise<Sheet> {
  if (data.length === 0) throw fileError('empty_file', '文件为空', 'the file is empty');
  const sheet = detectFormat(data, name) === 'xlsx' ? await parseXlsx(data) : parseCsv(data);
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    throw fileError(
      'too_many_rows',
      `一次最多导入 ${MAX_IMPORT_ROWS} 行`,
      `at most ${MAX_IMPORT_ROWS} rows per import`,
    );
  }
  return sheet;
}
