/**
 * Puts a columnar registry into the registry tables (migration 0001_registry): batched INSERTs with
 * unnest() for any connection (PGlite, pg), and COPY-ready CSV files for bulk loads into a server.
 * Organisation ids are derived from the row number, so the same registry loads with the same ids.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Reference } from '../core/catalogue/types.ts';
import { type ColumnarRegistry, isoOfDay, NO_DAY, OPEN_END, usccOf } from './columnar.ts';
import { syntheticNamer } from './generate.ts';

/** Runs one parameterised statement (pg `Pool.query`, PGlite `query`, or a Kysely adapter). */
export type Execute = (sql: string, params: unknown[]) => Promise<unknown>;

/** A deterministic UUID (version-4 layout) for row `row`. */
export function rowUuid(row: number): string {
  const hex = row.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** Row number of a UUID made by rowUuid. */
export function uuidRow(id: string): number {
  return Number.parseInt(id.slice(24), 16);
}

function bits(words: Uint32Array, per: number, row: number, dict: readonly string[]): string {
  let s = '';
  for (let i = 0; i < dict.length; i++) {
    if ((words[row * per + (i >>> 5)]! >>> (i & 31)) & 1) s += s ? `,${dict[i]}` : dict[i];
  }
  return s;
}

export interface LoadOptions {
  /** Rows per INSERT statement (default 5000). */
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Inserts every row (organisations, then their qualifications) through `exec`. */
export async function insertRegistry(
  exec: Execute,
  reg: ColumnarRegistry,
  ref: Reference,
  opts: LoadOptions = {},
) {
  const name = syntheticNamer(ref);
  const batch = opts.batch ?? 5000;
  const d = reg.dict;
  for (let start = 0; start < reg.size; start += batch) {
    const end = Math.min(reg.size, start + batch);
    const cols: string[][] = [[], [], [], [], [], [], [], []];
    const q: [string[], string[], string[], (string | null)[]] = [[], [], [], []];
    for (let r = start; r < end; r++) {
      const id = rowUuid(r);
      const origin = reg.centreOriginCity[r]!;
      cols[0]!.push(id);
      cols[1]!.push(usccOf(reg, r) ?? '');
      cols[2]!.push(name(reg, r) || `organisation ${r}`);
      cols[3]!.push(d.kinds[reg.kind[r]! - 1]!);
      cols[4]!.push(d.cities[reg.city[r]! - 1]!);
      (cols[5] as (string | null)[]).push(origin ? d.cities[origin - 1]! : null);
      cols[6]!.push(bits(reg.sectors, reg.sectorWords, r, d.sectors));
      cols[7]!.push(bits(reg.licences, reg.licenceWords, r, d.licences));
      reg.qualifications.forEach((layers, qi) => {
        for (const l of layers) {
          const from = l.from[r]!;
          if (from === NO_DAY) continue;
          const to = l.to[r]!;
          q[0].push(id);
          q[1].push(d.qualifications[qi]!);
          q[2].push(isoOfDay(from));
          q[3].push(to === OPEN_END ? null : isoOfDay(to));
        }
      });
    }
    await exec(
      `INSERT INTO organisations (id, uscc, name, kind, city, centre_origin_city, sectors, licences)
       SELECT t.id, t.uscc, t.name, t.kind, t.city, t.origin, string_to_array(t.sectors, ','), string_to_array(t.licences, ',')
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS t(id, uscc, name, kind, city, origin, sectors, licences)`,
      cols,
    );
    if (q[0].length > 0) {
      await exec(
        `INSERT INTO organisation_qualifications (organisation_id, code, valid_from, valid_to)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[])`,
        q,
      );
    }
    opts.onProgress?.(end);
  }
}

function csv(v: string | null): string {
  if (v === null) return '';
  return /[",\n\r]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Writes COPY-ready CSV files: `COPY organisations (id, uscc, name, kind, city, centre_origin_city,
 * sectors, licences) FROM '<org>' (FORMAT csv)` and `COPY organisation_qualifications (organisation_id,
 * code, valid_from, valid_to) FROM '<qual>' (FORMAT csv)`. An empty field is NULL; '' is quoted.
 */
export function writeCopyFiles(
  reg: ColumnarRegistry,
  ref: Reference,
  orgFile: string,
  qualFile: string,
): void {
  const name = syntheticNamer(ref);
  const d = reg.dict;
  const org = openSync(orgFile, 'w');
  const qual = openSync(qualFile, 'w');
  try {
    const CHUNK = 20_000;
    for (let start = 0; start < reg.size; start += CHUNK) {
      const end = Math.min(reg.size, start + CHUNK);
      let o = '';
      let q = '';
      for (let r = start; r < end; r++) {
        const id = rowUuid(r);
        const origin = reg.centreOriginCity[r]!;
        o += `${id},${usccOf(reg, r) ?? ''},${csv(name(reg, r))},${d.kinds[reg.kind[r]! - 1]},${d.cities[reg.city[r]! - 1]},${origin ? d.cities[origin - 1] : ''},"{${bits(reg.sectors, reg.sectorWords, r, d.sectors)}}","{${bits(reg.licences, reg.licenceWords, r, d.licences)}}"\n`;
        reg.qualifications.forEach((layers, qi) => {
          for (const l of layers) {
            const from = l.from[r]!;
            if (from === NO_DAY) continue;
            const to = l.to[r]!;
            q += `${id},${d.qualifications[qi]},${isoOfDay(from)},${to === OPEN_END ? '' : isoOfDay(to)}\n`;
          }
        });
      }
      writeSync(org, o);
      if (q) writeSync(qual, q);
    }
  } finally {
    closeSync(org);
    closeSync(qual);
  }
}
