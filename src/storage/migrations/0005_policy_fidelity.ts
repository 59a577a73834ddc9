/**
 * Policy fidelity (issue 8): "不超过 X%、最高 N" is a ceiling the officer decides within, and a
 * recommendation or approval below it needs a written reason, kept on the application beside the
 * amount (the decision row keeps it too, with the evaluation the amount was judged on).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table applications add column recommended_reason text null
       check (recommended_reason is null or length(recommended_reason) between 1 and 2000)`,
    `alter table applications add column approved_reason text null
       check (approved_reason is null or length(approved_reason) between 1 and 2000)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table applications drop column approved_reason',
    'alter table applications drop column recommended_reason',
  ]);
}
