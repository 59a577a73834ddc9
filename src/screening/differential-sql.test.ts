/**
 * The SQL path must give the reference evaluator's answers (and so the compiled JavaScript's): random
 * applicants × random condition trees × random dates on PGlite in memory, migrated by the storage
 * layer's own migrations, then the real catalogue over a 20,000-row synthetic registry, measure by
 * measure, compared with the JavaScript kernel.
 */
import fc from 'fast-check';
import { CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedSnapshot } from '../../test/support/pglite-snapshot.ts';
import type { Condition } from '../core/catalogue/types.ts';
import { factRegistry } from '../core/facts.ts';
import { MEMORY, openDatabase } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { arbitraries } from './arbitraries.ts';
import { type ColumnarRegistry, dictionariesOf, fromApplicants, usccOf } from './columnar.ts';
import { compileScreen } from './compile-js.ts';
import { compileSql, countsQuery, pairsQuery, prefilterSql } from './compile-sql.ts';
import { generateRegistry } from './generate.ts';
import { type Execute, insertRegistry, uuidRow } from './load-sql.ts';
import { screenTarget } from './screen.ts';
import { referenceHolds as referenceHoldsOver, testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const ref = catalogue.reference;
const facts = factRegistry(ref);
const dict = dictionariesOf(ref);
const { day, applicantArb, conditionArb, windowFromArb } = arbitraries(dict);

const referenceHolds = referenceHoldsOver(facts);

describe('compiled SQL agrees with the reference evaluator and the compiled JavaScript', () => {
  let db: Kysely<Database>;
  let exec: Execute;
  const query = async (sql: string, params: unknown[]) =>
    (await db.executeQuery(CompiledQuery.raw(sql, params))).rows as Record<string, unknown>[];

  beforeAll(async () => {
    db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
    exec = (sql, params) => query(sql, params);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** (row, target) pairs that hold, as "row:m" strings, by SQL. */
  async function sqlPairs(
    conditionLists: Condition[][],
    date: string,
    windowFrom: string | null,
  ): Promise<Set<string>> {
    const q = pairsQuery(
      conditionLists.map((conditions, i) => ({ id: String(i), conditions, windowFrom })),
      { date, facts },
    );
    const rows = await query(q.sql, q.params);
    return new Set(rows.map((r) => `${uuidRow(String(r.id))}:${r.m}`));
  }

  function jsPairs(
    reg: ColumnarRegistry,
    conditionLists: Condition[][],
    date: string,
    windowFrom: string | null,
  ): Set<string> {
    const targets = conditionLists.map((conditions, i) => ({ id: String(i), conditions, windowFrom }));
    const { kernel } = compileScreen(targets, reg, { date, facts });
    const out = targets.map(() => new Uint32Array(Math.ceil(reg.size / 32)));
    kernel(0, reg.size, out);
    const pairs = new Set<string>();
    out.forEach((bits, m) => {
      for (let r = 0; r < reg.size; r++) if ((bits[r >>> 5]! >>> (r & 31)) & 1) pairs.add(`${r}:${m}`);
    });
    return pairs;
  }

  /** The registry replaced by `count` random applicants (valid USCCs from the generator). */
  async function randomRegistry(count: number, usccSeed: number, seed: number) {
    await exec('TRUNCATE organisations CASCADE', []);
    const usccs = generateRegistry(ref, { count, seed: usccSeed });
    const applicants = fc
      .sample(applicantArb, { numRuns: count, seed })
      .map((a, r) => ({ ...a, uscc: usccOf(usccs, r)!, name: `organisation ${r}` }));
    const reg = fromApplicants(dict, applicants);
    await insertRegistry(exec, reg, ref);
    return { applicants, reg };
  }

  it('on random applicants, condition trees and dates', async () => {
    const { applicants, reg } = await randomRegistry(400, 99, 4242);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(conditionArb, { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        day,
        windowFromArb,
        async (lists, date, windowFrom) => {
          const expected = new Set<string>();
          applicants.forEach((a, r) => {
            lists.forEach((conditions, m) => {
              if (referenceHolds(conditions, a, date, windowFrom)) expected.add(`${r}:${m}`);
            });
          });
          expect(jsPairs(reg, lists, date, windowFrom)).toEqual(expected);
          expect(await sqlPairs(lists, date, windowFrom)).toEqual(expected);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('the bulk read’s prefilter keeps every organisation that fits a measure (it may keep more, never fewer)', async () => {
    const { applicants } = await randomRegistry(300, 17, 1717);
    let filtered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(conditionArb, { maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        day,
        windowFromArb,
        async (lists, date, windowFrom) => {
          const targets = lists.map((conditions, i) => ({ id: String(i), conditions, windowFrom }));
          const where = prefilterSql(targets, { date, facts });
          if (where === null) return;
          const kept = new Set(
            (await query(`SELECT o.id FROM organisations o WHERE ${where}`, [])).map((r) =>
              uuidRow(String(r.id)),
            ),
          );
          if (kept.size < applicants.length) filtered++;
          applicants.forEach((a, r) => {
            if (lists.some((conditions) => referenceHolds(conditions, a, date, windowFrom)))
              expect(kept.has(r), `row ${r} fits a measure but the prefilter ${where} drops it`).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
    // The property is not empty: some draws did leave organisations out.
    expect(filtered).toBeGreaterThan(0);
  });

  it('on the catalogue over a 20,000-row synthetic registry: identical eligible sets per measure', async () => {
    await exec('TRUNCATE organisations CASCADE', []);
    const reg = generateRegistry(ref, { count: 20_000, seed: 2026 });
    await insertRegistry(exec, reg, ref);
    for (const date of ['2026-06-01', '2027-03-15']) {
      // Draft 001 simulated: 001·十 ("首次达标") is screened from its window's first day.
      const targets = catalogue.measures.map((m) => screenTarget(m, date, { '001': '2026-07-01' }));
      const { kernel } = compileScreen(targets, reg, { date, facts });
      const out = targets.map(() => new Uint32Array(Math.ceil(reg.size / 32)));
      kernel(0, reg.size, out);
      const counts = countsQuery(targets, { date, facts });
      const [countRow] = await query(counts.sql, counts.params);
      for (const [m, t] of targets.entries()) {
        const jsRows = new Set<number>();
        for (let r = 0; r < reg.size; r++) if ((out[m]![r >>> 5]! >>> (r & 31)) & 1) jsRows.add(r);
        expect(Number(countRow![`m${m}`]), t.id).toBe(jsRows.size);
        // Fetch the smaller side: the eligible rows, or (NOT expression) the rest, which also checks
        // that the expression is never NULL.
        const small = jsRows.size <= reg.size / 2;
        const { sql, params } = compileSql(t.conditions, { date, facts, windowFrom: t.windowFrom ?? null });
        const rows = await query(
          `SELECT o.id FROM organisations o WHERE ${small ? sql : `NOT (${sql})`}`,
          params,
        );
        const sqlRows = new Set(rows.map((r) => uuidRow(String(r.id))));
        const expected = small ? jsRows : new Set([...Array(reg.size).keys()].filter((r) => !jsRows.has(r)));
        expect(sqlRows, `${t.id} on ${date}`).toEqual(expected);
      }
    }
  });
});
