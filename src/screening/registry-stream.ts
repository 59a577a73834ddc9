/**
 * Registries from files of any size, streamed row by row into the columnar registry: NDJSON
 * (applicant profiles, as `ceyuan generate` writes them), CSV (the registry's import columns, codes or
 * their labels) and .xlsx (the same columns, first worksheet). No file-size ceiling and no string of
 * the whole file: NDJSON and CSV are read twice — once to count the rows, so the columns are
 * allocated once at their final size, once to fill them; .xlsx grows its columns as it goes.
 *
 * Every row is checked by a hand-written validator (checkApplicant) that says what the calculator's
 * own schema says (`calcInputSchema(ref).shape.applicant`, zod) — the differential test holds the two
 * together — at a fraction of its cost. A bad row is named by its line (NDJSON) or spreadsheet row
 * (CSV, xlsx; the header is row 1) and field; up to 100 are reported, and nothing is returned.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type { Labelled, Reference } from '../core/catalogue/types.ts';
import { isIsoDate } from '../core/dates.ts';
import { type FieldIssue, InputError } from '../core/errors.ts';
import { columnForHeader, type ImportColumn } from '../service/registry/schema.ts';
import {
  addQualification,
  allocateRegistry,
  type ColumnarRegistry,
  dayNumber,
  dictionariesOf,
  mergePeriods,
  OPEN_END,
  resizeRegistry,
  setBit,
  writeUscc,
} from './columnar.ts';
import { lineSplitter } from './lines.ts';
import { xlsxRows } from './xlsx-rows.ts';

export type RegistryFileFormat = 'ndjson' | 'csv' | 'xlsx';

export interface StreamOptions {
  shared?: boolean;
  /** Keep every name in memory (for exports); off, a 10,000,000-row registry saves ~0.5 GB. */
  keepNames?: boolean;
  /** Stop after this many bad rows (default 100). */
  maxIssues?: number;
}

export function formatOfFile(file: string): RegistryFileFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.xlsx$/i.test(file)) return 'xlsx';
  return 'ndjson';
}

/** One row, checked, as dictionary indexes (code index, not +1). */
export interface CheckedRow {
  kind: number;
  city: number;
  /** -1: none */
  origin: number;
  sectors: number[];
  licences: number[];
  qualifications: [number, string, string | null][];
  uscc?: string;
  name?: string;
}

export type Check =
  | { ok: true; row: CheckedRow }
  | { ok: false; field: string; rule: string; zh: string; en: string };

const APPLICANT_KEYS = new Set([
  'name',
  'uscc',
  'kind',
  'city',
  'centreOriginCity',
  'sectors',
  'qualifications',
  'licences',
]);
const QUALIFICATION_KEYS = new Set(['code', 'from', 'to']);

function bad(field: string, rule: string, zh: string, en: string): Check {
  return { ok: false, field, rule, zh, en };
}

/** Code → index maps, and, for files people type (CSV, xlsx), their labels too. */
export interface Lookups {
  kinds: Map<string, number>;
  cities: Map<string, number>;
  sectors: Map<string, number>;
  licences: Map<string, number>;
  qualifications: Map<string, number>;
}

export function lookups(ref: Reference, withLabels: boolean): Lookups {
  const map = (list: Labelled[]) => {
    const m = new Map<string, number>();
    list.forEach((x, i) => {
      if (withLabels) {
        m.set(x.zh, i);
        m.set(x.en.toLowerCase(), i);
      }
      m.set(x.code, i);
    });
    return m;
  };
  return {
    kinds: map(ref.orgKinds),
    cities: map(ref.cities),
    sectors: map(ref.sectors),
    licences: map(ref.licences),
    qualifications: map(ref.qualifications),
  };
}

/**
 * An applicant profile as the calculator takes it (strict object, codes of the reference data,
 * qualifications with calendar dates, `to` not before `from`). Says what the zod schema says.
 */
