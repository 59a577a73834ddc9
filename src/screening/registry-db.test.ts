/**
 * The registry read back from the database into columns equals the generated one it was loaded
 * from (row for row, in id order), so a screen or a simulation over the database sees exactly what
 * the generator made; the fund-year breakdown of a simulation adds up to its totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedSnapshot } from '../../test/support/pglite-snapshot.ts';
import { readPolicyFiles } from '../catalogue/load.ts';
import { MEMORY, openDatabase } from '../storage/database.ts';
import type { Db } from '../storage/schema.ts';
import { toApplicant } from './columnar.ts';
import { generateRegistry } from './generate.ts';
import { insertRegistry, rowUuid } from './load-sql.ts';
import { loadRegistryFromDb } from './registry-db.ts';
import { screenColumnar } from './screen.ts';
import { checkChanges, simulateRegistry } from './simulate-db.ts';
import { testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const generated = generateRegistry(catalogue.reference, { count: 700, seed: 77 });
let db: Db;

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  await insertRegistry(
    (sql, parameters) =>
      db.executeQuery({
        sql,
        parameters,
        query: { kind: 'RawNode' } as never,
        queryId: { queryId: 'q' },
      } as never),
    generated,
    catalogue.reference,
    { batch: 250 },
  );
}, 60_000);

afterAll(async () => {
  await db?.destroy();
});

describe('registry from the database', () => {
  it('reads back row for row, in pages', async () => {
    const { registry, ids, unknownCodes } = await loadRegistryFromDb(db, catalogue.reference, {
      pageSize: 128,
    });
    expect(unknownCodes).toBe(0);
    expect(registry.size).toBe(generated.size);
    expect(ids).toEqual(Array.from({ length: generated.size }, (_, r) => rowUuid(r)));
    for (let r = 0; r < generated.size; r++) {
      const { name: _a, ...fromDb } = toApplicant(registry, r);
      const { name: _b, ...original } = toApplicant(generated, r);
      expect(fromDb, `row ${r}`).toEqual(original);
    }
    const date = '2026-09-01';
    expect(screenColumnar(registry, catalogue, { date }).counts).toEqual(
      screenColumnar(generated, catalogue, { date }).counts,
    );
  });

  it('an unknown code is left out and counted', async () => {
    await db
      .updateTable('organisations')
      .set({ sectors: ['no_such_sector'], city: 'atlantis' })
      .where('id', '=', rowUuid(3))
      .execute();
    const { registry, unknownCodes } = await loadRegistryFromDb(db, catalogue.reference);
    expect(unknownCodes).toBe(2);
    expect(registry.city[3]).toBe(0);
  });

  it('simulation: no change is zero difference; fund-years add up to the totals; bad changes are named', async () => {
    const sources = readPolicyFiles();
    const none = await simulateRegistry(db, sources, { date: '2026-09-01', changes: [] });
    expect(none.newlyEligibleOrganisations).toBe(0);
    expect(none.noLongerEligibleOrganisations).toBe(0);
    for (const t of none.totals) expect(t.delta).toEqual({ automatic: 0, invitation: 0 });
    const adopt = await simulateRegistry(db, sources, {
      date: '2026-09-01',
      changes: [{ kind: 'adopt', document: '001', date: '2026-09-01' }],
    });
    expect(adopt.newlyEligibleOrganisations).toBeGreaterThan(0);
    for (const t of adopt.totals) {
      const funds = adopt.funds.filter((f) => f.year === t.year);
      expect(funds.reduce((s, f) => s + f.changed.automatic, 0)).toBe(t.changed.automatic);
      expect(funds.reduce((s, f) => s + f.changed.invitation, 0)).toBe(t.changed.invitation);
    }
    expect(
      checkChanges(catalogue, [
        { kind: 'rate', measureId: 'nope', ratePercent: 10 },
        { kind: 'adopt', document: '000', date: '2026-09-01' },
        { kind: 'validity', document: '000', from: '2027-01-01', to: '2026-01-01' },
      ]).map((i) => i.path),
    ).toEqual(['changes.0.measureId', 'changes.1.document', 'changes.2.to']);
  });
});
