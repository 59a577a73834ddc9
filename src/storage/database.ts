/**
 * Opens the database: embedded PGlite (a folder on disk, or memory) by default, a PostgreSQL server
 * when a URL is given. Both speak PostgreSQL's dialect, so one query layer (Kysely) and one set of
 * migrations serve both; migrations run here, at start-up.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export const DEFAULT_DATA_DIR = './data/pglite';
export const MEMORY = 'memory://';

export interface DatabaseOptions {
  /** PGlite folder (default ./data/pglite), or `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** A PostgreSQL connection string; when set, dataDir is ignored. */
  url?: string;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * A PGlite data folder dumped earlier (`dumpDataDir`) to start an in-memory database from, instead
   * of PGlite's own initdb (about 4 s of CPU): tests start each database from one migrated snapshot.
   */
  snapshot?: Blob;
}

export type DatabaseKind = 'pglite' | 'postgres';

const OID_INT8 = 20;
const OID_DATE = 1082;

/**
 * bigint holds money in fen. JS numbers are exact up to 2^53 fen (≈ 90 万亿元), far above any
 * budget, so we hand out numbers; anything beyond is refused rather than silently rounded.
 */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} exceeds the safe integer range`);
  return n;
}

/** A `date` stays the 'YYYY-MM-DD' string it is: turning it into a Date would drag in a time zone. */
const parseDate = (text: string): string => text;

const kinds = new WeakMap<Kysely<Database>, DatabaseKind>();

export function databaseKind(db: Kysely<Database>): DatabaseKind {
  return kinds.get(db) ?? 'postgres';
}

/** The driver under a Kysely instance, for what Kysely does not do (COPY): see storage/bulk.ts. */
export type RawHandle = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
const raws = new WeakMap<Kysely<Database>, RawHandle>();

export function rawHandle(db: Kysely<Database>): RawHandle | undefined {
  return raws.get(db);
}

/** A Kysely instance over a PGlite client this code did not open (benchmarks, tests). */
export function wrapPglite(client: PGlite): Kysely<Database> {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  kinds.set(db, 'pglite');
  raws.set(db, { kind: 'pglite', client });
  return db;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Kysely<Database>> {
  const kind: DatabaseKind = options.url ? 'postgres' : 'pglite';
  const db = options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : await openPglite(options.dataDir, options.snapshot);
  kinds.set(db, kind);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return db;
}

function openPostgres(url: string, max: number): Kysely<Database> {
  const pool = postgresPool(url, max);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  raws.set(db, { kind: 'postgres', pool });
  return db;
}

/** A pg pool with this project's type parsers (bigint → number, date → string). */
export function postgresPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Per-pool parsers: no global mutation of the pg module, so other pools are unaffected.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return parseInt8;
        if (oid === OID_DATE) return parseDate;
        return format ? pg.types.getTypeParser(oid, format) : pg.types.getTypeParser(oid);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped (a restart, a terminated backend) is discarded by the pool;
  // without a listener its 'error' would end the process.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL pool: idle connection lost: ${error.message}`));
  return pool;
}

async function openPglite(dataDir = DEFAULT_DATA_DIR, snapshot?: Blob): Promise<Kysely<Database>> {
  let location = dataDir;
  const inMemory = dataDir === MEMORY || dataDir.startsWith('memory://');
  if (!inMemory) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
  }
  if (snapshot && !inMemory) throw new Error('a PGlite snapshot starts in-memory databases only');
  const client = await PGlite.create(location, {
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: parseDate },
    ...(snapshot ? { loadDataDir: snapshot } : {}),
  });
  return wrapPglite(client);
}

/** Brings the schema to the latest migration; throws the first failure with its migration's name. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  // Capabilities are built in parallel and their migrations may land out of name order; each is
  // independent of the others' tables, so an older name arriving later still runs.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`database migration failed${where}: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Options from the environment: DATABASE_URL selects PostgreSQL, otherwise PGlite in `dataDir`. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir?: string): DatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  return url ? { url } : { dataDir: dataDir ?? env.CEYUAN_DATA_DIR ?? DEFAULT_DATA_DIR };
}