export function checkApplicant(raw: unknown, lk: Lookups): Check {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return bad('', 'invalid_type', '应为对象', 'expected an object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!APPLICANT_KEYS.has(k)) return bad(k, 'unrecognized_keys', `未知字段 ${k}`, `unrecognized key ${k}`);
  const code = (field: string, v: unknown, m: Map<string, number>): number | Check => {
    if (typeof v !== 'string') return bad(field, 'invalid_type', '应为文本代码', 'expected a code');
    const i = m.get(v);
    return i === undefined ? bad(field, 'invalid_value', `未知代码 ${v}`, `unknown code ${v}`) : i;
  };
  const list = (field: string, v: unknown, m: Map<string, number>): number[] | Check => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return bad(field, 'invalid_type', '应为列表', 'expected a list');
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) {
      const c = code(`${field}.${i}`, v[i], m);
      if (typeof c !== 'number') return c;
      out.push(c);
    }
    return out;
  };
  const kind = code('kind', o.kind, lk.kinds);
  if (typeof kind !== 'number') return kind;
  const city = code('city', o.city, lk.cities);
  if (typeof city !== 'number') return city;
  let origin = -1;
  if (o.centreOriginCity !== undefined && o.centreOriginCity !== null) {
    const c = code('centreOriginCity', o.centreOriginCity, lk.cities);
    if (typeof c !== 'number') return c;
    origin = c;
  }
  const sectors = list('sectors', o.sectors, lk.sectors);
  if (!Array.isArray(sectors)) return sectors;
  const licences = list('licences', o.licences, lk.licences);
  if (!Array.isArray(licences)) return licences;
  const qualifications: CheckedRow['qualifications'] = [];
  if (o.qualifications !== undefined) {
    if (!Array.isArray(o.qualifications))
      return bad('qualifications', 'invalid_type', '应为列表', 'expected a list');
    for (let i = 0; i < o.qualifications.length; i++) {
      const q = o.qualifications[i] as Record<string, unknown>;
      const at = `qualifications.${i}`;
      if (typeof q !== 'object' || q === null || Array.isArray(q))
        return bad(at, 'invalid_type', '应为对象', 'expected an object');
      for (const k of Object.keys(q))
        if (!QUALIFICATION_KEYS.has(k))
          return bad(`${at}.${k}`, 'unrecognized_keys', `未知字段 ${k}`, `unrecognized key ${k}`);
      const c = code(`${at}.code`, q.code, lk.qualifications);
      if (typeof c !== 'number') return c;
      if (!isIsoDate(q.from))
        return bad(
          `${at}.from`,
          'custom',
          '须为有效的日历日期（YYYY-MM-DD）',
          'must be a calendar date YYYY-MM-DD',
        );
      let to: string | null = null;
      if (q.to !== undefined && q.to !== null) {
        if (!isIsoDate(q.to))
          return bad(
            `${at}.to`,
            'custom',
            '须为有效的日历日期（YYYY-MM-DD）',
            'must be a calendar date YYYY-MM-DD',
          );
        if (q.to < q.from)
          return bad(`${at}.to`, 'custom', '截止日期不得早于起始日期', 'to must not be before from');
        to = q.to;
      }
      qualifications.push([c, q.from, to]);
    }
  }
  const row: CheckedRow = { kind, city, origin, sectors, licences, qualifications };
  if (o.name !== undefined) {
    if (typeof o.name !== 'string') return bad('name', 'invalid_type', '应为文本', 'expected text');
    if (o.name.length > 200) return bad('name', 'too_big', '不超过 200 个字符', 'at most 200 characters');
    row.name = o.name;
  }
  if (o.uscc !== undefined) {
    if (typeof o.uscc !== 'string') return bad('uscc', 'invalid_type', '应为文本', 'expected text');
    if (o.uscc.length > 18) return bad('uscc', 'too_big', '不超过 18 个字符', 'at most 18 characters');
    row.uscc = o.uscc;
  }
  return { ok: true, row };
}

/** Writes checked rows into a registry allocated up front (or grown, when the count is unknown). */
class RowSink {
  reg: ColumnarRegistry;
  size = 0;
  readonly issues: FieldIssue[] = [];

  constructor(
    ref: Reference,
    capacity: number,
    private readonly opts: StreamOptions,
    private readonly grow: boolean,
  ) {
    this.reg = allocateRegistry(dictionariesOf(ref), Math.max(capacity, 1), { shared: opts.shared ?? false });
    if (opts.keepNames) this.reg.names = [];
  }

  get full(): boolean {
    return this.issues.length >= (this.opts.maxIssues ?? 100);
  }

  issue(where: string, check: Extract<Check, { ok: false }>): void {
    this.issues.push({
      path: `${where}${check.field ? ` ${check.field}` : ''}`,
      rule: check.rule,
      zh: check.zh,
      en: check.en,
    });
  }

