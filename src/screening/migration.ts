/**
 * Schema of screening runs, their results and the notices inbox — migration `0004_screening` (the
 * name storage/migrations/index.ts reserves for it). It lives here, beside the code that uses it;
 * storage registers it with one line: `'0004_screening': m0004` importing this module.
 *
 * Citus-ready like the other tables: results and notices belong to an organisation (organisation_id
 * leads their keys); runs belong to none (a reference table).
 */
import type { Kysely } from 'kysely';
import { runStatements } from '../storage/migrations/util.ts';

export const SCREENING_MIGRATION = '0004_screening';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table screening_runs (
      id uuid primary key,
      screen_date date not null,
      adopt jsonb not null default '{}',
      catalogue_version text not null,
      measures jsonb not null,
      kind text not null check (kind in ('full', 'incremental')),
      base_run_id uuid null references screening_runs (id),
      changed_measures text[] not null default '{}',
      snapshot_at timestamptz not null,
      since timestamptz null,
      status text not null check (status in ('running', 'cancelled', 'completed', 'failed')),
      total int not null check (total >= 0),
      processed int not null default 0 check (processed >= 0),
      cursor uuid null,
      chunk_size int not null check (chunk_size between 1 and 1000000),
      evaluated int not null default 0,
      copied int not null default 0,
      notices int not null default 0,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz null,
      error text null
    )`,
    'create index screening_runs_created_idx on screening_runs (created_at)',
    `create table screening_results (
      organisation_id uuid not null references organisations (id) on delete cascade,
      run_id uuid not null references screening_runs (id) on delete cascade,
      measure_id text not null,
      primary key (organisation_id, run_id, measure_id)
    )`,
    'create index screening_results_run_idx on screening_results (run_id, measure_id)',
    `create table screening_notices (
      organisation_id uuid not null references organisations (id) on delete cascade,
      measure_id text not null,
      mode text not null check (mode in ('automatic', 'invitation')),
      run_id uuid not null references screening_runs (id),
      status text not null default 'new' check (status in ('new', 'read', 'confirmed', 'dismissed')),
      application_id uuid null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (organisation_id, measure_id)
    )`,
    'create index screening_notices_run_idx on screening_notices (run_id)',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table screening_notices',
    'drop table screening_results',
    'drop table screening_runs',
  ]);
}
