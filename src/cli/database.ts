/**
 * The database a command works on: DATABASE_URL, else PGlite in --data (or CEYUAN_DATA_DIR). The
 * storage layer (PGlite, pg, Kysely, migrations) is loaded only when a command opens it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export async function openCliDatabase(dataDir?: string): Promise<{ db: Kysely<Database>; where: string }> {
  const { databaseOptionsFromEnv, openDatabase } = await import('../storage/database.ts');
  const options = databaseOptionsFromEnv(process.env, dataDir);
  const db = await openDatabase(options);
  // Never print a password that may sit in the URL.
  const where = options.url
    ? `PostgreSQL ${options.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`
    : `PGlite ${options.dataDir}`;
  return { db, where };
}
