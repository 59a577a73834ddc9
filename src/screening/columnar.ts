/**
 * The registry in columns, for screening millions of organisations in memory: one typed array per
 * field, strings dictionary-encoded against the catalogue's reference data, sets as bitsets and
 * qualifications as per-code from/to day numbers. A row costs ~30 bytes plus 8 bytes per
 * qualification code, and nothing in a screening loop allocates or compares strings.
 *
 * Encoding:
 * - kind, city, centreOriginCity: code = index in the dictionary + 1; 0 means "none" (null).
 * - sectors, licences: bitsets, `words` Uint32 per row (1 while a dictionary has ≤ 32 codes);
 *   bit i = the dictionary's i-th code.
 * - qualifications: for code q, layers of (from, to) Int32 day numbers; a row holds q on day d when
 *   from ≤ d ≤ to in any layer. An open end is INT32_MAX; no holding is from = INT32_MAX. Layer 0
 *   always exists; a further layer is allocated only when some row holds the same code over two
 *   disjoint periods (adjacent or overlapping periods are merged).
 *
 * The arrays can live on SharedArrayBuffers, so worker threads screen row ranges without copying.
 */
import type { Reference } from '../core/catalogue/types.ts';
import type { IsoDate } from '../core/dates.ts';
import type { Applicant } from '../core/input.ts';

export const NO_DAY = 0x7fffffff;
export const OPEN_END = 0x7fffffff;
export const USCC_LENGTH = 18;

export interface Dictionaries {
  kinds: readonly string[];
  cities: readonly string[];
  sectors: readonly string[];
  licences: readonly string[];
  qualifications: readonly string[];
}

export type CodeArray = Uint8Array | Uint16Array;

export interface QualificationLayer {
  from: Int32Array;
  to: Int32Array;
}

export interface ColumnarRegistry {
  size: number;
  dict: Dictionaries;
  shared: boolean;
  kind: CodeArray;
  city: CodeArray;
  centreOriginCity: CodeArray;
  sectorWords: number;
  sectors: Uint32Array;
  licenceWords: number;
  licences: Uint32Array;
  /** qualifications[q][layer]: q indexes dict.qualifications. */
  qualifications: QualificationLayer[][];
  /** 18 ASCII bytes per row. */
  uscc: Uint8Array;
  /** Names given explicitly (registries built from applicants); null when names derive from nameSeed. */
  names: (string | undefined)[] | null;
  /** Seed of a generated name (see generate.ts `syntheticName`). */
  nameSeed: Uint32Array;
}

export function dictionariesOf(ref: Reference): Dictionaries {
  const codes = (xs: { code: string }[]) => xs.map((x) => x.code);
  return {
    kinds: codes(ref.orgKinds),
    cities: codes(ref.cities),
    sectors: codes(ref.sectors),
    licences: codes(ref.licences),
    qualifications: codes(ref.qualifications),
  };
}

/** Uint32 words needed for a bitset over a dictionary. */
export function wordsFor(dictSize: number): number {
  return Math.max(1, Math.ceil(dictSize / 32));
}

function buffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

function codeArray(dictSize: number, size: number, shared: boolean): CodeArray {
  // Codes are index + 1 so that 0 can mean "none".
  return dictSize + 1 <= 0xff
    ? new Uint8Array(buffer(size, shared))
    : new Uint16Array(buffer(size * 2, shared));
}

export function allocateLayer(size: number, shared: boolean): QualificationLayer {
  const from = new Int32Array(buffer(size * 4, shared)).fill(NO_DAY);
  const to = new Int32Array(buffer(size * 4, shared)).fill(-NO_DAY);
  return { from, to };
}

export function allocateRegistry(
  dict: Dictionaries,
  size: number,
  opts: { shared?: boolean } = {},
): ColumnarRegistry {
  const shared = opts.shared ?? false;
  const sectorWords = wordsFor(dict.sectors.length);
  const licenceWords = wordsFor(dict.licences.length);
  return {
    size,
    dict,
    shared,
    kind: codeArray(dict.kinds.length, size, shared),
    city: codeArray(dict.cities.length, size, shared),
    centreOriginCity: codeArray(dict.cities.length, size, shared),
    sectorWords,
    sectors: new Uint32Array(buffer(size * sectorWords * 4, shared)),
    licenceWords,
    licences: new Uint32Array(buffer(size * licenceWords * 4, shared)),
    qualifications: dict.qualifications.map(() => [allocateLayer(size, shared)]),
    uscc: new Uint8Array(buffer(size * USCC_LENGTH, shared)),
    names: null,
    nameSeed: new Uint32Array(buffer(size * 4, shared)),
  };
}

