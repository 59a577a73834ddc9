/**
 * Both databases for tests: PGlite in memory and a throwaway PostgreSQL server (started once per
 * test file, on first use, and stopped after the file). `describeEachDatabase` runs a block of tests
 * on each; the PostgreSQL run is skipped, with a message, only when the binaries are not installed.
 *
 *   describeEachDatabase('organisations', (ctx) => {
 *     it('stores', async () => { await ctx.db.insertInto('organisations')… });
 *   });
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { MEMORY, openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { migratedSnapshot } from './pglite-snapshot.ts';
import { findPostgresBin, type PostgresServer, startPostgres } from './postgres.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: TestDatabaseKind[] = ['pglite', 'postgres'];

export const postgresBin = findPostgresBin();
export const postgresAvailable = postgresBin !== null;
const SKIP_MESSAGE =
  'PostgreSQL tests skipped: initdb/pg_ctl not found in /usr/lib/postgresql/*/bin or PATH ' +
  '(install postgresql-15, or set PG_BIN). `.ci/run` installs it.';

// CI installs PostgreSQL (.ci/run): there, a missing server is a broken set-up, not a reason to skip.
if (process.env.CI && !postgresAvailable)
  throw new Error(SKIP_MESSAGE.replace('tests skipped', 'missing in CI'));

let server: Promise<PostgresServer> | undefined;
let counter = 0;

/** The file's PostgreSQL server, started on first use. */
export function sharedPostgres(): Promise<PostgresServer> {
  server ??= startPostgres();
  return server;
}

// Registered at import time, i.e. at the top level of the importing test file: the server lives
// exactly as long as the file's tests.
afterAll(async () => {
  if (server) (await server).stop();
  server = undefined;
});

/** A fresh, migrated database of the given kind. The caller destroys it. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Kysely<Database>> {
  if (kind === 'pglite') return openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  const pg = await sharedPostgres();
  counter += 1;
  const url = await pg.createDatabase(`ceyuan_test_${process.pid}_${counter}`);
  return openDatabase({ url, poolSize: 60 });
}

export interface DatabaseContext {
  readonly kind: TestDatabaseKind;
  /** The block's database, open from beforeAll to afterAll. */
  readonly db: Kysely<Database>;
}

export function describeEachDatabase(name: string, fn: (ctx: DatabaseContext) => void): void {
  for (const kind of DATABASE_KINDS) {
    const skip = kind === 'postgres' && !postgresAvailable;
    if (skip) {
      describe.skip(`${name} [postgres] — ${SKIP_MESSAGE}`, () => {});
      console.warn(SKIP_MESSAGE);
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let db: Kysely<Database> | undefined;
      const ctx: DatabaseContext = {
        kind,
        get db() {
          if (!db) throw new Error('database not open yet: use ctx.db inside tests or hooks');
          return db;
        },
      };
      beforeAll(async () => {
        db = await openTestDatabase(kind);
      });
      afterAll(async () => {
        await db?.destroy();
        db = undefined;
      });
      fn(ctx);
    });
  }
}

/** Empties every application table (not the migration bookkeeping), audit trail included. */
export async function resetDatabase(db: Kysely<Database>): Promise<void> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(
    db,
  );
  if (tables.rows.length === 0) return;
  const list = tables.rows.map((t) => `"${t.tablename}"`).join(', ');
  // The audit table refuses TRUNCATE through a trigger; tests may reset it, the application may not.
  await db.transaction().execute(async (tx) => {
    await sql.raw('alter table audit_log disable trigger user').execute(tx);
    await sql.raw(`truncate ${list} cascade`).execute(tx);
    await sql.raw('alter table audit_log enable trigger user').execute(tx);
  });
}
