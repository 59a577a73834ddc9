/**
 * Applications, their decisions and objections, the ledger, payment stages, payments and the special
 * fund's budgets.
 *
 * Citus-ready: every table that belongs to an organisation carries organisation_id, its primary key
 * and unique keys start with it, and its foreign keys to other organisation tables go through
 * (organisation_id, …), so the tables can be distributed by organisation_id and co-located.
 * `budgets` belongs to no organisation: it is a reference table.
 *
 * Money is bigint fen, never negative. The ledger is append-only (a trigger refuses UPDATE and
 * DELETE): a cancelled commitment is a `reversal` entry, not an edit.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './util.ts';

const STATES = [
  'draft',
  'submitted',
  'returned',
  'accepted',
  'under_review',
  'recommended',
  'approved',
  'rejected',
  'in_notice',
  'notice_closed',
  'scheduled',
  'paying',
  'paid',
  'closed',
  'withdrawn',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table applications (
      organisation_id uuid not null references organisations (id),
      id uuid not null,
      measure_id text not null,
      document_code text not null,
      overlap_group text null,
      matter_id text not null check (length(matter_id) between 1 and 100),
      matter jsonb null,
      title text not null check (length(title) between 1 and 200),
      requested_amount bigint null check (requested_amount >= 0),
      recommended_amount bigint null check (recommended_amount > 0),
      approved_amount bigint null check (approved_amount > 0),
      attachments jsonb not null default '[]',
      state text not null check (state in (${STATES.map((s) => `'${s}'`).join(', ')})),
      version int not null default 1 check (version >= 1),
      created_by uuid not null references users (id),
      recommended_by uuid null references users (id),
      approved_by uuid null references users (id),
      submitted_on date null,
      notice_starts_on date null,
      notice_ends_on date null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (organisation_id, id)
    )`,
    'create index applications_id_idx on applications (id)',
    'create index applications_state_idx on applications (state, measure_id)',
    'create index applications_document_idx on applications (document_code, state)',
    `create table decisions (
      organisation_id uuid not null,
      id uuid not null,
      application_id uuid not null,
      step int not null check (step >= 1),
      action text not null,
      from_state text null,
      to_state text not null,
      actor_id uuid not null references users (id),
      actor_role text not null,
      reason text null,
      amount bigint null check (amount >= 0),
      catalogue_version text null,
      inputs jsonb null,
      evaluation jsonb null,
      clause jsonb null,
      detail jsonb not null default '{}',
      decided_on date not null,
      at timestamptz not null,
      primary key (organisation_id, id),
      unique (organisation_id, application_id, step),
      foreign key (organisation_id, application_id) references applications (organisation_id, id)
    )`,
    `create table objections (
      organisation_id uuid not null,
      id uuid not null,
      application_id uuid not null,
      raised_by text not null check (length(raised_by) between 1 and 200),
      text text not null check (length(text) between 1 and 4000),
      raised_on date not null,
      recorded_by uuid not null references users (id),
      status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
      resolution text null,
      resolved_by uuid null references users (id),
      resolved_at timestamptz null,
      created_at timestamptz not null,
      primary key (organisation_id, id),
      foreign key (organisation_id, application_id) references applications (organisation_id, id)
    )`,
    `create table budgets (
      fund text not null check (fund ~ '^[0-9]{3}$'),
      year int not null check (year between 2000 and 2200),
      amount bigint not null check (amount >= 0),
      updated_by uuid not null references users (id),
      updated_at timestamptz not null,
      primary key (fund, year)
    )`,
    `create table payment_stages (
      organisation_id uuid not null,
      id uuid not null,
      application_id uuid not null,
      seq int not null check (seq between 1 and 12),
      amount bigint not null check (amount > 0),
      due_on date null,
      created_at timestamptz not null,
      primary key (organisation_id, id),
      unique (organisation_id, application_id, seq),
      foreign key (organisation_id, application_id) references applications (organisation_id, id)
    )`,
    `create table payments (
      organisation_id uuid not null,
      id uuid not null,
      application_id uuid not null,
      stage_id uuid not null,
      amount bigint not null check (amount > 0),
      idempotency_key text not null check (length(idempotency_key) between 8 and 200),
      paid_on date not null,
      paid_by uuid not null references users (id),
      created_at timestamptz not null,
      primary key (organisation_id, id),
      unique (organisation_id, idempotency_key),
      unique (organisation_id, stage_id),
      foreign key (organisation_id, application_id) references applications (organisation_id, id),
      foreign key (organisation_id, stage_id) references payment_stages (organisation_id, id)
    )`,
    'create index payments_key_idx on payments (idempotency_key)',
    `create table ledger_entries (
      organisation_id uuid not null references organisations (id),
      id uuid not null,
      kind text not null check (kind in ('grant', 'reversal', 'payment')),
      application_id uuid not null,
      measure_id text not null,
      fund text not null,
      overlap_group text null,
      matter_id text not null,
      amount bigint not null check (amount > 0),
      date date not null,
      year int not null check (year between 2000 and 2200),
      reverses uuid null,
      payment_id uuid null,
      decision_id uuid null,
      recorded_at timestamptz not null,
      primary key (organisation_id, id),
      check ((kind = 'reversal') = (reverses is not null)),
      check ((kind = 'payment') = (payment_id is not null)),
      foreign key (organisation_id, application_id) references applications (organisation_id, id),
      foreign key (organisation_id, reverses) references ledger_entries (organisation_id, id),
      foreign key (organisation_id, payment_id) references payments (organisation_id, id)
    )`,
    'create unique index ledger_entries_one_reversal on ledger_entries (organisation_id, reverses)',
    'create unique index ledger_entries_one_per_payment on ledger_entries (organisation_id, payment_id)',
    'create index ledger_entries_fund_idx on ledger_entries (fund, year, kind)',
    'create index ledger_entries_application_idx on ledger_entries (organisation_id, application_id)',
    `create function ledger_entries_append_only() returns trigger language plpgsql as $$
     begin
       raise exception 'ledger_entries is append-only (% refused)', tg_op;
     end
     $$`,
    `create trigger ledger_entries_append_only before update or delete on ledger_entries
     for each row execute function ledger_entries_append_only()`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table ledger_entries',
    'drop function ledger_entries_append_only',
    'drop table payments',
    'drop table payment_stages',
    'drop table budgets',
    'drop table objections',
    'drop table decisions',
    'drop table applications',
  ]);
}
