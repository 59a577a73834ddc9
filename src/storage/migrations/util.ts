import { type Kysely, sql } from 'kysely';

/**
 * Runs DDL statements one by one: PGlite's extended protocol takes a single statement per query,
 * so the same migration text works on both databases only statement by statement.
 */
export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
