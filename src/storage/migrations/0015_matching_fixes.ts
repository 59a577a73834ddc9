/**
 * Issue 12 fixes: the idempotency key of the draft application made from a matched project. The key
 * is kept with the engagement that used it, unique across engagements (partial index: most have none),
 * so that a retry with the same key returns the application the first request made, and the key
 * sent for another engagement is refused instead of silently making a second draft.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table matching_interests add column application_key text null
       check (application_key is null or length(application_key) between 8 and 200)`,
    `create unique index matching_interests_application_key_idx on matching_interests (application_key)
       where application_key is not null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop index matching_interests_application_key_idx',
    'alter table matching_interests drop column application_key',
  ]);
}
