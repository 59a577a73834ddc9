/**
 * Issue 9 (security): signed checkpoints of the audit chain's head, and payment idempotency keys
 * that mean one thing everywhere.
 *  - audit_checkpoints: (seq, hash) of the chain head at a moment, signed with the server's Ed25519
 *    key. Kept outside audit_log (and, by the server, in a file as well): a truncated or wholesale
 *    re-hashed chain no longer matches them (src/service/audit/checkpoints.ts).
 *  - payment_keys: one row per idempotency key, whichever organisation pays with it. Payments are
 *    distributed by organisation (Citus), so a key unique across organisations needs a table of its
 *    own keyed by the key (distributable by it); the payment and its key row commit together.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table audit_checkpoints (
      key_id text not null check (key_id ~ '^[0-9a-f]{16}$'),
      seq bigint not null check (seq >= 1),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      at timestamptz not null,
      signature text not null,
      primary key (key_id, seq)
    )`,
    `create table payment_keys (
      idempotency_key text primary key check (length(idempotency_key) between 8 and 200),
      organisation_id uuid not null,
      application_id uuid not null,
      stage_id uuid not null,
      payment_id uuid not null,
      created_at timestamptz not null
    )`,
    // Sign-in lockout by rate: failures count within a window that opens at the first of them.
    'alter table users add column failure_window_start timestamptz null',
    // Keys already used: the first payment made with a key keeps it (an older install could have
    // paid twice with one key across organisations; those payments stay, the key names the first).
    `insert into payment_keys (idempotency_key, organisation_id, application_id, stage_id, payment_id, created_at)
     select distinct on (idempotency_key) idempotency_key, organisation_id, application_id, stage_id, id, created_at
     from payments order by idempotency_key, created_at, id`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table users drop column failure_window_start',
    'drop table payment_keys',
    'drop table audit_checkpoints',
  ]);
}