/**
 * The same registry with room for `capacity` rows (rows beyond `size` are empty): for readers that do
 * not know the row count up front. Copies every column once; the old arrays become garbage.
 */
export function resizeRegistry(reg: ColumnarRegistry, capacity: number): ColumnarRegistry {
  const next = allocateRegistry(reg.dict, capacity, { shared: reg.shared });
  const n = Math.min(reg.size, capacity);
  next.kind.set(reg.kind.subarray(0, n));
  next.city.set(reg.city.subarray(0, n));
  next.centreOriginCity.set(reg.centreOriginCity.subarray(0, n));
  next.sectors.set(reg.sectors.subarray(0, n * reg.sectorWords));
  next.licences.set(reg.licences.subarray(0, n * reg.licenceWords));
  next.uscc.set(reg.uscc.subarray(0, n * USCC_LENGTH));
  next.nameSeed.set(reg.nameSeed.subarray(0, n));
  next.qualifications = reg.qualifications.map((layers) =>
    layers.map((l) => {
      const copy = allocateLayer(capacity, reg.shared);
      copy.from.set(l.from.subarray(0, n));
      copy.to.set(l.to.subarray(0, n));
      return copy;
    }),
  );
  next.names = reg.names ? reg.names.slice(0, n) : null;
  next.size = reg.size;
  return next;
}

/** Bytes held by the registry's arrays. */
export function registryBytes(reg: ColumnarRegistry): number {
  let n =
    reg.kind.byteLength +
    reg.city.byteLength +
    reg.centreOriginCity.byteLength +
    reg.sectors.byteLength +
    reg.licences.byteLength +
    reg.uscc.byteLength +
    reg.nameSeed.byteLength;
  for (const layers of reg.qualifications) for (const l of layers) n += l.from.byteLength + l.to.byteLength;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 (UTC calendar arithmetic on ISO dates; no time zones involved).

const DAY_MS = 86_400_000;

export function dayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function isoOfDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Writing and reading rows.

export function indexMap(codes: readonly string[]): Map<string, number> {
  return new Map(codes.map((c, i) => [c, i]));
}

/** Sets bit `bit` of the row's bitset. */
export function setBit(words: Uint32Array, wordsPerRow: number, row: number, bit: number): void {
  const w = row * wordsPerRow + (bit >>> 5);
  words[w] = (words[w]! | (1 << (bit & 31))) >>> 0;
}

function bitsOf(words: Uint32Array, wordsPerRow: number, row: number, dict: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < dict.length; i++) {
    if ((words[row * wordsPerRow + (i >>> 5)]! >>> (i & 31)) & 1) out.push(dict[i]!);
  }
  return out;
}

/** Records that the row holds qualification q over [from, to]; finds or allocates a free layer. */
export function addQualification(
  reg: ColumnarRegistry,
  row: number,
  q: number,
  from: number,
  to: number,
): void {
  const layers = reg.qualifications[q]!;
  for (const layer of layers) {
    if (layer.from[row] === NO_DAY) {
      layer.from[row] = from;
      layer.to[row] = to;
      return;
    }
  }
  // As long as the other columns (a registry being read may have room beyond its size).
  const layer = allocateLayer(reg.kind.length, reg.shared);
  layer.from[row] = from;
  layer.to[row] = to;
  layers.push(layer);
}

/** Merges overlapping or adjacent periods, so a renewal without a gap uses one layer. */
export function mergePeriods(periods: [number, number][]): [number, number][] {
  const sorted = [...periods].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1] + 1) last[1] = Math.max(last[1], p[1]);
    else out.push([p[0], p[1]]);
  }
  return out;
}

export class UnknownCodeError extends Error {}

/**
 * Builds a columnar registry from applicant profiles (as the calculator takes them). Codes not in the
 * reference data are refused: the columnar form can only hold what the catalogue knows.
 */
