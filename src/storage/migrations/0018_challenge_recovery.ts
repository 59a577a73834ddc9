/**
 * Issue 11 (揭榜挂帅) gaps:
 * - The fund ledger records money due back (11·5 "records what is to be recovered in the ledger"):
 *   kind `recovery` is a receivable against the grant's fund and year, one per subject (the failed
 *   project, `challenge_project:<id>`); kind `recovered` is money actually returned, pointing at the
 *   recovery it settles (`recovers`), idempotent by its key. Both carry the clause and the note.
 *   Amounts stay positive: the kinds say which way the money goes (core/ledger.ts).
 * - A cancelled list (撤销榜单) keeps its reason and when.
 * Failed projects recorded before this migration get their recovery entry (when one was set).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

/**
 * The recovery entry of each project that failed with an amount to recover before this migration: in
 * the fund, year and matter of the application's first grant, as the service writes it (ledger-steps.ts
 * recordRecoveryDue; the challenges API test compares the two).
 */
export const RECOVERY_BACKFILL = `select p.organisation_id, gen_random_uuid(), 'recovery', p.application_id, g.measure_id,
       g.fund, g.overlap_group, g.matter_id, p.recovery_amount,
       (p.updated_at at time zone 'Asia/Shanghai')::date, g.year, 'challenge_project:' || p.id, p.measure_id,
       p.recovery_note, p.updated_at
     from challenge_projects p
     join lateral (
       select * from ledger_entries e
       where e.organisation_id = p.organisation_id and e.application_id = p.application_id and e.kind = 'grant'
       order by e.recorded_at, e.id limit 1
     ) g on true
     where p.state = 'failed' and p.recovery_amount > 0 and p.application_id is not null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table ledger_entries drop constraint ledger_entries_kind_check',
    `alter table ledger_entries add constraint ledger_entries_kind_check
       check (kind in ('grant', 'reversal', 'payment', 'recovery', 'recovered'))`,
    'alter table ledger_entries add column recovers uuid null',
    `alter table ledger_entries add column idempotency_key text null
       check (idempotency_key is null or length(idempotency_key) between 8 and 200)`,
    `alter table ledger_entries add column subject text null
       check (subject is null or length(subject) between 1 and 200)`,
    'alter table ledger_entries add column clause text null check (clause is null or length(clause) <= 500)',
    'alter table ledger_entries add column note text null check (note is null or length(note) <= 2000)',
    `alter table ledger_entries add constraint ledger_entries_recovers_check
       check ((kind = 'recovered') = (recovers is not null))`,
    `alter table ledger_entries add constraint ledger_entries_recovery_subject_check
       check (kind not in ('recovery', 'recovered') or subject is not null)`,
    `alter table ledger_entries add constraint ledger_entries_recovers_fkey
       foreign key (organisation_id, recovers) references ledger_entries (organisation_id, id)`,
    `create unique index ledger_entries_key_idx on ledger_entries (organisation_id, idempotency_key)
       where idempotency_key is not null`,
    `create unique index ledger_entries_one_recovery_idx on ledger_entries (organisation_id, subject)
       where kind = 'recovery'`,
    `insert into ledger_entries (organisation_id, id, kind, application_id, measure_id, fund, overlap_group,
       matter_id, amount, date, year, subject, clause, note, recorded_at) ${RECOVERY_BACKFILL}`,
    'alter table challenge_lists add column cancel_reason text null',
    'alter table challenge_lists add column cancelled_at timestamptz null',
    `alter table challenge_lists add constraint challenge_lists_cancel_check
       check ((state = 'cancelled') = (cancel_reason is not null))`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table challenge_lists drop constraint challenge_lists_cancel_check',
    'alter table challenge_lists drop column cancelled_at',
    'alter table challenge_lists drop column cancel_reason',
    'drop index ledger_entries_one_recovery_idx',
    'drop index ledger_entries_key_idx',
    'alter table ledger_entries drop constraint ledger_entries_recovers_fkey',
    'alter table ledger_entries drop constraint ledger_entries_recovery_subject_check',
    'alter table ledger_entries drop constraint ledger_entries_recovers_check',
    'alter table ledger_entries drop column note',
    'alter table ledger_entries drop column clause',
    'alter table ledger_entries drop column subject',
    'alter table ledger_entries drop column idempotency_key',
    'alter table ledger_entries drop column recovers',
    'alter table ledger_entries drop constraint ledger_entries_kind_check',
    `alter table ledger_entries add constraint ledger_entries_kind_check
       check (kind in ('grant', 'reversal', 'payment'))`,
  ]);
}
