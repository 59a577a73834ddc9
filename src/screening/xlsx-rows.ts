/**
 * The rows of an .xlsx file's first worksheet, streamed: the sheet's XML is read from the zip as a
 * stream and parsed as it comes (saxes), so a sheet of a million rows never sits in memory; only its
 * shared strings (the distinct texts) do. Cells come back as text (numbers as written, booleans as
 * TRUE/FALSE), placed by their column letter.
 *
 * Why not exceljs's streaming reader: it decodes each compressed chunk to text on its own, so a
 * Chinese character cut by a chunk boundary comes out as U+FFFD now and then (exceljs issues #2063,
 * #2316); here one streaming TextDecoder per entry carries the cut bytes over to the next chunk.
 */
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type unzipper from 'unzipper';

export interface SheetRow {
  /** The spreadsheet's row number (the header is row 1). */
  number: number;
  cells: string[];
}

type Entry = unzipper.File;

async function readXml(
  entry: Entry,
  on: {
    open?: (tag: SaxesTagPlain) => void;
    text?: (t: string) => void;
    close?: (tag: SaxesTagPlain) => void;
  },
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser();
  let error: Error | null = null;
  parser.on('error', (e) => {
    error = e;
  });
  if (on.open) parser.on('opentag', on.open as (t: SaxesTagPlain) => void);
  if (on.text) parser.on('text', on.text);
  if (on.close) parser.on('closetag', on.close as (t: SaxesTagPlain) => void);
  for await (const chunk of entry.stream() as Readable) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    if (error) throw error;
  }
  parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
}

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const v = tag.attributes[name];
  return typeof v === 'string' ? v : undefined;
}

/** "AB12" → 27 (zero-based column). */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** The path of the first worksheet in the zip (workbook.xml's first sheet, through its relationship). */
async function firstSheetPath(files: Entry[]): Promise<string> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const workbook = byPath.get('xl/workbook.xml');
  const rels = byPath.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new Error('not an .xlsx workbook');
  let firstId: string | undefined;
  await readXml(workbook, {
    open: (t) => {
      if (t.name === 'sheet' && !firstId) firstId = attr(t, 'r:id');
    },
  });
  let target: string | undefined;
  await readXml(rels, {
    open: (t) => {
      if (t.name === 'Relationship' && attr(t, 'Id') === firstId) target = attr(t, 'Target');
    },
  });
  if (!target) throw new Error('the workbook has no worksheet');
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

async function sharedStrings(files: Entry[]): Promise<string[]> {
  const entry = files.find((f) => f.path === 'xl/sharedStrings.xml');
  const out: string[] = [];
  if (!entry) return out;
  let inSi = false;
  let inT = false;
  let inPhonetic = false;
  let text = '';
  await readXml(entry, {
    open: (t) => {
      if (t.name === 'si') {
        inSi = true;
        text = '';
      } else if (t.name === 'rPh') inPhonetic = true;
      else if (t.name === 't' && inSi && !inPhonetic) inT = true;
    },
    text: (s) => {
      if (inT) text += s;
    },
    close: (t) => {
      if (t.name === 't') inT = false;
      else if (t.name === 'rPh') inPhonetic = false;
      else if (t.name === 'si') {
        out.push(text);
        inSi = false;
      }
    },
  });
  return out;
}

/** Rows of the first worksheet, in order, with their spreadsheet row numbers. */
export async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  // Loaded on first use, like exceljs (src/service/excel.ts): few processes read an .xlsx.
  const { default: unzip } = await import('unzipper');
  const directory = await unzip.Open.file(file);
  const files = directory.files;
  const strings = await sharedStrings(files);
  const path = await firstSheetPath(files);
  const sheet = files.find((f) => f.path === path);
  if (!sheet) throw new Error(`worksheet ${path} is missing from the workbook`);

  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser();
  let error: Error | null = null;
  const ready: SheetRow[] = [];
  let row: SheetRow | null = null;
  let nextRow = 1;
  let cellType = '';
  let cellColumn = 0;
  let nextColumn = 0;
  let inValue = false;
  let value = '';
  parser.on('error', (e) => {
    error = e;
  });
  parser.on('opentag', (t) => {
    switch (t.name) {
      case 'row': {
        const r = Number(attr(t, 'r'));
        row = { number: Number.isInteger(r) && r > 0 ? r : nextRow, cells: [] };
        nextRow = row.number + 1;
        nextColumn = 0;
        break;
      }
      case 'c': {
        const ref = attr(t, 'r');
        cellColumn = ref ? columnOf(ref) : nextColumn;
        nextColumn = cellColumn + 1;
        cellType = attr(t, 't') ?? 'n';
        value = '';
        break;
      }
      case 'v':
      case 't':
        inValue = true;
        break;
    }
  });
  parser.on('text', (s) => {
    if (inValue) value += s;
  });
  parser.on('closetag', (t) => {
    switch (t.name) {
      case 'v':
      case 't':
        inValue = false;
        break;
      case 'c':
        if (row) {
          let text = value;
          if (cellType === 's') text = strings[Number(value)] ?? '';
          else if (cellType === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
          else if (cellType === 'e') text = '';
          row.cells[cellColumn] = text;
        }
        break;
      case 'row':
        if (row) {
          for (let i = 0; i < row.cells.length; i++) row.cells[i] ??= '';
          ready.push(row);
        }
        row = null;
        break;
    }
  });
  for await (const chunk of sheet.stream() as Readable) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    if (error) throw error;
    while (ready.length) yield ready.shift()!;
  }
  parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
  while (ready.length) yield ready.shift()!;
}
