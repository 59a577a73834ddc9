/**
 * The registry in the database, read into the columnar form (columnar.ts) that the in-memory
 * screen and the simulation use. Organisations are read in id order, a page at a time, with their
 * qualifications, inside one repeatable-read transaction so the snapshot is consistent; row r of the
 * result is `ids[r]`.
 *
 * A code the catalogue's reference data does not know (a city or sector retired since the
 * organisation was registered) cannot be held by the columnar form: the row simply does not hold it
 * (for kind and city: "none"), and `unknownCodes` counts such values so the caller can say so.
 */
import type { Reference } from '../core/catalogue/types.ts';
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
  setBit,
  writeUscc,
} from './columnar.ts';

export interface DbRegistry {
  registry: ColumnarRegistry;
  /** Organisation id of each row. */
  ids: string[];
  /** Values whose code the reference data does not know (left out of the row). */
  unknownCodes: number;
}

export async function loadRegistryFromDb(
  db: Db,
  ref: Reference,
  opts: { pageSize?: number } = {},
): Promise<DbRegistry> {
  const pageSize = opts.pageSize ?? 20_000;
  const dict = dictionariesOf(ref);
  const idx = {
    kinds: indexMap(dict.kinds),
    cities: indexMap(dict.cities),
    sectors: indexMap(dict.sectors),
    licences: indexMap(dict.licences),
    qualifications: indexMap(dict.qualifications),
  };
  let unknownCodes = 0;
  const code = (map: Map<string, number>, value: string | null): number => {
    if (value === null) return 0;
    const i = map.get(value);
    if (i === undefined) {
      unknownCodes++;
      return 0;
    }
    return i + 1;
  };

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const { n } = await tx
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const size = Number(n);
      const reg = allocateRegistry(dict, size);
      reg.names = new Array(size);
      const ids: string[] = [];
      let after: string | null = null;
      while (ids.length < size) {
        let q = tx
          .selectFrom('organisations')
          .select(['id', 'uscc', 'name', 'kind', 'city', 'centre_origin_city', 'sectors', 'licences'])
          .orderBy('id')
          .limit(Math.min(pageSize, size - ids.length));
        if (after !== null) q = q.where('id', '>', after);
        const rows = await q.execute();
        if (rows.length === 0) break;
        const rowOf = new Map<string, number>();
        for (const o of rows) {
          const row = ids.length;
          ids.push(o.id);
          rowOf.set(o.id, row);
          reg.kind[row] = code(idx.kinds, o.kind);
          reg.city[row] = code(idx.cities, o.city);
          reg.centreOriginCity[row] = code(idx.cities, o.centre_origin_city);
          for (const s of o.sectors) {
            const i = code(idx.sectors, s);
            if (i) setBit(reg.sectors, reg.sectorWords, row, i - 1);
          }
          for (const l of o.licences) {
            const i = code(idx.licences, l);
            if (i) setBit(reg.licences, reg.licenceWords, row, i - 1);
          }
          writeUscc(reg, row, o.uscc);
          reg.names[row] = o.name;
        }
        const lo = rows[0]!.id;
        const hi = rows[rows.length - 1]!.id;
        const quals = await tx
          .selectFrom('organisation_qualifications')
          .select(['organisation_id', 'code', 'valid_from', 'valid_to'])
          .where('organisation_id', '>=', lo)
          .where('organisation_id', '<=', hi)
          .execute();
        const periods = new Map<number, Map<number, [number, number][]>>();
        for (const q of quals) {
          const row = rowOf.get(q.organisation_id);
          if (row === undefined) continue;
          const qi = code(idx.qualifications, q.code);
          if (!qi) continue;
          const byCode = periods.get(row) ?? new Map<number, [number, number][]>();
          const list = byCode.get(qi - 1) ?? [];
          list.push([dayNumber(q.valid_from), q.valid_to ? dayNumber(q.valid_to) : OPEN_END]);
          byCode.set(qi - 1, list);
          periods.set(row, byCode);
        }
        for (const [row, byCode] of periods)
          for (const [qi, list] of byCode)
            for (const [f, t] of mergePeriods(list)) addQualification(reg, row, qi, f, t);
        after = hi;
      }
      return { registry: reg, ids, unknownCodes };
    });
}
