/**
 * Local accounts, server-side sessions and the hash-chained audit trail.
 * The audit table refuses UPDATE and DELETE with a trigger: the chain makes tampering detectable,
 * the trigger makes it require DDL rights (which an application account should not have).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null,
      password_hash text not null,
      role text not null check (role in ('enterprise', 'reviewer', 'approver', 'admin', 'auditor')),
      organisation_id uuid null references organisations (id),
      disabled boolean not null default false,
      failed_attempts int not null default 0,
      locked_until timestamptz null,
      password_changed_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((role = 'enterprise') = (organisation_id is not null))
    )`,
    'create index users_organisation_idx on users (organisation_id)',
    `create table sessions (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null
    )`,
    'create index sessions_user_idx on sessions (user_id)',
    `create table audit_log (
      seq bigint primary key check (seq >= 1),
      at timestamptz not null,
      actor text not null,
      action text not null,
      subject text null,
      detail jsonb not null default '{}',
      prev_hash text not null,
      hash text not null unique
    )`,
    'create index audit_log_action_idx on audit_log (action)',
    'create index audit_log_subject_idx on audit_log (subject)',
    `create function audit_log_append_only() returns trigger language plpgsql as $$
     begin
       raise exception 'audit_log is append-only (% refused)', tg_op;
     end
     $$`,
    `create trigger audit_log_append_only before update or delete on audit_log
     for each row execute function audit_log_append_only()`,
    `create trigger audit_log_no_truncate before truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table audit_log',
    'drop function audit_log_append_only',
    'drop table sessions',
    'drop table users',
  ]);
}