  add(row: CheckedRow): void {
    if (this.issues.length > 0) return; // the registry will not be returned: stop writing
    if (this.size === this.reg.kind.length) {
      if (!this.grow) throw new Error('registry stream: more rows than counted');
      this.reg = resizeRegistry({ ...this.reg, size: this.size }, Math.ceil(this.size * 1.5) + 1024);
    }
    const reg = this.reg;
    const r = this.size++;
    reg.kind[r] = row.kind + 1;
    reg.city[r] = row.city + 1;
    reg.centreOriginCity[r] = row.origin + 1;
    for (const s of row.sectors) setBit(reg.sectors, reg.sectorWords, r, s);
    for (const l of row.licences) setBit(reg.licences, reg.licenceWords, r, l);
    if (row.qualifications.length === 1) {
      const [q, from, to] = row.qualifications[0]!;
      addQualification(reg, r, q, dayNumber(from), to ? dayNumber(to) : OPEN_END);
    } else if (row.qualifications.length > 1) {
      const byCode = new Map<number, [number, number][]>();
      for (const [q, from, to] of row.qualifications) {
        const list = byCode.get(q) ?? [];
        list.push([dayNumber(from), to ? dayNumber(to) : OPEN_END]);
        byCode.set(q, list);
      }
      for (const [q, list] of byCode)
        for (const [f, t] of mergePeriods(list)) addQualification(reg, r, q, f, t);
    }
    if (row.uscc) writeUscc(reg, r, row.uscc);
    if (reg.names) reg.names[r] = row.name;
  }

  finish(): ColumnarRegistry {
    if (this.issues.length > 0) throw new InputError(this.issues);
    this.reg.size = this.size;
    return this.reg;
  }
}

/** Line feeds in a file: an upper bound of its rows, read in 1 MiB blocks. */
function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let lines = 1;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return lines;
      let at = buf.indexOf(10, 0);
      while (at >= 0 && at < n) {
        lines++;
        at = buf.indexOf(10, at + 1);
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function streamNdjson(ref: Reference, file: string, opts: StreamOptions): Promise<ColumnarRegistry> {
  const sink = new RowSink(ref, countLines(file), opts, false);
  const lk = lookups(ref, false);
  let line = 0;
  const onLine = (buf: Buffer, start: number, end: number) => {
    line++;
    if (end > start && buf[end - 1] === 13) end--; // CRLF
    let blank = true;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c !== 32 && c !== 9) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    let raw: unknown;
    try {
      raw = JSON.parse(buf.toString('utf8', start, end));
    } catch (e) {
      sink.issue(`${file}:${line}`, {
        ok: false,
        field: '',
        rule: 'json',
        zh: `不是有效的 JSON：${(e as Error).message}`,
        en: `not valid JSON: ${(e as Error).message}`,
      });
      return;
    }
    const check = checkApplicant(raw, lk);
    if (check.ok) sink.add(check.row);
    else sink.issue(`${file}:${line}`, check);
  };
  const lines = lineSplitter(onLine, () => sink.full);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    lines.push(chunk as Buffer);
    if (sink.full) break;
  }
  lines.end();
  return sink.finish();
}

