/**
 * Both databases for tests: PGlite in memory and a throwaway PostgreSQL server (one per test run,
 * started on first use; each test database is a copy of a migrated template, dropped after its
 * file). `describeEachDatabase` runs a block of tests on each; the PostgreSQL run is skipped, with a
 * message, only when the binaries are not installed.
 *
 *   describeEachDatabase('organisations', (ctx) => {
 *     it('stores', async () => { await ctx.db.insertInto('organisations')… });
 *   });
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { MEMORY, openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { migratedSnapshot } from './pglite-snapshot.ts';
import {
  connectPostgres,
  findPostgresBin,
  type PostgresLocation,
  type PostgresServer,
  startPostgres,
} from './postgres.ts';
import { runShared, testRunDir } from './run-shared.ts';

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
/** The migrated template database on the run's shared server (copied per test database). */
let template: string | undefined;
/** Databases this file made on the run's shared server: dropped after the file. */
const created: string[] = [];
let counter = 0;
const fileTag = randomUUID().slice(0, 8);

interface SharedPostgres extends PostgresLocation {
  template: string;
}

/**
 * The test run's PostgreSQL server: one for all files (test/support/run-shared.ts), started by the first
 * file that needs it with a database migrated once as the template of every test database; stopped by
 * the global setup's teardown. A file run without the global setup starts its own, stopped after it.
 */
export function sharedPostgres(): Promise<PostgresServer> {
  server ??= (async () => {
    const run = testRunDir();
    if (!run) return startPostgres();
    const shared = await runShared<SharedPostgres>(run, 'postgres', async () => {
      // Files running side by side share it: each test database's pool may open 60 connections.
      const started = await startPostgres({ detached: true, settings: ['-c max_connections=600'] });
      try {
        const url = await started.createDatabase('ceyuan_template');
        const db = await openDatabase({ url, poolSize: 2 });
        await db.destroy();
      } catch (error) {
        started.stop();
        throw error;
      }
      return { port: started.port, dir: started.dir, template: 'ceyuan_template' };
    });
    template = shared.template;
    const pg = connectPostgres(shared);
    // Not this file's to stop: the teardown stops it after the last file.
    return { ...pg, stop() {} };
  })();
  return server;
}

// Registered at import time, i.e. at the top level of the importing test file: the file's databases (and
// a server of its own, when it has one) live exactly as long as the file's tests.
afterAll(async () => {
  if (!server) return;
  const pg = await server;
  for (const name of created.splice(0)) await pg.dropDatabase(name);
  pg.stop();
  server = undefined;
});

/** A fresh, migrated database of the given kind. The caller destroys it. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Kysely<Database>> {
  if (kind === 'pglite') return openDatabase({ dataDir: MEMORY, snapshot: migratedSnapshot() });
  const pg = await sharedPostgres();
  counter += 1;
  const name = `ceyuan_test_${fileTag}_${counter}`;
  // A copy of the migrated template (migrate below then finds nothing to do), or empty and migrated here.
  const url = await pg.createDatabase(name, template);
  if (template) created.push(name);
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
