/**
 * The registry in the database, read into the columnar form in one COPY: every organisation with its
 * qualifications aggregated on the server, streamed as text and decoded byte by byte into typed
 * arrays. No object per row, no JSON: this is the "load" of a bulk screening run (runs-bulk.ts), and
 * reads 1,000,000 organisations in about the time the server takes to write them out.
 *
 * Row r of the registry is organisation `idAt(r)`; the ids stay as their 36 ASCII bytes (`ids`), so
 * writing results back copies bytes instead of making a million strings. Codes the reference data
 * does not know are left out of the row and counted (as loadRegistryFromDb does).
 */
import type { Reference } from '../core/catalogue/types.ts';
import { copyOut } from '../storage/bulk.ts';
import type { Db } from '../storage/schema.ts';
import {
  addQualification,
  allocateRegistry,
  type ColumnarRegistry,
  dictionariesOf,
  OPEN_END,
  resizeRegistry,
  setBit,
} from './columnar.ts';
import { lineSplitter } from './lines.ts';

export const UUID_LENGTH = 36;

export interface CopiedRegistry {
  /** The organisations read: all of them, or those that pass `where`. */
  registry: ColumnarRegistry;
  /** Organisations in the registry (read or left out by `where`), in the same snapshot. */
  total: number;
  /** 36 ASCII bytes per row: the organisation's id. */
  ids: Uint8Array;
  /** Values whose code the reference data does not know (left out of the row). */
  unknownCodes: number;
}

export function idAt(ids: Uint8Array, row: number): string {
  return Buffer.from(ids.buffer, ids.byteOffset + row * UUID_LENGTH, UUID_LENGTH).toString('latin1');
}

/**
 * Read in one snapshot (storage/bulk.ts copyOut): the registry's size, then
 * - all organisations (`where` null): two plain scans, the organisations then their qualifications
 *   with the dates already day numbers (days since 1970-01-01; '-' for an open end), joined on this
 *   side (a hash of the ids);
 * - the organisations `where` lets through: one scan, each row carrying its qualifications
 *   (code, from and to separated by U+001F, joined by U+001E: no code can hold them; looked up
 *   through the key on organisation_id) — the
 *   qualifications' own scan would read the organisations a second time to filter them.
 */
export function registryCopyQueries(where: string | null): string[] {
  const days = (col: string) => `(${col} - DATE '1970-01-01')`;
  if (where)
    return [
      'SELECT count(*) FROM organisations',
      `SELECT o.id, o.kind, o.city, o.centre_origin_city, o.sectors, o.licences,
         (SELECT string_agg(q.code || chr(31) || ${days('q.valid_from')} || chr(31) || coalesce(${days('q.valid_to')}::text, '-'), chr(30))
            FROM organisation_qualifications q WHERE q.organisation_id = o.id)
       FROM organisations o WHERE ${where}`,
    ];
  return [
    'SELECT count(*) FROM organisations',
    'SELECT o.id, o.kind, o.city, o.centre_origin_city, o.sectors, o.licences FROM organisations o',
    `SELECT q.organisation_id, q.code, ${days('q.valid_from')}, coalesce(${days('q.valid_to')}::text, '-')
       FROM organisation_qualifications q`,
  ];
}

const TAB = 9;
const NL = 10;
const COMMA = 44;
/** Unit and record separators: between a qualification's fields, and between qualifications. */
const US = 31;
const RS = 30;
const DASH = 45;
const BACKSLASH = 92;

/**
 * Codes looked up by their bytes (FNV-1a hash, then a byte compare): no string is made per field.
 * Returns the code's index, or -1.
 */
class CodeIndex {
  private readonly byHash = new Map<number, { bytes: Uint8Array; index: number }[]>();

  constructor(codes: readonly string[]) {
    codes.forEach((code, index) => {
      const bytes = Buffer.from(code, 'utf8');
      const h = CodeIndex.hash(bytes, 0, bytes.length);
      const list = this.byHash.get(h) ?? [];
      list.push({ bytes, index });
      this.byHash.set(h, list);
    });
  }

  static hash(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    return h >>> 0;
  }

