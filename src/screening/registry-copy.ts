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
  dayNumber,
  dictionariesOf,
  indexMap,
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

/** One statement, so what it reads is one snapshot: organisations and their qualifications. */
export const REGISTRY_COPY_QUERY = `SELECT o.id, o.kind, o.city, o.centre_origin_city, o.sectors, o.licences, q.held
  FROM organisations o
  LEFT JOIN (
    SELECT organisation_id, string_agg(code || ' ' || valid_from || ' ' || coalesce(valid_to::text, '-'), ',') AS held
    FROM organisation_qualifications GROUP BY organisation_id
  ) q ON q.organisation_id = o.id`;

const TAB = 9;
const NL = 10;

export async function copyRegistryFromDb(db: Db, ref: Reference): Promise<CopiedRegistry> {
  const dict = dictionariesOf(ref);
  const idx = {
    kinds: indexMap(dict.kinds),
    cities: indexMap(dict.cities),
    sectors: indexMap(dict.sectors),
    licences: indexMap(dict.licences),
    qualifications: indexMap(dict.qualifications),
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

  const code = (map: Map<string, number>, value: string): number => {
    const i = map.get(value);
    if (i === undefined) {
      unknownCodes++;
      return 0;
    }
    return i + 1;
  };
  // Array literals repeat a lot ("{ai,new_materials}"): decode each distinct one once.
  const caches = new Map<Map<string, number>, Map<string, number[]>>([
    [idx.sectors, new Map()],
    [idx.licences, new Map()],
  ]);
  const setBits = (text: string, map: Map<string, number>): number[] => {
    const setCache = caches.get(map)!;
    let bits = setCache.get(text);
    if (bits) return bits;
    bits = [];
    if (text.length > 2) {
      for (const raw of text.slice(1, -1).split(',')) {
        const c = code(map, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
        if (c) bits.push(c - 1);
      }
    }
    setCache.set(text, bits);
    return bits;
  };
  const fields: [number, number][] = Array.from({ length: 7 }, () => [0, 0]);

  const decodeLine = (buf: Buffer, start: number, end: number) => {
    let f = 0;
    let a = start;
    for (let i = start; i <= end && f < 7; i++) {
      if (i === end || buf[i] === TAB) {
        fields[f]![0] = a;
        fields[f]![1] = i;
        f++;
        a = i + 1;
      }
    }
    if (f < 7) throw new Error(`registry copy: a row with ${f} fields`);
    if (size === capacity) {
      capacity = Math.ceil(capacity * 1.25);
      reg = resizeRegistry({ ...reg, size }, capacity);
      const grown = new Uint8Array(capacity * UUID_LENGTH);
      grown.set(ids);
      ids = grown;
    }
    const row = size++;
    const text = (k: number) => buf.toString('latin1', fields[k]![0], fields[k]![1]);
    const isNull = (k: number) => fields[k]![1] - fields[k]![0] === 2 && buf[fields[k]![0]] === 92; // \N
    buf.copy(ids, row * UUID_LENGTH, fields[0]![0], fields[0]![0] + UUID_LENGTH);
    reg.kind[row] = code(idx.kinds, text(1));
    reg.city[row] = code(idx.cities, text(2));
    reg.centreOriginCity[row] = isNull(3) ? 0 : code(idx.cities, text(3));
    for (const b of setBits(text(4), idx.sectors)) setBit(reg.sectors, reg.sectorWords, row, b);
    for (const b of setBits(text(5), idx.licences)) setBit(reg.licences, reg.licenceWords, row, b);
    if (!isNull(6)) {
      const byCode = new Map<number, [number, number][]>();
      for (const held of text(6).split(',')) {
        const [c, from, to] = held.split(' ') as [string, string, string];
        const q = code(idx.qualifications, c);
        if (!q) continue;
        const list = byCode.get(q - 1) ?? [];
        list.push([dayNumber(from), to === '-' ? OPEN_END : dayNumber(to)]);
        byCode.set(q - 1, list);
      }
      for (const [q, list] of byCode) {
        if (list.length === 1) addQualification(reg, row, q, list[0]![0], list[0]![1]);
        else for (const [f, t] of mergePeriods(list)) addQualification(reg, row, q, f, t);
      }
    }
  };

  let carry: Buffer | null = null;
  await copyOut(db, REGISTRY_COPY_QUERY, (chunk) => {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = null;
    }
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) break;
      decodeLine(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  });
  if (carry) decodeLine(carry, 0, (carry as Buffer).length);
  reg.size = size;
  return { registry: reg, ids, unknownCodes };
}
