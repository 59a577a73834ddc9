/**
 * Issue 15 (stored runs at the speed of the scan): the notices' index on run_id goes. No query reads
 * notices by run (the inbox reads by organisation, through the primary key; a run's figures come
 * from its own results partition), and keeping a second index up to date cost a quarter of writing
 * a million-organisation run's notices. A re-run that refreshes notices changes no key.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop index if exists screening_notices_run_idx']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['create index screening_notices_run_idx on screening_notices (run_id)']);
}