  find(buf: Uint8Array, start: number, end: number): number {
    const list = this.byHash.get(CodeIndex.hash(buf, start, end));
    if (!list) return -1;
    outer: for (const c of list) {
      if (c.bytes.length !== end - start) continue;
      for (let i = 0; i < c.bytes.length; i++) if (c.bytes[i] !== buf[start + i]) continue outer;
      return c.index;
    }
    return -1;
  }
}

/** A decimal integer (possibly negative) in buf[start, end). */
function int(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let sign = 1;
  let i = start;
  if (buf[i] === DASH) {
    sign = -1;
    i++;
  }
  for (; i < end; i++) n = n * 10 + (buf[i]! - 48);
  return sign * n;
}

/**
 * `where` (SQL over `organisations o`, values written in: compile-sql.ts prefilterSql) reads only the
 * organisations that can fit one of a run's measures; null reads all.
 */
export async function copyRegistryFromDb(
  db: Db,
  ref: Reference,
  opts: { where?: string | null } = {},
): Promise<CopiedRegistry> {
  const dict = dictionariesOf(ref);
  const idx = {
    kinds: new CodeIndex(dict.kinds),
    cities: new CodeIndex(dict.cities),
    sectors: new CodeIndex(dict.sectors),
    licences: new CodeIndex(dict.licences),
    qualifications: new CodeIndex(dict.qualifications),
  };
  // Sized once the count (the first query) is in; grown if the snapshot holds more than hinted.
  let capacity = 1024;
  let reg = allocateRegistry(dict, capacity);
  let ids = new Uint8Array(capacity * UUID_LENGTH);
  let size = 0;
  let unknownCodes = 0;
  const starts = new Int32Array(8);

  const code = (c: CodeIndex, buf: Uint8Array, a: number, b: number): number => {
    const i = c.find(buf, a, b);
    if (i < 0) unknownCodes++;
    return i;
  };
  const isNull = (buf: Uint8Array, a: number, b: number) => b - a === 2 && buf[a] === BACKSLASH;
  /** `{a,b}` (codes never need quoting) into the row's bitset. */
  const bits = (
    buf: Uint8Array,
    a: number,
    b: number,
    c: CodeIndex,
    words: Uint32Array,
    per: number,
    row: number,
  ) => {
    let s = a + 1;
    const e = b - 1;
    if (e <= s) return;
    for (let i = s; i <= e; i++) {
      if (i === e || buf[i] === COMMA) {
        const k = code(c, buf, s, i);
        if (k >= 0) setBit(words, per, row, k);
        s = i + 1;
      }
    }
  };

  const decodeOrganisation = (buf: Uint8Array, start: number, end: number) => {
    let f = 0;
    starts[0] = start;
    for (let i = start; i < end && f < 7; i++) if (buf[i] === TAB) starts[++f] = i + 1;
    if (f !== 5 && f !== 6) throw new Error(`registry copy: an organisation row with ${f + 1} fields`);
    starts[f + 1] = end + 1;
    if (size === capacity) {
      capacity = Math.ceil(capacity * 1.5);
      reg = resizeRegistry({ ...reg, size }, capacity);
      const grown = new Uint8Array(capacity * UUID_LENGTH);
      grown.set(ids);
      ids = grown;
    }
    const row = size++;
    // (No closures here: a function made per row costs more than the row.)
    const o = row * UUID_LENGTH;
    for (let i = 0; i < UUID_LENGTH; i++) ids[o + i] = buf[start + i]!;
    reg.kind[row] = code(idx.kinds, buf, starts[1]!, starts[2]! - 1) + 1;
    reg.city[row] = code(idx.cities, buf, starts[2]!, starts[3]! - 1) + 1;
    reg.centreOriginCity[row] = isNull(buf, starts[3]!, starts[4]! - 1)
      ? 0
      : code(idx.cities, buf, starts[3]!, starts[4]! - 1) + 1;
    bits(buf, starts[4]!, starts[5]! - 1, idx.sectors, reg.sectors, reg.sectorWords, row);
    bits(buf, starts[5]!, starts[6]! - 1, idx.licences, reg.licences, reg.licenceWords, row);
    if (f === 6 && !isNull(buf, starts[6]!, end)) qualificationList(buf, starts[6]!, end, row);
  };

  /** A row's qualifications: "code␟from␟to␞code␟from␟to" (see registryCopyQueries). */
  const qualificationList = (buf: Uint8Array, start: number, end: number, row: number) => {
    let s = start;
    for (let i = start; i <= end; i++) {
      if (i < end && buf[i] !== RS) continue;
      const sp1 = buf.indexOf(US, s);
      const sp2 = buf.indexOf(US, sp1 + 1);
      if (sp1 < 0 || sp2 < 0 || sp2 >= i) throw new Error('registry copy: a malformed qualification');
      const q = code(idx.qualifications, buf, s, sp1);
      if (q >= 0) {
        const from = int(buf, sp1 + 1, sp2);
        const until = i - sp2 === 2 && buf[sp2 + 1] === DASH ? OPEN_END : int(buf, sp2 + 1, i);
        addQualification(reg, row, q, from, until);
      }
      s = i + 1;
    }
  };

  // Rows by id: open addressing over the ids' bytes, built once the organisations are read.
  let slots = new Int32Array(0);
  let mask = 0;
  const buildIndex = () => {
    let n = 1;
    while (n < size * 2) n <<= 1;
    slots = new Int32Array(n).fill(-1);
    mask = n - 1;
    for (let r = 0; r < size; r++) {
      let h = CodeIndex.hash(ids, r * UUID_LENGTH, (r + 1) * UUID_LENGTH) & mask;
      while (slots[h] !== -1) h = (h + 1) & mask;
      slots[h] = r;
    }
  };
  const rowOf = (buf: Uint8Array, start: number): number => {
    let h = CodeIndex.hash(buf, start, start + UUID_LENGTH) & mask;
    for (;;) {
      const r = slots[h]!;
      if (r === -1) return -1;
      const o = r * UUID_LENGTH;
      let same = true;
      for (let i = 0; i < UUID_LENGTH; i++)
        if (ids[o + i] !== buf[start + i]) {
          same = false;
          break;
        }
      if (same) return r;
      h = (h + 1) & mask;
    }
  };
  /**
   * "id code from to": held from..to (day numbers). Two periods of one code each take a layer
   * (addQualification): a day is held when any layer holds it, as if they had been merged.
   */
  const decodeQualification = (buf: Uint8Array, start: number, end: number) => {
    let f = 0;
    starts[0] = start;
    for (let i = start; i < end && f < 4; i++) if (buf[i] === TAB) starts[++f] = i + 1;
    if (f !== 3) throw new Error(`registry copy: a qualification row with ${f + 1} fields`);
    const row = rowOf(buf, start);
    if (row < 0) return; // an organisation added after the snapshot's … cannot happen in one snapshot
    const q = code(idx.qualifications, buf, starts[1]!, starts[2]! - 1);
    if (q < 0) return;
    const from = int(buf, starts[2]!, starts[3]! - 1);
    const until = end - starts[3]! === 1 && buf[starts[3]!] === DASH ? OPEN_END : int(buf, starts[3]!, end);
    addQualification(reg, row, q, from, until);
  };

  let current = 0;
  let total = 0;
  const organisations = lineSplitter(decodeOrganisation);
  const qualifications = lineSplitter(decodeQualification);
  await copyOut(db, registryCopyQueries(opts.where ?? null), (chunk, query) => {
    if (query === 0) {
      // "count\n": the registry's size, and the capacity the organisations need at most.
      total = int(chunk, 0, chunk.indexOf(NL));
      // Everyone, or (filtered) a share of them to begin with: the columns grow if it is more.
      const want = opts.where ? Math.max(1024, Math.ceil(total / 16)) : total + 1;
      if (want > capacity) {
        capacity = want;
        reg = allocateRegistry(dict, capacity);
        ids = new Uint8Array(capacity * UUID_LENGTH);
      }
      current = 1;
      return;
    }
    if (query !== current) {
      // The organisations are all read: index them before their qualifications arrive.
      organisations.end();
      reg.size = size;
      buildIndex();
      current = query;
    }
    if (query === 1) organisations.push(chunk);
    else qualifications.push(chunk);
  });
  organisations.end();
  qualifications.end();
  reg.size = size;
  return { registry: reg, total, ids, unknownCodes };
}