export function fromApplicants(
  dict: Dictionaries,
  applicants: readonly Applicant[],
  opts: { shared?: boolean } = {},
): ColumnarRegistry {
  const reg = allocateRegistry(dict, applicants.length, opts);
  const idx = {
    kinds: indexMap(dict.kinds),
    cities: indexMap(dict.cities),
    sectors: indexMap(dict.sectors),
    licences: indexMap(dict.licences),
    qualifications: indexMap(dict.qualifications),
  };
  const code = (map: Map<string, number>, value: string, field: string) => {
    const i = map.get(value);
    if (i === undefined) throw new UnknownCodeError(`${field}: unknown code "${value}"`);
    return i;
  };
  reg.names = new Array(applicants.length);
  applicants.forEach((a, row) => {
    reg.kind[row] = code(idx.kinds, a.kind, 'kind') + 1;
    reg.city[row] = code(idx.cities, a.city, 'city') + 1;
    reg.centreOriginCity[row] = a.centreOriginCity
      ? code(idx.cities, a.centreOriginCity, 'centreOriginCity') + 1
      : 0;
    for (const s of a.sectors) setBit(reg.sectors, reg.sectorWords, row, code(idx.sectors, s, 'sectors'));
    for (const l of a.licences)
      setBit(reg.licences, reg.licenceWords, row, code(idx.licences, l, 'licences'));
    const periods = new Map<number, [number, number][]>();
    for (const q of a.qualifications) {
      const qi = code(idx.qualifications, q.code, 'qualifications');
      const list = periods.get(qi) ?? [];
      list.push([dayNumber(q.from), q.to ? dayNumber(q.to) : OPEN_END]);
      periods.set(qi, list);
    }
    for (const [qi, list] of periods)
      for (const [f, t] of mergePeriods(list)) addQualification(reg, row, qi, f, t);
    if (a.uscc) writeUscc(reg, row, a.uscc);
    reg.names![row] = a.name;
  });
  return reg;
}

export function writeUscc(reg: ColumnarRegistry, row: number, uscc: string): void {
  const at = row * USCC_LENGTH;
  for (let i = 0; i < USCC_LENGTH; i++) reg.uscc[at + i] = i < uscc.length ? uscc.charCodeAt(i) & 0x7f : 0;
}

export function usccOf(reg: ColumnarRegistry, row: number): string | undefined {
  const at = row * USCC_LENGTH;
  if (reg.uscc[at] === 0) return undefined;
  let s = '';
  for (let i = 0; i < USCC_LENGTH; i++) {
    const c = reg.uscc[at + i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** The qualifications a row holds, as the calculator's input lists them. */
export function qualificationsOf(reg: ColumnarRegistry, row: number): Applicant['qualifications'] {
  const out: Applicant['qualifications'] = [];
  reg.qualifications.forEach((layers, q) => {
    const start = out.length;
    for (const l of layers) {
      const from = l.from[row]!;
      if (from === NO_DAY) continue;
      const to = l.to[row]!;
      out.push({
        code: reg.dict.qualifications[q]!,
        from: isoOfDay(from),
        to: to === OPEN_END ? null : isoOfDay(to),
      });
    }
    // Periods of one code in date order, whichever layer holds them.
    if (out.length - start > 1) {
      const sorted = out.splice(start).sort((a, b) => (a.from < b.from ? -1 : 1));
      out.push(...sorted);
    }
  });
  return out;
}

/**
 * One row as an applicant profile (the calculator's input shape). `name` is supplied by the caller
 * for generated registries whose names derive from a seed.
 */
export function toApplicant(reg: ColumnarRegistry, row: number, name?: string): Applicant {
  const origin = reg.centreOriginCity[row]!;
  const a: Applicant = {
    kind: reg.dict.kinds[reg.kind[row]! - 1]!,
    city: reg.dict.cities[reg.city[row]! - 1]!,
    sectors: bitsOf(reg.sectors, reg.sectorWords, row, reg.dict.sectors),
    qualifications: qualificationsOf(reg, row),
    licences: bitsOf(reg.licences, reg.licenceWords, row, reg.dict.licences),
  };
  if (origin !== 0) a.centreOriginCity = reg.dict.cities[origin - 1]!;
  const uscc = usccOf(reg, row);
  if (uscc) a.uscc = uscc;
  const given = name ?? reg.names?.[row];
  if (given !== undefined) a.name = given;
  return a;
}