/** The text of a spreadsheet row (CSV or xlsx cells) as the applicant shape, codes or labels. */
function rowFromCells(
  cells: (columnAt: ImportColumn) => string | undefined,
  present: Set<ImportColumn>,
): Record<string, unknown> {
  const listOf = (s: string | undefined) =>
    (s ?? '')
      .split(/[;；,，、|]/)
      .map((x) => x.trim())
      .filter(Boolean);
  const raw: Record<string, unknown> = {
    kind: cells('kind')?.trim() ?? '',
    city: cells('city')?.trim() ?? '',
  };
  const uscc = cells('uscc')?.trim().toUpperCase();
  if (uscc) raw.uscc = uscc;
  const name = cells('name')?.trim();
  if (name) raw.name = name;
  const origin = cells('centre_origin_city')?.trim();
  if (origin) raw.centreOriginCity = origin;
  if (present.has('sectors')) raw.sectors = listOf(cells('sectors'));
  if (present.has('licences')) raw.licences = listOf(cells('licences'));
  if (present.has('qualifications')) {
    raw.qualifications = (cells('qualifications') ?? '')
      .split(/[;；]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .map((q) => {
        const [code, from, to] = q.split(':').map((p) => p.trim());
        return to ? { code, from, to } : { code, from };
      });
  }
  return raw;
}

/** Labels in CSV/xlsx cells are matched case-insensitively for English. */
function labelled(lk: Lookups): Lookups {
  const ci = (m: Map<string, number>) => {
    const out = new Map(m);
    return {
      get: (k: string) => out.get(k) ?? out.get(k.toLowerCase()),
    } as unknown as Map<string, number>;
  };
  return {
    kinds: ci(lk.kinds),
    cities: ci(lk.cities),
    sectors: ci(lk.sectors),
    licences: ci(lk.licences),
    qualifications: ci(lk.qualifications),
  };
}

function headerColumns(headers: string[], file: string): Map<number, ImportColumn> {
  const at = new Map<number, ImportColumn>();
  headers.forEach((h, i) => {
    const c = columnForHeader(String(h ?? ''));
    if (c) at.set(i, c);
  });
  const present = new Set(at.values());
  const missing = (['kind', 'city'] as ImportColumn[]).filter((c) => !present.has(c));
  if (missing.length > 0)
    throw new InputError(
      missing.map((c) => ({
        path: `${file}:1 ${c}`,
        rule: 'missing_column',
        zh: `缺少必填列 ${c}`,
        en: `required column ${c} is missing`,
      })),
    );
  return at;
}

/** UTF-8 (with or without BOM), else GB18030 as Excel saves CSV on Chinese Windows. */
function decoderFor(file: string): Transform | null {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(1 << 16);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  try {
    // A multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, n), { stream: true });
    return null;
  } catch {
    const decoder = new TextDecoder('gb18030');
    return new Transform({
      transform(chunk: Buffer, _enc, done) {
        done(null, decoder.decode(chunk, { stream: true }));
      },
      flush(done) {
        done(null, decoder.decode());
      },
    });
  }
}

async function streamCsv(ref: Reference, file: string, opts: StreamOptions): Promise<ColumnarRegistry> {
  const sink = new RowSink(ref, countLines(file), opts, false);
  const lk = labelled(lookups(ref, true));
  const parser = parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const decode = decoderFor(file);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  (decode ? source.pipe(decode) : source).pipe(parser);
  let at: Map<number, ImportColumn> | null = null;
  let present = new Set<ImportColumn>();
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!at) {
      at = headerColumns(record, file);
      present = new Set(at.values());
      continue;
    }
    const byColumn = new Map<ImportColumn, string>();
    for (const [i, c] of at) byColumn.set(c, record[i] ?? '');
    const check = checkApplicant(
      rowFromCells((c) => byColumn.get(c), present),
      lk,
    );
    if (check.ok) sink.add(check.row);
    else sink.issue(`${file}:${info.lines}`, check);
    if (sink.full) {
      source.destroy();
      break;
    }
  }
  return sink.finish();
}

async function streamXlsx(ref: Reference, file: string, opts: StreamOptions): Promise<ColumnarRegistry> {
  const sink = new RowSink(ref, 1 << 16, opts, true);
  const lk = labelled(lookups(ref, true));
  let at: Map<number, ImportColumn> | null = null;
  let present = new Set<ImportColumn>();
  for await (const row of xlsxRows(file)) {
    if (!at) {
      at = headerColumns(row.cells, file);
      present = new Set(at.values());
      continue;
    }
    if (row.cells.every((v) => v.trim() === '')) continue;
    const byColumn = new Map<ImportColumn, string>();
    for (const [i, c] of at) byColumn.set(c, row.cells[i] ?? '');
    const check = checkApplicant(
      rowFromCells((c) => byColumn.get(c), present),
      lk,
    );
    if (check.ok) sink.add(check.row);
    else sink.issue(`${file}:${row.number}`, check);
    if (sink.full) break;
  }
  return sink.finish();
}

/** A registry file of any size, streamed into the columnar form; a bad row is named, nothing returned. */
export async function streamRegistryFile(
  ref: Reference,
  file: string,
  opts: StreamOptions = {},
): Promise<ColumnarRegistry> {
  const format = formatOfFile(file);
  if (format === 'csv') return streamCsv(ref, file, opts);
  if (format === 'xlsx') return streamXlsx(ref, file, opts);
  return streamNdjson(ref, file, opts);
}
