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
  mergePeriods,
  OPEN_END,
  resizeRegistry,
  setBit,
} from './columnar.ts';

export const UUID_LENGTH = 36;

export interface CopiedRegistry {
  registry: ColumnarRegistry;
  /** 36 ASCII bytes per row: the organisation's id. */
  ids: Uint8Array;
  /** Values whose code the reference data does not know (left out of the row). */
  unknownCodes: number;
}

export function idAt(ids: Uint8Array, row: number): string {
  return Buffer.from(ids.buffer, ids.byteOffset + row * UUID_LENGTH, UUID_LENGTH).toString('latin1');
}

/**
 * One statement, so what it reads is one snapshot: organisations with their qualifications, these as
 * "code from to" with the dates already day numbers (days since 1970-01-01; '-' for an open end).
 */
export const REGISTRY_COPY_QUERY = `SELECT o.id, o.kind, o.city, o.centre_origin_city, o.sectors, o.licences, q.held
  FROM organisations o
  LEFT JOIN (
    SELECT organisation_id,
      string_agg(code || ' ' || (valid_from - DATE '1970-01-01') || ' ' || coalesce((valid_to - DATE '1970-01-01')::text, '-'), ',') AS held
    FROM organisation_qualifications GROUP BY organisation_id
  ) q ON q.organisation_id = o.id`;

const TAB = 9;
const NL = 10;
const SPACE = 32;
const COMMA = 44;
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

export async function copyRegistryFromDb(db: Db, ref: Reference): Promise<CopiedRegistry> {
  const dict = dictionariesOf(ref);
  const idx = {
    kinds: new CodeIndex(dict.kinds),
    cities: new CodeIndex(dict.cities),
    sectors: new CodeIndex(dict.sectors),
    licences: new CodeIndex(dict.licences),
    qualifications: new CodeIndex(dict.qualifications),
  };
  const rows = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .execute();
  // The count is a hint (the COPY is the snapshot): room for a few more, grown if needed.
  let capacity = Number(rows[0]?.n ?? 0) + 1024;
  let reg = allocateRegistry(dict, capacity);
  let ids = new Uint8Array(capacity * UUID_LENGTH);
  let size = 0;
  let unknownCodes = 0;
  const starts = new Int32Array(8);
  // A row's qualifications: (code, from, to) triples; merged only when a code repeats.
  const held: number[] = [];

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

  const decodeLine = (buf: Uint8Array, start: number, end: number) => {
    let f = 0;
    starts[0] = start;
    for (let i = start; i < end && f < 7; i++) if (buf[i] === TAB) starts[++f] = i + 1;
    if (f !== 6) throw new Error(`registry copy: a row with ${f + 1} fields`);
    starts[7] = end + 1;
    if (size === capacity) {
      capacity = Math.ceil(capacity * 1.25);
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
    if (isNull(buf, starts[6]!, starts[7]! - 1)) return;
    held.length = 0;
    let s = starts[6]!;
    const e = starts[7]! - 1;
    while (s < e) {
      let sp1 = s;
      while (buf[sp1] !== SPACE) sp1++;
      let sp2 = sp1 + 1;
      while (buf[sp2] !== SPACE) sp2++;
      let stop = sp2 + 1;
      while (stop < e && buf[stop] !== COMMA) stop++;
      const q = code(idx.qualifications, buf, s, sp1);
      if (q >= 0) {
        const from = int(buf, sp1 + 1, sp2);
        const until = buf[sp2 + 1] === DASH && stop === sp2 + 2 ? OPEN_END : int(buf, sp2 + 1, stop);
        held.push(q, from, until);
      }
      s = stop + 1;
    }
    // Usually each code once: add directly. A code held over several periods is merged first.
    let repeats = false;
    for (let i = 0; i < held.length && !repeats; i += 3)
      for (let j = i + 3; j < held.length; j += 3) if (held[i] === held[j]) repeats = true;
    if (!repeats) {
      for (let i = 0; i < held.length; i += 3)
        addQualification(reg, row, held[i]!, held[i + 1]!, held[i + 2]!);
      return;
    }
    const byCode = new Map<number, [number, number][]>();
    for (let i = 0; i < held.length; i += 3) {
      const list = byCode.get(held[i]!) ?? [];
      list.push([held[i + 1]!, held[i + 2]!]);
      byCode.set(held[i]!, list);
    }
    for (const [q, list] of byCode)
      for (const [from, until] of mergePeriods(list)) addQualification(reg, row, q, from, until);
  };

  let carry: Uint8Array | null = null;
  await copyOut(db, REGISTRY_COPY_QUERY, (chunk) => {
    let buf = chunk;
    if (carry) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      buf = joined;
      carry = null;
    }
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      decodeLine(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) carry = buf.slice(start);
  });
  if (carry) decodeLine(carry, 0, (carry as Uint8Array).length);
  reg.size = size;
  return { registry: reg, ids, unknownCodes };
}
